package dev.microembed.fuzz;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.TokenizersLibrary;
import dev.microembed.Microembed;
import dev.microembed.model.Json;
import dev.microembed.pool.PoolKernels;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Differential: the same mutated texts through the runtime's tokenizer and the reference (Hugging Face tokenizers
 * via DJL, special tokens off) must give identical ids; the runtime's SIMD and scalar kernels identical bits; and
 * the texts, ids and vector bytes go to {@code target/fuzz/differential.jsonl}, which
 * {@code web/wasm-port/fuzz/differential.mjs} checks against the WASM port (run-fuzz.sh runs both).
 * System property fuzz.differential.texts sets the count (10,000 by default; run-fuzz.sh passes 100,000), fuzz.seed the mutation seed.
 */
@Tag("heavy")
class DifferentialTest {
    @Test
    void javaMatchesTheReferenceAndWritesTheWasmCheck() throws IOException {
        int count = Integer.getInteger("fuzz.differential.texts", 10_000);
        long seed = Long.getLong("fuzz.seed", 20261203L);
        Path out = Path.of("target", "fuzz", "differential.jsonl").toAbsolutePath();
        Files.createDirectories(out.getParent());
        TextMutator texts = new TextMutator(seed);
        Path tokenizerJson = FuzzSupport.vocab().resolve("tokenizer.json");
        int mismatches = 0;
        String firstMismatch = null;
        try (Microembed fast = Microembed.load(FuzzSupport.vocab());
             Microembed scalar = Microembed.load(FuzzSupport.vocab(), PoolKernels.scalar());
             HuggingFaceTokenizer ref = HuggingFaceTokenizer.builder().optTokenizerPath(tokenizerJson)
                     .optAddSpecialTokens(false).optTruncation(false).optPadding(false).build();
             BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            ByteBuffer bytes = ByteBuffer.allocate(4 * fast.dim()).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < count; i++) {
                String text = texts.next();
                int[] ids = fast.tokenizer().encode(text);
                int[] expected = referenceIds(ref, text);
                if (!Arrays.equals(expected, ids)) {
                    if (mismatches++ == 0) firstMismatch = FuzzSupport.escape(text) + "\n ref  " + Arrays.toString(expected) + "\n ours " + Arrays.toString(ids);
                }
                float[] v = fast.embed(text);
                assertArrayEquals(scalar.embed(text), v, () -> "SIMD and scalar kernels differ on " + FuzzSupport.escape(text));
                bytes.clear();
                for (float x : v) bytes.putFloat(x);
                Map<String, Object> rec = new LinkedHashMap<>();
                rec.put("text", text);
                rec.put("ids", ids);
                rec.put("vector", Base64.getEncoder().encodeToString(bytes.array()));
                w.write(Json.write(rec, false));
                w.write('\n');
            }
        }
        System.out.printf("differential: %d fuzzed texts, ids vs the reference tokenizer: %d mismatches; file %s%n", count, mismatches, out);
        String first = firstMismatch;
        assertEquals(0, mismatches, () -> "the runtime's ids differ from the reference on " + first);
    }

    /** The reference's ids straight from DJL's JNI layer (DJL's Encoding would also build token strings and spans). */
    static int[] referenceIds(HuggingFaceTokenizer ref, String text) {
        long handle = TokenizersLibrary.LIB.encode(ref.getHandle(), text, false);
        try {
            long[] ids = TokenizersLibrary.LIB.getTokenIds(handle);
            int[] r = new int[ids.length];
            for (int i = 0; i < ids.length; i++) r[i] = (int) ids[i];
            return r;
        } finally {
            TokenizersLibrary.LIB.deleteEncoding(handle);
        }
    }
}
