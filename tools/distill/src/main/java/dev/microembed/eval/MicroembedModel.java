package dev.microembed.eval;

import java.nio.file.Path;

/** Stand-in until the runtime API (branch h-rt) is merged; replaced by the real adapter. */
public final class MicroembedModel {
    public static final String F32_FILE = "embeddings-f32.safetensors";

    public static EvalModel int8(Path dir, String name) throws ModelRegistry.Skip {
        throw new ModelRegistry.Skip("runtime API dev.microembed.Microembed not merged yet");
    }

    public static EvalModel f32(Path dir, String name) throws ModelRegistry.Skip {
        throw new ModelRegistry.Skip("runtime API dev.microembed.Microembed not merged yet");
    }
}
