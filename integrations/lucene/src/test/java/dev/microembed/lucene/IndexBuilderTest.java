package dev.microembed.lucene;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.microembed.Microembed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real builds with the shipped model into temporary directories. */
class IndexBuilderTest {
    static Microembed model;

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() {
        model = Microembed.loadDefault();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** line → (text, vector) of every document of the index. */
    record Doc(String text, float[] vector) {}

    static Map<Long, Doc> documents(Path index) throws IOException {
        Map<Long, Doc> out = new TreeMap<>();
        try (DirectoryReader r = DirectoryReader.open(FSDirectory.open(index))) {
            for (LeafReaderContext leaf : r.leaves()) {
                StoredFields stored = leaf.reader().storedFields();
                FloatVectorValues vectors = leaf.reader().getFloatVectorValues(MicroembedLucene.VECTOR);
                KnnVectorValues.DocIndexIterator it = vectors == null ? null : vectors.iterator();
                for (int d = 0; d < leaf.reader().maxDoc(); d++) {
                    Document doc = stored.document(d);
                    float[] v = null;
                    if (it != null && (it.docID() < d ? it.advance(d) : it.docID()) == d) v = vectors.vectorValue(it.index()).clone();
                    Doc prev = out.put(doc.getField(MicroembedLucene.LINE).numericValue().longValue(), new Doc(doc.get(MicroembedLucene.TEXT), v));
                    assertEquals(null, prev, "one document per line");
                }
            }
        }
        return out;
    }

    static void assertSameDocuments(Map<Long, Doc> expected, Map<Long, Doc> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        for (var e : expected.entrySet()) {
            Doc a = actual.get(e.getKey());
            assertEquals(e.getValue().text(), a.text(), "text of line " + e.getKey());
            assertArrayEquals(e.getValue().vector(), a.vector(), "vector of line " + e.getKey());
        }
    }

    @Test
    void buildsOneDocumentPerNonBlankLine() throws IOException {
        Path corpus = Fixtures.corpus(tmp), index = tmp.resolve("idx");
        IndexBuilder.Result r = new IndexBuilder(corpus, index).build(model);
        assertTrue(Files.isDirectory(index));
        assertFalse(Files.exists(IndexBuilder.workDir(index)), "the work directory is renamed into place");
        List<String> lines = Fixtures.lines(corpus);
        long nonBlank = lines.stream().filter(s -> !s.isBlank()).count();
        assertEquals(nonBlank, r.info().texts());
        assertEquals(lines.size(), r.info().lines());
        assertTrue(r.info().complete());
        assertEquals(0, r.resumedAfterLine());

        Map<Long, Doc> docs = documents(index);
        assertEquals(nonBlank, docs.size());
        for (var e : docs.entrySet()) {
            String line = lines.get((int) (e.getKey() - 1));
            assertEquals(line, e.getValue().text());
            assertNotNull(e.getValue().vector(), "a vector for: " + line);
            assertArrayEquals(model.embed(line), e.getValue().vector(), 0f);
        }
        try (DirectoryReader reader = DirectoryReader.open(FSDirectory.open(index))) {
            assertEquals(1, reader.leaves().size(), "merged into one segment");
            FieldInfo fi = reader.leaves().get(0).reader().getFieldInfos().fieldInfo(MicroembedLucene.VECTOR);
            assertEquals(VectorSimilarityFunction.DOT_PRODUCT, fi.getVectorSimilarityFunction());
            assertEquals(model.dim(), fi.getVectorDimension());
            assertEquals("Lucene99HnswScalarQuantizedVectorsFormat", fi.getAttribute("PerFieldKnnVectorsFormat.format"));
            IndexInfo info = IndexInfo.fromUserData(reader.getIndexCommit().getUserData());
            assertEquals(r.info(), info);
            assertEquals(corpus.toAbsolutePath().toString(), info.corpus());
        }
    }

    @Test
    void resumeAfterAKillGivesTheSameDocumentsAsAnUninterruptedBuild() throws IOException {
        Path corpus = Fixtures.corpus(tmp);
        Path straight = tmp.resolve("straight"), resumed = tmp.resolve("resumed");
        new IndexBuilder(corpus, straight).commitEvery(5).build(model);

        IndexBuilder killed = new IndexBuilder(corpus, resumed).commitEvery(5).interruptAfter(17);
        assertThrows(IndexBuilder.SimulatedKill.class, () -> killed.build(model));
        assertFalse(Files.exists(resumed), "nothing at the target until the build is complete");
        Path work = IndexBuilder.workDir(resumed);
        IndexInfo partial = IndexBuilder.readInfo(work);
        assertEquals(15, partial.lines(), "the last commit before the kill was after line 15");
        assertFalse(partial.complete());

        List<String> log = new ArrayList<>();
        IndexBuilder.Result r = new IndexBuilder(corpus, resumed).commitEvery(5).log(log::add).build(model);
        assertEquals(15, r.resumedAfterLine());
        assertTrue(log.stream().anyMatch(s -> s.contains("resuming") && s.contains("after line 15")), log.toString());
        assertFalse(Files.exists(work));
        assertSameDocuments(documents(straight), documents(resumed));
        assertEquals(IndexBuilder.readInfo(straight).texts(), IndexBuilder.readInfo(resumed).texts());

        try (IndexSearch a = IndexSearch.open(straight, model); IndexSearch b = IndexSearch.open(resumed, model)) {
            for (SearchMode mode : SearchMode.values())
                for (String q : List.of("a puppy naps on the couch", "Zanzibar", "rain and umbrella"))
                    assertEquals(a.search(q, 5, mode).stream().map(Hit::line).toList(), b.search(q, 5, mode).stream().map(Hit::line).toList(), mode + " " + q);
        }
    }

    @Test
    void aKillAfterTheLastCommitOnlyLeavesTheRename() throws IOException {
        Path corpus = Fixtures.corpus(tmp), index = tmp.resolve("idx");
        new IndexBuilder(corpus, index).build(model);
        Files.move(index, IndexBuilder.workDir(index)); // as if killed between the final commit and the rename
        IndexBuilder.Result r = new IndexBuilder(corpus, index).build(model);
        assertTrue(r.info().complete());
        assertEquals(Fixtures.lines(corpus).size(), r.resumedAfterLine());
        assertFalse(Files.exists(IndexBuilder.workDir(index)));
        assertEquals(30, documents(index).size());
    }

    @Test
    void aPartialBuildOfAnotherCorpusIsDiscarded() throws IOException {
        Path corpus = Fixtures.corpus(tmp), index = tmp.resolve("idx");
        assertThrows(IndexBuilder.SimulatedKill.class, () -> new IndexBuilder(corpus, index).commitEvery(5).interruptAfter(12).build(model));
        Path other = tmp.resolve("other.txt");
        Files.writeString(other, "first line\nsecond line\n");
        List<String> log = new ArrayList<>();
        IndexBuilder.Result r = new IndexBuilder(other, index).log(log::add).build(model);
        assertEquals(0, r.resumedAfterLine());
        assertTrue(log.stream().anyMatch(s -> s.contains("discarding")), log.toString());
        Map<Long, Doc> docs = documents(index);
        assertEquals(List.of("first line", "second line"), docs.values().stream().map(Doc::text).toList());
    }

    @Test
    void aFinishedIndexIsReplacedOnlyWithForce() throws IOException {
        Path corpus = Fixtures.corpus(tmp), index = tmp.resolve("idx");
        new IndexBuilder(corpus, index).build(model);
        Path other = tmp.resolve("other.txt");
        Files.writeString(other, "just one text\n");
        IndexProblem e = assertThrows(IndexProblem.class, () -> new IndexBuilder(other, index).build(model));
        assertTrue(e.getMessage().contains("--force"), e.getMessage());
        assertEquals(30, documents(index).size(), "untouched");
        new IndexBuilder(other, index).force(true).build(model);
        assertEquals(1, documents(index).size());
        assertFalse(Files.exists(index.resolveSibling("idx.tmp-old")));
    }

    @Test
    void aDirectoryThatIsNotAnIndexIsNeverTouched() throws IOException {
        Path corpus = Fixtures.corpus(tmp), index = tmp.resolve("precious");
        Files.createDirectories(index);
        Files.writeString(index.resolve("notes.txt"), "keep me");
        for (boolean force : new boolean[] {false, true}) {
            IndexProblem e = assertThrows(IndexProblem.class, () -> new IndexBuilder(corpus, index).force(force).build(model));
            assertTrue(e.getMessage().contains("not a microembed index"), e.getMessage());
        }
        assertEquals("keep me", Files.readString(index.resolve("notes.txt")));
        Files.delete(index.resolve("notes.txt"));
        new IndexBuilder(corpus, index).build(model); // an empty directory is fine
        assertEquals(30, documents(index).size());
    }

    @Test
    void badInputsAreClearErrors() throws IOException {
        Path index = tmp.resolve("idx");
        IndexProblem missing = assertThrows(IndexProblem.class, () -> new IndexBuilder(tmp.resolve("nope.txt"), index).build(model));
        assertTrue(missing.getMessage().contains("nope.txt: file not found"), missing.getMessage());
        IndexProblem dir = assertThrows(IndexProblem.class, () -> new IndexBuilder(tmp, index).build(model));
        assertTrue(dir.getMessage().contains("not a regular file"), dir.getMessage());

        Path blank = tmp.resolve("blank.txt");
        Files.writeString(blank, "\n   \n\n");
        IndexProblem empty = assertThrows(IndexProblem.class, () -> new IndexBuilder(blank, index).build(model));
        assertTrue(empty.getMessage().contains("no non-blank line"), empty.getMessage());
        assertFalse(Files.exists(index));
        assertFalse(Files.exists(IndexBuilder.workDir(index)), "no work directory left behind");

        Path file = tmp.resolve("a-file");
        Files.writeString(file, "x");
        IndexProblem notDir = assertThrows(IndexProblem.class, () -> new IndexBuilder(Fixtures.corpus(tmp), file).build(model));
        assertTrue(notDir.getMessage().contains("not a directory"), notDir.getMessage());

        assertThrows(IllegalArgumentException.class, () -> new IndexBuilder(blank, index).commitEvery(0));
        assertThrows(IllegalArgumentException.class, () -> new IndexBuilder(blank, index).hnsw(0, 100));
    }

    @Test
    void aSecondBuildOfTheSameTargetIsRefusedWhileOneRuns() throws IOException {
        Path corpus = Fixtures.corpus(tmp), index = tmp.resolve("idx");
        Path work = IndexBuilder.workDir(index);
        Files.createDirectories(work);
        try (FSDirectory d = FSDirectory.open(work); IndexWriter running = new IndexWriter(d, new IndexWriterConfig())) {
            IndexProblem e = assertThrows(IndexProblem.class, () -> new IndexBuilder(corpus, index).build(model));
            assertTrue(e.getMessage().contains("another build"), e.getMessage());
        }
    }
}
