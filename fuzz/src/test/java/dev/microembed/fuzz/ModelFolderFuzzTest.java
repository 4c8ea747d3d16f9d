package dev.microembed.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.microembed.Microembed;
import dev.microembed.ModelFormatException;
import dev.microembed.model.ModelFolder;
import dev.microembed.pool.PoolKernel;
import dev.microembed.pool.PoolKernels;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;

/**
 * Mutated real model folders (the committed fixtures: config.json, tokenizer.json and model.safetensors packed
 * into one input, see {@link FuzzSupport#packFolder}) through {@link Microembed#load}. With bit 0 of the first
 * byte set, config.json's sizes and sha256 are rewritten to match the mutated files so the mutation reaches the
 * parsers behind the checksum. Loading either fails with {@link ModelFormatException} naming a file of the folder,
 * or gives a model whose embeddings (SIMD and scalar kernel alike, bit for bit) keep the contract.
 */
@Tag("heavy")
class ModelFolderFuzzTest {
    private static final Path DIR = FuzzSupport.scratch("model-folder");
    private static final PoolKernel SCALAR = PoolKernels.scalar();
    private static final String[] TEXTS = {"", "hello world", "Der Hund schläft 🐶 #love", "unbelievable running", "你好 ümlaut [UNK]"};

    @FuzzTest
    void fuzz(byte[] data) {
        if (data.length == 0) return;
        byte[][] f = FuzzSupport.unpackFolder(java.util.Arrays.copyOfRange(data, 1, data.length));
        byte[] config = (data[0] & 1) == 1 ? FuzzSupport.withChecksums(f[0], f[1], f[2]) : f[0];
        FuzzSupport.write(DIR.resolve(ModelFolder.CONFIG), config);
        FuzzSupport.write(DIR.resolve(ModelFolder.TOKENIZER), f[1]);
        FuzzSupport.write(DIR.resolve(ModelFolder.MODEL), f[2]);
        Microembed fast, scalar;
        try {
            fast = Microembed.load(DIR);
        } catch (ModelFormatException e) {
            if (e.file() == null || !e.file().toAbsolutePath().startsWith(DIR)) throw new AssertionError("the exception names " + e.file(), e);
            FuzzSupport.checkRejection(e);
            return;
        }
        try (fast; Microembed s = Microembed.load(DIR, SCALAR)) {
            scalar = s;
            for (String text : TEXTS) {
                float[] a = fast.embed(text), b = scalar.embed(text);
                FuzzSupport.checkVector(a, fast.dim(), text);
                if (!java.util.Arrays.equals(a, b)) throw new AssertionError("SIMD and scalar kernels differ on " + FuzzSupport.escape(text));
            }
        }
    }
}
