package dev.microembed.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.microembed.Fixtures;
import dev.microembed.model.ModelFolder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tokenizer index: a tokenizer read back from it encodes exactly as the one built from tokenizer.json, answers the
 * same lookups, and a damaged, truncated, foreign or mislabelled index is ignored (the JSON is loaded instead).
 */
class TokenizerIndexTest {
    @TempDir
    Path dir;

    /** Spec texts plus random strings over ASCII, Latin-1, Cyrillic, CJK, emoji, combining marks, controls and added-token pieces. */
    static List<String> texts() throws IOException {
        List<String> texts = new ArrayList<>();
        for (String line : Files.readAllLines(Fixtures.repo().resolve("spec/test-vectors.jsonl"), StandardCharsets.UTF_8)) {
            if (!line.isBlank()) texts.add((String) ((java.util.Map<?, ?>) dev.microembed.model.Json.parse(line)).get("text"));
        }
        String[] pieces = {"a", "Z", "é", "ß", "ж", "Ω", "中", "😀", "😍", "#", "#love", "@user", "http", " ", "  ", "\t", "\n", "\u0301",
                "\u0000", "\uFFFD", "[UNK]", "[CLS]", "hello", "world", "un", "believable", "!", ",", "ﬁ", "İ", "\u200B", "ab", "aaaaaaaaaaaaaaaaaaaaa"};
        Random r = new Random(15);
        for (int i = 0; i < 2000; i++) {
            StringBuilder b = new StringBuilder();
            for (int k = r.nextInt(12); k >= 0; k--) b.append(pieces[r.nextInt(pieces.length)]);
            texts.add(b.toString());
        }
        return texts;
    }

    static void assertSame(Tokenizer expected, Tokenizer actual, List<String> texts) {
        assertEquals(expected.vocabSize(), actual.vocabSize());
        assertEquals(expected.unknownId(), actual.unknownId());
        assertEquals(expected.describe(), actual.describe());
        for (int id = -1; id <= expected.vocabSize(); id++) {
            String t = expected.token(id);
            assertEquals(t, actual.token(id), "token(" + id + ")");
            if (t != null) assertEquals(expected.id(t), actual.id(t), "id(" + t + ")");
        }
        int[] a = new int[64], b = new int[64];
        for (String text : texts) {
            assertArrayEquals(expected.encode(text), actual.encode(text), text);
            int n = expected.encode(text, a, true);
            assertEquals(n, actual.encode(text, b, true), text);
            for (int i = 0; i < n; i++) assertEquals(a[i], b[i], text);
        }
    }

    @Test
    void theShippedTokenizerReadBackEncodesTheSame() throws IOException {
        Path json = Fixtures.vocab().resolve(ModelFolder.TOKENIZER);
        String sha = ModelFolder.sha256(json);
        Tokenizer fromJson = Tokenizer.load(json);
        Path index = TokenizerIndex.file(dir, sha);
        assertNull(TokenizerIndex.read(index, sha), "no index yet");
        Tokenizer written = Tokenizer.load(json, sha, dir);
        assertTrue(Files.isRegularFile(index), "the first load writes the index");
        Tokenizer readBack = TokenizerIndex.read(index, sha);
        assertNotNull(readBack);
        List<String> texts = texts();
        assertSame(fromJson, written, texts);
        assertSame(fromJson, readBack, texts);
        assertSame(fromJson, Tokenizer.load(json, sha, dir), texts.subList(0, 50));
    }

    @Test
    void smallFixturesWithAddedTokensReadBackTheSame() throws IOException {
        for (String name : new String[] {"small-uncased-added.json", "small-uncased.json", "small-cased.json"}) {
            Path json = Fixtures.tokenizer(name);
            String sha = ModelFolder.sha256(json);
            Tokenizer fromJson = Tokenizer.load(json);
            Tokenizer.load(json, sha, dir);
            Tokenizer readBack = TokenizerIndex.read(TokenizerIndex.file(dir, sha), sha);
            assertNotNull(readBack, name);
            assertSame(fromJson, readBack, texts());
        }
    }

    @Test
    void damagedTruncatedOrMislabelledIndexIsIgnored() throws IOException {
        Path json = Fixtures.tokenizer("small-uncased-added.json");
        String sha = ModelFolder.sha256(json);
        Tokenizer fromJson = Tokenizer.load(json);
        Path index = TokenizerIndex.file(dir, sha);
        Tokenizer.load(json, sha, dir);
        byte[] good = Files.readAllBytes(index);
        assertNotNull(TokenizerIndex.read(index, sha));

        String otherSha = "0".repeat(64);
        Files.write(TokenizerIndex.file(dir, otherSha), good);
        assertNull(TokenizerIndex.read(TokenizerIndex.file(dir, otherSha), otherSha), "an index names the sha256 it was built from");

        for (int at : new int[] {0, 30, good.length / 2, good.length - 1}) {
            byte[] bad = good.clone();
            bad[at] ^= 0x10;
            Files.write(index, bad);
            assertNull(TokenizerIndex.read(index, sha), "flipped bit at " + at);
            // a load through the damaged index still gives the JSON's tokenizer, and repairs the index
            assertSame(fromJson, Tokenizer.load(json, sha, dir), texts().subList(0, 200));
            assertArrayEquals(good, Files.readAllBytes(index), "rewritten after damage at " + at);
        }
        Files.write(index, java.util.Arrays.copyOf(good, good.length - 7));
        assertNull(TokenizerIndex.read(index, sha), "truncated");
        byte[] longer = java.util.Arrays.copyOf(good, good.length + 1);
        Files.write(index, longer);
        assertNull(TokenizerIndex.read(index, sha), "trailing byte");
        Files.write(index, new byte[0]);
        assertNull(TokenizerIndex.read(index, sha), "empty");
    }

    @Test
    void unigramPipelineIsNotIndexedAndAnUnwritableFolderOnlyCostsTheJson() throws IOException {
        Path json = Fixtures.model2vec("tokenizers").resolve("spm-unigram-4k.json");
        String sha = ModelFolder.sha256(json);
        Tokenizer t = Tokenizer.load(json, sha, dir);
        assertEquals(Tokenizer.load(json).describe(), t.describe());
        assertFalse(Files.exists(TokenizerIndex.file(dir, sha)), "the general pipeline has no index");

        Path notADir = dir.resolve("file");
        Files.writeString(notADir, "x");
        Path bert = Fixtures.tokenizer("small-uncased-added.json");
        Tokenizer viaBrokenCache = Tokenizer.load(bert, ModelFolder.sha256(bert), notADir);
        assertSame(Tokenizer.load(bert), viaBrokenCache, texts().subList(0, 100));
    }
}
