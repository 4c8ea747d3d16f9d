package dev.microembed.eval;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Model names accepted by {@code --models}, and how to build each one. A model that cannot run on
 * this machine (no float table in the folder, no fasttext tool) is skipped with a reason instead of
 * failing the run.
 * <pre>
 *   microembed[:DIR]      int8 static model (default DIR: vocab/ of the checkout)
 *   microembed-f32[:DIR]  the same model's float table embeddings-f32.safetensors, when the folder has it
 *   e5-small-v2           teacher, fp32 ONNX          e5-small-v2-int8   teacher, int8 ONNX
 *   bm25                  Lucene BM25                 fasttext           averaged fastText vectors
 *   all                   every model above
 * </pre>
 */
public final class ModelRegistry {
    public static final List<String> ALL = List.of("microembed", "microembed-f32", "e5-small-v2", "e5-small-v2-int8", "bm25", "fasttext");

    /** Where models find their files. */
    public record Context(Path root, Path sharedData, Path cacheDir, Consumer<String> log) {
        Path defaultModel() {
            String p = System.getProperty("microembed.model");
            return p != null ? Path.of(p) : root.resolve("vocab");
        }
    }

    /** Thrown when a model is not available here; the run goes on without it. */
    public static final class Skip extends Exception {
        public Skip(String reason) {
            super(reason);
        }
    }

    private ModelRegistry() {}

    public static List<String> expand(String list) {
        List<String> out = new ArrayList<>();
        for (String s : list.split(",")) {
            s = s.strip();
            if (s.isEmpty()) continue;
            if (s.equals("all")) out.addAll(ALL);
            else out.add(s);
        }
        return out;
    }

    public static EvalModel create(String spec, Context ctx) throws Exception {
        int colon = spec.indexOf(':');
        String kind = colon < 0 ? spec : spec.substring(0, colon);
        Path dir = colon < 0 ? null : Path.of(spec.substring(colon + 1));
        return switch (kind) {
            case "microembed" -> {
                Path d = dir != null ? dir : ctx.defaultModel();
                if (!Files.isRegularFile(d.resolve("config.json"))) throw new Skip("no model folder at " + d);
                yield MicroembedModel.int8(d, label(spec, "microembed-int8", dir));
            }
            case "microembed-f32" -> {
                Path d = dir != null ? dir : ctx.defaultModel();
                if (!Files.isRegularFile(d.resolve("config.json"))) throw new Skip("no model folder at " + d);
                if (!Files.isRegularFile(d.resolve(MicroembedModel.F32_FILE))) {
                    throw new Skip("no " + MicroembedModel.F32_FILE + " in " + d);
                }
                yield MicroembedModel.f32(d, label(spec, "microembed-f32", dir));
            }
            case "e5-small-v2", "e5" -> TeacherModel.fp32();
            case "e5-small-v2-int8", "e5-int8" -> TeacherModel.int8();
            case "bm25" -> new Bm25Model();
            case "fasttext" -> {
                FastTextModel m = FastTextModel.load(ctx.sharedData(), ctx.cacheDir(), ctx.log());
                if (m == null) throw new Skip("the fasttext tool is not installed (apt-get install fasttext)");
                yield m;
            }
            default -> throw new IllegalArgumentException("unknown model '" + spec + "'; known: " + String.join(", ", ALL)
                    + " (microembed and microembed-f32 take :DIR)");
        };
    }

    private static String label(String spec, String base, Path dir) {
        if (dir == null) return base;
        Path name = dir.toAbsolutePath().normalize().getFileName();
        return base + "[" + (name == null ? dir : name) + "]";
    }
}
