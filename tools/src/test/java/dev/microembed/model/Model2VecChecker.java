package dev.microembed.model;

import dev.microembed.ModelFormatException;
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

/**
 * A Model2Vec folder as MinishLab's {@code model2vec} reads and uses it, transcribed from
 * {@code model2vec/persistence/persistence.py} ({@code load_pretrained}) and {@code model2vec/model.py}
 * ({@code StaticModel.__init__}, {@code tokenize}, {@code _encode_batch}), with its own safetensors parsing and
 * float64 arithmetic, independent of the runtime's Model2VecTable: the folder layout (config.json, model.safetensors,
 * tokenizer.json), the tensor {@code embeddings} (F32/F16/I8) with optional {@code weights} and {@code mapping}, the
 * config's {@code normalize}; then {@code sentence[:512 * median_token_length]}, ids without the unk_token's,
 * the first 512, {@code mean(embedding[mapping[ids]] * weights[ids])}, and {@code x / (norm + 1e-32)}.
 * Token ids come from the runtime tokenizer (its parity with Hugging Face is tested separately).
 */
final class Model2VecChecker {
    final Map<String, Object> config;
    final String dtype;
    final int rows, dim;
    final double[] table;
    final double[] weights;
    final int[] mapping;
    final boolean normalize;
    final Tokenizer tokenizer;
    final int medianTokenLength;

    @SuppressWarnings("unchecked")
    Model2VecChecker(Path dir) throws IOException {
        for (String f : List.of("config.json", "model.safetensors", "tokenizer.json"))
            if (!Files.isRegularFile(dir.resolve(f))) throw new IllegalStateException("Model2Vec finds no " + f + " in " + dir);
        config = (Map<String, Object>) Json.parse(Files.readString(dir.resolve("config.json")));
        byte[] st = Files.readAllBytes(dir.resolve("model.safetensors"));
        ByteBuffer b = ByteBuffer.wrap(st).order(ByteOrder.LITTLE_ENDIAN);
        int n = (int) b.getLong(0);
        Map<String, Object> header = (Map<String, Object>) Json.parse(new String(st, 8, n, StandardCharsets.UTF_8));
        int data = 8 + n;
        Map<String, Object> emb = (Map<String, Object>) header.get("embeddings");
        if (emb == null) throw new IllegalStateException("Model2Vec reads the tensor \"embeddings\"; the file has " + header.keySet());
        dtype = (String) emb.get("dtype");
        List<Object> shape = (List<Object>) emb.get("shape");
        rows = ((Long) shape.get(0)).intValue();
        dim = ((Long) shape.get(1)).intValue();
        table = values(b, data, emb, rows * dim);
        Map<String, Object> w = (Map<String, Object>) header.get("weights");
        weights = w == null ? null : values(b, data, w, ((Long) ((List<Object>) w.get("shape")).get(0)).intValue());
        Map<String, Object> m = (Map<String, Object>) header.get("mapping");
        if (m != null) {
            if (!m.get("dtype").equals("I32")) throw new IllegalStateException("mapping must be I32");
            int len = ((Long) ((List<Object>) m.get("shape")).get(0)).intValue();
            long at = data + (Long) ((List<Object>) m.get("data_offsets")).get(0);
            mapping = new int[len];
            for (int i = 0; i < len; i++) mapping[i] = b.getInt((int) at + 4 * i);
        } else mapping = null;
        normalize = Boolean.TRUE.equals(config.get("normalize"));
        tokenizer = Tokenizer.load(dir.resolve("tokenizer.json"));
        if (mapping == null && rows != tokenizer.vocabSize())
            throw new IllegalStateException("Model2Vec: number of tokens (" + tokenizer.vocabSize() + ") does not match number of vectors (" + rows + ")");
        int[] lengths = new int[tokenizer.vocabSize()];
        int k = 0;
        for (int id = 0; id < lengths.length; id++) {
            String t = tokenizer.token(id);
            if (t != null) lengths[k++] = t.codePointCount(0, t.length());
        }
        Arrays.sort(lengths, 0, k);
        medianTokenLength = (int) (k % 2 == 1 ? lengths[k / 2] : (lengths[k / 2 - 1] + lengths[k / 2]) / 2.0);
    }

    @SuppressWarnings("unchecked")
    private static double[] values(ByteBuffer b, int data, Map<String, Object> t, int count) {
        long at = data + (Long) ((List<Object>) t.get("data_offsets")).get(0);
        double[] out = new double[count];
        String dtype = (String) t.get("dtype");
        for (int i = 0; i < count; i++)
            out[i] = switch (dtype) {
                case "F64" -> b.getDouble((int) at + 8 * i);
                case "F32" -> b.getFloat((int) at + 4 * i);
                case "F16" -> Float.float16ToFloat(b.getShort((int) at + 2 * i));
                case "I8" -> b.get((int) at + i);
                default -> throw new ModelFormatException(Path.of("model.safetensors"), "numpy would read " + dtype + ", not a Model2Vec table");
            };
        return out;
    }

    /** {@code StaticModel.encode([text])[0]} in float64. */
    double[] encode(String text) {
        int m = 512 * medianTokenLength;
        String cut = text.codePointCount(0, text.length()) <= m ? text : text.substring(0, text.offsetByCodePoints(0, m));
        List<Integer> ids = new ArrayList<>();
        int unk = tokenizer.unknownId(); // model.unk_token's id; a Unigram model has none
        for (int id : tokenizer.encode(cut)) if (id != unk) ids.add(id);
        if (ids.size() > 512) ids = ids.subList(0, 512);
        double[] v = new double[dim];
        if (ids.isEmpty()) return v;
        for (int id : ids) {
            int row = mapping == null ? id : mapping[id];
            double w = weights == null ? 1 : weights[id];
            for (int d = 0; d < dim; d++) v[d] += table[row * dim + d] * w;
        }
        for (int d = 0; d < dim; d++) v[d] /= ids.size();
        if (normalize) {
            double s = 0;
            for (double x : v) s += x * x;
            double norm = Math.sqrt(s) + 1e-32;
            for (int d = 0; d < dim; d++) v[d] /= norm;
        }
        return v;
    }

    static double cosine(double[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return na == 0 || nb == 0 ? (na == nb ? 1 : 0) : dot / Math.sqrt(na * nb);
    }
}
