package dev.microembed.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Token ids equal the reference's on every line of text under shared/data. Heavy tier (native reference, ../shared). */
@Tag("heavy")
class CorpusParityTest {

    @Test
    void casedMbertWithEmojiAddedTokens() throws Exception {
        assumeTrue(java.nio.file.Files.exists(TestTokenizers.mbertVocab()), "shared mBERT vocabulary absent");
        compare("mBERT cased + emoji", TestTokenizers.mbertJson());
    }

    /** The shipped model's tokenizer (mBERT cased + emoji, hashtag and slang words as added tokens). */
    @Test
    void shippedModelTokenizer() throws Exception {
        java.nio.file.Path file = java.nio.file.Path.of(System.getProperty("microembed.root", ".")).resolve("vocab/tokenizer.json");
        assumeTrue(java.nio.file.Files.exists(file), "no vocab/tokenizer.json in the working directory");
        compare("shipped vocab/tokenizer.json", java.nio.file.Files.readString(file));
    }

    @Test
    void uncasedE5() throws Exception {
        String json = TestTokenizers.e5Json();
        assumeTrue(json != null, "e5-small-v2 jar absent from ~/.m2: " + TestTokenizers.e5Jar());
        compare("e5-small-v2 uncased", json);
    }

    /** SentencePiece unigram models trained on the shared corpora and converted by the tools (committed runtime fixtures). */
    @Test
    void sentencePieceUnigram() throws Exception {
        compare("spm unigram 4k nmt_nfkc", TestTokenizers.fixtureJson("spm-unigram-4k"));
        compare("spm unigram 2k byte fallback nmt_nfkc_cf", TestTokenizers.fixtureJson("spm-unigram-2k-byte-fallback"));
    }

    private static void compare(String name, String json) throws Exception {
        long t0 = System.nanoTime();
        List<String> lines = TestTokenizers.corpusLines();
        assumeTrue(!lines.isEmpty(), "no text under " + TestTokenizers.shared());
        Tokenizer ours = Tokenizer.fromJson(json);
        List<String> failures = new ArrayList<>();
        int compared = 0;
        long tokens = 0;
        try (HuggingFaceTokenizer ref = TestTokenizers.reference(json)) {
            int batch = 1000;
            for (int from = 0; from < lines.size(); from += batch) {
                List<String> chunk = lines.subList(from, Math.min(lines.size(), from + batch));
                int[][] expected = TestTokenizers.referenceIds(ref, chunk);
                for (int i = 0; i < chunk.size(); i++) {
                    String line = chunk.get(i);
                    int[] actual = ours.encode(line);
                    compared++;
                    tokens += expected[i].length;
                    if (!Arrays.equals(expected[i], actual) && failures.size() < 20)
                        failures.add(line + "\n  expected " + Arrays.toString(ref.encode(line, false, false).getTokens())
                                + "\n  actual   " + ours.tokens(line));
                }
            }
        }
        System.out.printf("tokenizer parity [%s]: %d lines compared, %d tokens, %d mismatching (%.1f s)%n", name, compared, tokens,
                failures.size(), (System.nanoTime() - t0) / 1e9);
        failures.forEach(f -> System.out.println("MISMATCH " + f));
        assertEquals(List.of(), failures, name);
    }
}
