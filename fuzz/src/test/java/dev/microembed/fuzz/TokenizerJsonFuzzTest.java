package dev.microembed.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.microembed.ModelFormatException;
import dev.microembed.tokenizer.Tokenizer;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;

/**
 * Mutated real tokenizer.json files (small WordPiece vocabularies cut from the committed fixtures, seeds under
 * TokenizerJsonFuzzTestInputs) through {@link Tokenizer#load}: it either loads a tokenizer that then encodes
 * without throwing and only in-range ids, or throws {@link ModelFormatException} naming the file.
 */
@Tag("heavy")
class TokenizerJsonFuzzTest {
    private static final Path FILE = FuzzSupport.scratch("tokenizer-json").resolve("tokenizer.json");
    private static final String[] TEXTS = {"", "Hello, world!", "Der Hund schläft 🐶 #love", "ĆÀ Ŝǩ ǰ 你好 ٱلعربية",
            "unbelievable runningly [UNK] [CLS]", "a\u0000b\ud800c \u00ad\u200b x"};

    @FuzzTest
    void fuzz(byte[] data) {
        FuzzSupport.write(FILE, data);
        Tokenizer tokenizer;
        try {
            tokenizer = Tokenizer.load(FILE);
        } catch (ModelFormatException e) {
            if (!FILE.equals(e.file())) throw new AssertionError("the exception names " + e.file() + ", not the tokenizer file", e);
            FuzzSupport.checkRejection(e);
            return;
        }
        int[] out = new int[64];
        for (String text : TEXTS) {
            for (int id : tokenizer.encode(text))
                if (id < 0 || id >= tokenizer.vocabSize()) throw new AssertionError("id " + id + " out of range " + tokenizer.vocabSize());
            tokenizer.encode(text, out, true);
        }
    }
}
