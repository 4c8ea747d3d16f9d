package dev.microembed.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.microembed.Microembed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Search in every mode over a real index of the test corpus, and the errors of opening one. */
class IndexSearchTest {
    @TempDir
    static Path tmp;

    static Microembed model;
    static Path corpus, index;
    static List<String> lines;

    @BeforeAll
    static void build() {
        model = Microembed.loadDefault();
        corpus = Fixtures.corpus(tmp);
        lines = Fixtures.lines(corpus);
        index = tmp.resolve("idx");
        new IndexBuilder(corpus, index).build(model);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static long lineOf(String text) {
        return lines.indexOf(text) + 1;
    }

    @Test
    void vectorSearchIsExactCosineOrder() throws IOException {
        String query = "a puppy naps on the couch";
        float[] q = model.embed(query);
        List<Integer> nonBlank = IntStream.range(0, lines.size()).filter(i -> !lines.get(i).isBlank()).boxed().toList();
        List<Integer> brute = nonBlank.stream().sorted(Comparator.comparingDouble(i -> -Microembed.cosine(q, model.embed(lines.get(i))))).toList();
        try (IndexSearch s = IndexSearch.open(index, (Path) null)) {
            List<Hit> hits = s.search(query, 5, SearchMode.VECTOR);
            assertEquals(5, hits.size());
            assertEquals(lineOf("The dog is sleeping on the sofa."), hits.get(0).line());
            for (int r = 0; r < hits.size(); r++) {
                Hit h = hits.get(r);
                assertEquals(brute.get(r) + 1, h.line(), "rank " + (r + 1));
                assertEquals(lines.get((int) h.line() - 1), h.text());
                assertEquals(Microembed.cosine(q, model.embed(h.text())), h.score(), 1e-5);
            }
            assertEquals(30, s.search(query, 100, SearchMode.VECTOR).size(), "k beyond the corpus: every document with a vector");
        }
    }

    @Test
    void bm25FindsTheKeyword() throws IOException {
        try (IndexSearch s = IndexSearch.open(index, model)) {
            List<Hit> hits = s.search("zanzibar", 3, SearchMode.BM25);
            assertEquals(1, hits.size(), "one line has the word");
            assertEquals(lineOf("Zanzibar is an island off the coast of Tanzania."), hits.get(0).line());
            assertTrue(hits.get(0).score() > 0);
            assertEquals(List.of(), s.search("qwertyuiop", 3, SearchMode.BM25));
        }
    }

    @Test
    void hybridCombinesBothLists() throws IOException {
        try (IndexSearch s = IndexSearch.open(index, model)) {
            assertEquals(lineOf("Zanzibar is an island off the coast of Tanzania."), s.search("Zanzibar", 3, SearchMode.HYBRID).get(0).line());
            List<Hit> hits = s.search("a puppy naps on the couch", 3, SearchMode.HYBRID);
            assertEquals(lineOf("The dog is sleeping on the sofa."), hits.get(0).line());
            assertEquals(3, hits.size());
            for (int r = 1; r < hits.size(); r++) assertTrue(hits.get(r - 1).score() >= hits.get(r).score());
            // weighted fusion: the top of both lists scores 1
            assertEquals(1.0, s.search("dog sleeping on the sofa", 1, SearchMode.HYBRID).get(0).score(), 1e-6);

            s.fusion(new Fusion.Rrf(60));
            List<Hit> rrf = s.search("a puppy naps on the couch", 3, SearchMode.HYBRID);
            assertEquals(lineOf("The dog is sleeping on the sofa."), rrf.get(0).line());
            assertTrue(rrf.get(0).score() <= 2.0 / 61 + 1e-6);
            s.fusion(Fusion.DEFAULT);
        }
    }

    @Test
    void aQueryWithoutKnownTokensHasNoVectorHits() throws IOException {
        String unknown = "\uA66E\uA66E\uA66E";
        float[] v = model.embed(unknown);
        assumeTrue(MicroembedLucene.isZero(v), "the model knows the test's unknown text");
        try (IndexSearch s = IndexSearch.open(index, model)) {
            assertEquals(List.of(), s.search(unknown, 5, SearchMode.VECTOR));
            assertEquals(List.of(), s.search(unknown, 5, SearchMode.HYBRID));
            assertEquals(lineOf("Zanzibar is an island off the coast of Tanzania."), s.search(unknown + " Zanzibar", 5, SearchMode.HYBRID).get(0).line());
        }
    }

    @Test
    void openingSomethingElseIsAClearError() throws IOException {
        Path missing = tmp.resolve("missing");
        assertTrue(message(missing).contains("no such index"));

        Path plain = Files.createDirectories(tmp.resolve("plain"));
        Files.writeString(plain.resolve("x.txt"), "x");
        assertTrue(message(plain).contains("not an index"), message(plain));

        Path foreign = tmp.resolve("foreign");
        try (FSDirectory d = FSDirectory.open(foreign); IndexWriter w = new IndexWriter(d, new IndexWriterConfig())) {
            Document doc = new Document();
            doc.add(new TextField("body", "hello", Field.Store.YES));
            w.addDocument(doc);
        }
        assertTrue(message(foreign).contains("not one written by microembed index"), message(foreign));

        Path corrupt = tmp.resolve("corrupt");
        copyTree(index, corrupt);
        try (Stream<Path> s = Files.list(corrupt)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith("segments_")).toList()) Files.writeString(p, "garbage");
        }
        assertTrue(message(corrupt).contains("unreadable index"), message(corrupt));

        Path unfinished = tmp.resolve("unfinished");
        assertThrows(IndexBuilder.SimulatedKill.class, () -> new IndexBuilder(corpus, unfinished).commitEvery(5).interruptAfter(7).build(model));
        assertTrue(message(unfinished).contains("unfinished build"), message(unfinished));

        IndexProblem other = assertThrows(IndexProblem.class, () -> IndexSearch.open(index, Fixtures.otherModel()));
        assertTrue(other.getMessage().contains("another model"), other.getMessage());
    }

    private static String message(Path dir) {
        return assertThrows(IndexProblem.class, () -> IndexSearch.open(dir, (Path) null)).getMessage();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(from)) {
            s.forEach(files::add);
        }
        for (Path p : files) Files.copy(p, to.resolve(p.getFileName()));
    }
}
