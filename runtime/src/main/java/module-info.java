/**
 * The microembed runtime: JDK only. The Vector API is optional ({@code requires static}): with
 * {@code --add-modules jdk.incubator.vector} the SIMD pooling kernel is used, without it the scalar twin.
 */
module dev.microembed {
    requires static jdk.incubator.vector;
    requires java.management; // the bench command's CPU and heap figures

    exports dev.microembed;
    // Exported only because types of these packages appear in the public signatures of dev.microembed.Microembed:
    // tokenizer() returns tokenizer.Tokenizer, model() returns model.ModelFolder (whose pooler() returns
    // pool.Pooler), load(Path, PoolKernel) takes a pool.PoolKernel. The command line (dev.microembed.cli) is not exported.
    exports dev.microembed.model;
    exports dev.microembed.pool;
    exports dev.microembed.tokenizer;
}
