package dev.microembed.distill;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The optional training stage (owned by the "train" helper): calls
 * {@code dev.microembed.train.TrainStage.run(Path workDir, Map<String,Object> trainConfig, boolean resume)} by
 * reflection, so the pipeline compiles without it. It reads the artifacts of stages 1–4 and writes
 * {@code trained-embeddings.safetensors}, which quantisation then prefers.
 */
public final class TrainStageHook implements Stage {
    static final String CLASS = "dev.microembed.train.TrainStage";

    @Override public String name() { return "train"; }

    @Override public List<String> outputs() { return List.of("trained-embeddings.safetensors"); }

    @Override
    public void run(Workspace ws, boolean resume) throws Exception {
        Method m;
        try {
            m = Class.forName(CLASS).getMethod("run", Path.class, Map.class, boolean.class);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            throw new IllegalStateException("the config has a \"train\" section but " + CLASS
                    + ".run(Path, Map, boolean) is not on the classpath (merge the train branch, or remove \"train\")");
        }
        try {
            m.invoke(null, ws.dir(), ws.config().section("train"), resume);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception ex) throw ex;
            throw e;
        }
        if (!ws.exists("trained-embeddings.safetensors"))
            throw new IllegalStateException(CLASS + " finished without writing trained-embeddings.safetensors");
    }
}
