package dev.microembed.distill;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.microembed.model.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A model's {@code tokenizer.json} run by Hugging Face tokenizers itself (through DJL's binding): the
 * reference implementation the runtime tokenizer must match. No special tokens are added. Used for corpus
 * counts and for scoring float tables during distillation.
 */
public final class HfTokenizer implements AutoCloseable {
    private static final int CHUNK = 4096;
    private final HuggingFaceTokenizer tok;
    private final int unknownId, vocabSize;

    private HfTokenizer(String json) {
        try {
            tok = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                    Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int unk = -1, max = -1;
        Map<?, ?> root = (Map<?, ?>) Json.parse(json);
        Map<?, ?> vocab = (Map<?, ?>) ((Map<?, ?>) root.get("model")).get("vocab");
        for (Map.Entry<?, ?> e : vocab.entrySet()) {
            int id = ((Number) e.getValue()).intValue();
            max = Math.max(max, id);
            if ("[UNK]".equals(e.getKey())) unk = id;
        }
        Object added = root.get("added_tokens");
        if (added instanceof List<?> l) for (Object o : l) max = Math.max(max, ((Number) ((Map<?, ?>) o).get("id")).intValue());
        unknownId = unk;
        vocabSize = max + 1;
    }

    public static HfTokenizer fromJson(String json) { return new HfTokenizer(json); }

    public static HfTokenizer load(Path file) throws IOException { return new HfTokenizer(Files.readString(file)); }

    public int unknownId() { return unknownId; }
    public int vocabSize() { return vocabSize; }

    /** All ids of a text, unknown ones included. */
    public int[] encode(String text) {
        return toInt(tok.encode(text, false, false).getIds());
    }

    /** Ids of many texts (batched through the native library). */
    public List<int[]> encodeAll(List<String> texts) {
        List<int[]> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i += CHUNK) {
            Encoding[] enc = tok.batchEncode(texts.subList(i, Math.min(texts.size(), i + CHUNK)), false, false);
            for (Encoding e : enc) out.add(toInt(e.getIds()));
        }
        return out;
    }

    /** Ids as the runtime uses them: unknown ids dropped, at most {@code max} ids. */
    public int[] modelIds(int[] ids, int max) {
        int n = 0;
        int[] out = new int[Math.min(ids.length, max)];
        for (int id : ids) {
            if (id == unknownId) continue;
            if (n == out.length) break;
            out[n++] = id;
        }
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }

    private static int[] toInt(long[] ids) {
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) out[i] = (int) ids[i];
        return out;
    }

    @Override
    public void close() { tok.close(); }
}
