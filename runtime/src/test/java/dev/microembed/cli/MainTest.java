package dev.microembed.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.microembed.Fixtures;
import dev.microembed.model.Json;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    record Result(int code, String out, String err) {}

    static Result run(String stdin, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(List.of(args), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    static String model() {
        return Fixtures.tiny().toString();
    }

    /** {@code similarity --model DIR A B} on each committed Model2Vec folder equals the float64 Model2Vec reference. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"wordpiece-f32", "wordpiece-i8", "wordpiece-vocab-quantised", "unigram-f16"})
    void similarityOnModel2VecFolders(String name) throws Exception {
        Path dir = Fixtures.model2vec(name);
        Result r = run("", "similarity", "--model", dir.toString(), "i love this movie", "the dog is sleeping");
        assertEquals(0, r.code, r.err);
        try (dev.microembed.Microembed m = dev.microembed.Microembed.load(dir)) {
            double want = dev.microembed.model.Model2VecFixturesTest.cosine(
                    dev.microembed.model.Model2VecFixturesTest.reference(dir, m.tokenizer(), "i love this movie"),
                    dev.microembed.model.Model2VecFixturesTest.reference(dir, m.tokenizer(), "the dog is sleeping"));
            assertEquals(want, Double.parseDouble(r.out.strip()), 1e-4, r.out);
        }
    }

    @Test
    void searchPrintsTopKWithCosine(@TempDir Path tmp) throws Exception {
        Path corpus = tmp.resolve("corpus.txt");
        Files.writeString(corpus, "the cat\na great movie\nhello world\ni hate this film\n\nthe dog\n");
        Result r = run("", "search", "--model", model(), "--query", "hello world", "--corpus", corpus.toString(), "-k", "2");
        assertEquals(0, r.code, r.err);
        String[] lines = r.out.strip().split("\n");
        assertEquals(3, lines.length, r.out);
        assertTrue(lines[1].startsWith("1\t1.0000\t3\thello world"), lines[1]);
        assertTrue(lines[2].startsWith("2\t"), lines[2]);
    }

    @Test
    void similarityEmbedTokenize() {
        Result s = run("", "similarity", "--model", model(), "the cat", "the cat");
        assertEquals(0, s.code, s.err);
        assertEquals(1.0, Double.parseDouble(s.out.strip()), 1e-6);

        Result j = run("the cat\n\nhello 😀\n", "embed", "--model", model());
        assertEquals(0, j.code, j.err);
        String[] lines = j.out.strip().split("\n");
        assertEquals(3, lines.length);
        Map<?, ?> first = (Map<?, ?>) Json.parse(lines[0]);
        assertEquals("the cat", first.get("text"));
        assertEquals(64, ((List<?>) first.get("vector")).size());

        Result t = run("a b\n", "embed", "--format", "tsv", "--model", model());
        assertEquals(0, t.code, t.err);
        assertEquals(64, t.out.strip().split("\t").length);

        Result k = run("", "tokenize", "--model", model(), "the cats ЖЖ 😀");
        assertEquals(0, k.code, k.err);
        assertTrue(k.out.contains("the\t"), k.out);
        assertTrue(k.out.contains("##s\t"), k.out);
        assertTrue(k.out.contains("(unknown, dropped)"), k.out);
        assertTrue(k.out.contains("😀\t"), k.out);
    }

    @Test
    void benchEndsWithTheMachineReadableLine(@TempDir Path tmp) throws Exception {
        Path input = tmp.resolve("in.txt");
        Files.writeString(input, "the cat\nhello world 😀\n");
        Result r = run("", "bench", "--model", model(), "--input", input.toString(), "--seconds", "0.2", "--warmup", "0.1");
        assertEquals(0, r.code, r.err);
        String[] lines = r.out.strip().split("\n");
        assertTrue(lines[lines.length - 1].matches("bench p50_us=[0-9.]+ p99_us=[0-9.]+ texts_per_s=[0-9]+ model_heap_mb=[0-9.]+"), lines[lines.length - 1]);
    }

    @Test
    void exitCodes(@TempDir Path tmp) {
        assertEquals(2, run("").code);
        assertEquals(0, run("", "--help").code);
        assertEquals(0, run("", "search", "--help").code);
        assertEquals(2, run("", "frobnicate").code);
        assertEquals(2, run("", "search", "--query", "x").code, "missing --corpus");
        assertEquals(2, run("", "search", "--query", "x", "--corpus", "c", "-k", "zero").code);
        assertEquals(2, run("", "similarity", "--model", model(), "only one").code);
        assertEquals(2, run("", "embed", "--format", "xml", "--model", model()).code);
        assertEquals(2, run("", "tokenize", "--model", model(), "--weird", "x").code);
        Result missingCorpus = run("", "search", "--model", model(), "--query", "x", "--corpus", tmp.resolve("nope.txt").toString());
        assertEquals(1, missingCorpus.code);
        assertTrue(missingCorpus.err.contains("nope.txt"), missingCorpus.err);
        Result badModel = run("", "similarity", "--model", tmp.toString(), "a", "b");
        assertEquals(1, badModel.code);
        assertTrue(badModel.err.contains("config.json"), badModel.err);
        Result usage = run("", "bench", "--model", model());
        assertEquals(2, usage.code);
        assertTrue(usage.err.contains("--input"), usage.err);
    }
}
