package dev.microembed.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.microembed.Microembed;
import dev.microembed.tokenizer.Tokenizer;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;

/**
 * Any text through the shipped model's tokenizer and pooling. The tokenizer promises never to throw, to run in
 * linear time (the 1 s per-input limit catches a hang) and to stop when the output is full; every id must be
 * in range, a short output must hold a prefix of the full one, and the embedding must be unit length or zero.
 */
@Tag("heavy")
class TokenizerTextFuzzTest {
    private static final Microembed MODEL = Microembed.load(FuzzSupport.vocab());
    private static final Tokenizer TOKENIZER = MODEL.tokenizer();
    private static final int[] SHORT = new int[7];
    private static final float[] VECTOR = new float[MODEL.dim()];

    @FuzzTest
    void fuzz(byte[] data) {
        String text = FuzzSupport.decodeText(data);
        int[] ids = TOKENIZER.encode(text);
        for (int id : ids)
            if (id < 0 || id >= TOKENIZER.vocabSize()) throw new AssertionError("id " + id + " out of range for " + FuzzSupport.escape(text));
        int n = TOKENIZER.encode(text, SHORT, false);
        if (n != Math.min(ids.length, SHORT.length) || !Arrays.equals(SHORT, 0, n, ids, 0, n))
            throw new AssertionError("a 7-id output is not the prefix of the full output for " + FuzzSupport.escape(text));
        MODEL.embed(text, VECTOR);
        FuzzSupport.checkVector(VECTOR, MODEL.dim(), text);
        boolean known = false;
        for (int id : ids) known |= id != TOKENIZER.unknownId();
        boolean zero = true;
        for (float x : VECTOR) zero &= x == 0;
        if (!known && !zero) throw new AssertionError("no known token but a non-zero vector for " + FuzzSupport.escape(text));
    }
}
