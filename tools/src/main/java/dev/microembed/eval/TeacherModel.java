package dev.microembed.eval;

import dev.microembed.teacher.OnnxTeacher;
import java.util.ArrayList;
import java.util.List;

/**
 * The transformer teacher intfloat/e5-small-v2 through ONNX Runtime ({@link OnnxTeacher}), fp32 or
 * the int8-quantised ONNX export: every text gets e5's {@code "query: "} prefix (symmetric tasks),
 * mean pooling over the attention mask, then L2 normalisation. ONNX Runtime runs with the teacher's
 * fixed 2 intra-op threads (see {@link OnnxTeacher#DEFAULT_THREADS}); its latency is therefore
 * "one calling thread", not one core. Embeddings are cached on disk by the harness.
 */
public final class TeacherModel implements EvalModel {
    static final String PREFIX = "query: ";
    private final String name;
    private final OnnxTeacher teacher;

    private TeacherModel(String name, OnnxTeacher teacher) {
        this.name = name;
        this.teacher = teacher;
    }

    public static TeacherModel fp32() {
        return new TeacherModel("e5-small-v2", OnnxTeacher.e5SmallV2());
    }

    public static TeacherModel int8() {
        return new TeacherModel("e5-small-v2-int8", OnnxTeacher.e5SmallV2Quantized());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String cacheId() {
        return name + ":query-prefix:mean:v1";
    }

    @Override
    public String description() {
        return teacher.name() + " via ONNX Runtime (" + OnnxTeacher.DEFAULT_THREADS + " intra-op threads), \"query: \" prefix, mean pooling, " + teacher.dim() + "-d";
    }

    @Override
    public float[][] embed(List<String> texts) {
        List<String> prefixed = new ArrayList<>(texts.size());
        for (String t : texts) prefixed.add(PREFIX + t);
        float[][] out = teacher.embed(prefixed);
        for (float[] v : out) FastTextModel.unit(v);
        return out;
    }

    @Override
    public void close() {
        teacher.close();
    }
}
