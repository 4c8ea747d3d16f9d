package dev.microembed.model;

import static org.junit.jupiter.api.Assertions.*;

import dev.microembed.Fixtures;
import dev.microembed.Microembed;
import dev.microembed.pool.PoolKernels;
import dev.microembed.tokenizer.Tokenizer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The committed Model2Vec folders (written by the tools: exports of {@code tiny} in F32, I8 and vocabulary-quantised
 * F16, and a Unigram/Precompiled tokenizer with an F16 table) load, give vectors equal to a float64 transcription of
 * Model2Vec's encode to 1e-6 ({@code MainTest} runs {@code microembed similarity --model DIR A B} on them).
 */
public class Model2VecFixturesTest {
    static final List<String> TEXTS = List.of("i love this movie 😍", "The dog is sleeping", "Der Hund schläft 🐶",
            "  Ｆｕｌｌｗｉｄｔｈ  ﬁ spaces   here  ", "lol smh #blessed 👍", "", "<s> control </s>", "日本語のテキスト", "x".repeat(5000) + " the cat");

    /** Model2Vec's StaticModel.encode in float64, over the folder's own bytes (safetensors parsed here, not by the runtime). */
    @SuppressWarnings("unchecked")
    public static double[] reference(Path dir, Tokenizer tok, String text) throws IOException {
        Map<String, Object> config = (Map<String, Object>) Json.parse(Files.readString(dir.resolve("config.json")));
        byte[] st = Files.readAllBytes(dir.resolve("model.safetensors"));
        ByteBuffer b = ByteBuffer.wrap(st).order(ByteOrder.LITTLE_ENDIAN);
        int n = (int) b.getLong(0);
        Map<String, Object> header = (Map<String, Object>) Json.parse(new String(st, 8, n, StandardCharsets.UTF_8));
        Map<String, Object> emb = (Map<String, Object>) header.get("embeddings");
        int dim = ((Long) ((List<Object>) emb.get("shape")).get(1)).intValue();
        int[] lengths = new int[tok.vocabSize()];
        int k = 0;
        for (int id = 0; id < lengths.length; id++) if (tok.token(id) != null) lengths[k++] = tok.token(id).codePointCount(0, tok.token(id).length());
        Arrays.sort(lengths, 0, k);
        int median = (int) (k % 2 == 1 ? lengths[k / 2] : (lengths[k / 2 - 1] + lengths[k / 2]) / 2.0);
        int m = 512 * median;
        String cut = text.codePointCount(0, text.length()) <= m ? text : text.substring(0, text.offsetByCodePoints(0, m));
        List<Integer> ids = new ArrayList<>();
        for (int id : tok.encode(cut)) if (id != tok.unknownId()) ids.add(id);
        if (ids.size() > 512) ids = ids.subList(0, 512);
        double[] v = new double[dim];
        if (ids.isEmpty()) return v;
        for (int id : ids) {
            int row = header.containsKey("mapping") ? (int) element(b, 8 + n, (Map<String, Object>) header.get("mapping"), id) : id;
            double w = header.containsKey("weights") ? element(b, 8 + n, (Map<String, Object>) header.get("weights"), id) : 1;
            for (int d = 0; d < dim; d++) v[d] += element(b, 8 + n, emb, row * dim + d) * w;
        }
        for (int d = 0; d < dim; d++) v[d] /= ids.size();
        if (Boolean.TRUE.equals(config.get("normalize"))) {
            double s = 0;
            for (double x : v) s += x * x;
            for (int d = 0; d < dim; d++) v[d] /= Math.sqrt(s) + 1e-32;
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    static double element(ByteBuffer b, int data, Map<String, Object> t, int i) {
        int at = data + ((Long) ((List<Object>) t.get("data_offsets")).get(0)).intValue();
        return switch ((String) t.get("dtype")) {
            case "F64" -> b.getDouble(at + 8 * i);
            case "F32" -> b.getFloat(at + 4 * i);
            case "F16" -> Float.float16ToFloat(b.getShort(at + 2 * i));
            case "I8" -> b.get(at + i);
            case "I32" -> b.getInt(at + 4 * i);
            default -> throw new IllegalStateException((String) t.get("dtype"));
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"wordpiece-f32", "wordpiece-i8", "wordpiece-vocab-quantised", "unigram-f16"})
    void vectorsEqualModel2VecArithmetic(String name) throws IOException {
        Path dir = Fixtures.model2vec(name);
        for (var kernel : List.of(PoolKernels.best(), PoolKernels.scalar()))
            try (Microembed m = Microembed.load(dir, kernel)) {
                assertTrue(m.model().isModel2Vec());
                for (String t : TEXTS) {
                    double[] want = reference(dir, m.tokenizer(), t);
                    float[] got = m.embed(t);
                    for (int d = 0; d < got.length; d++) assertEquals(want[d], got[d], 1e-6, name + " on \"" + t + "\"");
                }
            }
    }

    public static double cosine(double[] a, double[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    @org.junit.jupiter.api.Test
    void unigramKeepsItsUnknownIdsAsModel2VecDoes() {
        try (Microembed m = Microembed.load(Fixtures.model2vec("unigram-f16"))) {
            int[] ids = new int[512];
            int n = m.poolingIds("🐶", ids);
            assertEquals(List.of(3, 0), Arrays.stream(ids, 0, n).boxed().toList(), "▁ and <unk>: Unigram has no unk_token to drop");
        }
    }
}
