package dev.microembed.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.microembed.lucene.cli.LuceneMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands as the launcher runs them: arguments in, exit code and output out. */
class CliTest {
    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = LuceneMain.run(args, new PrintWriter(out), new PrintWriter(err), null);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void indexThenSearchInEveryMode() {
        Path corpus = Fixtures.corpus(tmp), index = tmp.resolve("idx");
        Run built = run("index", "--corpus", corpus.toString(), "--index", index.toString());
        assertEquals(0, built.code(), built.err());
        assertTrue(built.out().startsWith("indexed 30 texts (32 lines)"), built.out());

        for (String mode : new String[] {"vector", "bm25", "hybrid", "HYBRID"}) {
            Run r = run("search", "--index", index.toString(), "--query", "the dog sleeps on the sofa", "-k", "2", "--mode", mode);
            assertEquals(0, r.code(), r.err());
            String[] rows = r.out().split("\n");
            assertEquals(3, rows.length, r.out());
            assertTrue(rows[0].matches("rank\t(cosine|bm25|weighted0\\.70)\tline\ttext"), rows[0]);
            assertTrue(rows[1].matches("1\t[0-9.]+\t1\tThe dog is sleeping on the sofa\\."), rows[1]);
        }
        Run rrf = run("search", "--index", index.toString(), "--query", "dog", "--fusion", "rrf");
        assertEquals(0, rrf.code(), rrf.err());
        assertTrue(rrf.out().startsWith("rank\trrf60\t"), rrf.out());

        Run again = run("index", "--corpus", corpus.toString(), "--index", index.toString());
        assertEquals(1, again.code());
        assertTrue(again.err().contains("pass --force"), again.err());
        assertEquals(0, run("index", "--corpus", corpus.toString(), "--index", index.toString(), "--force").code());
    }

    @Test
    void badArgumentsExitWith2() {
        Path corpus = Fixtures.corpus(tmp), index = tmp.resolve("idx");
        assertTrue(run("index", "--index", index.toString()).err().contains("--corpus"));
        assertEquals(2, run("index", "--index", index.toString()).code());
        assertEquals(2, run("index", "--corpus", corpus.toString(), "--index", index.toString(), "--commit-every", "0").code());
        assertEquals(2, run("index", "--corpus", corpus.toString(), "--index", index.toString(), "--bogus").code());
        assertEquals(2, run("search", "--index", index.toString()).code());
        assertEquals(2, run("search", "--index", index.toString(), "--query", "x", "-k", "0").code());
        assertEquals(2, run("search", "--index", index.toString(), "--query", "x", "-k", "ten").code());
        assertEquals(2, run("search", "--index", index.toString(), "--query", "x", "--mode", "fuzzy").code());
        assertEquals(2, run("search", "--index", index.toString(), "--query", "x", "--fusion", "max").code());
        assertEquals(2, run("search", "--index", index.toString(), "--query", "x", "--weight", "2").code());
        assertEquals(2, run("frobnicate").code());
        assertEquals(2, run().code());
        assertEquals(0, run("--help").code());
        assertEquals(0, run("index", "--help").code());
    }

    @Test
    void missingFilesExitWith1() {
        Run noCorpus = run("index", "--corpus", tmp.resolve("nope.txt").toString(), "--index", tmp.resolve("idx").toString());
        assertEquals(1, noCorpus.code());
        assertTrue(noCorpus.err().startsWith("microembed: ") && noCorpus.err().contains("file not found"), noCorpus.err());
        Run noIndex = run("search", "--index", tmp.resolve("nothing").toString(), "--query", "x");
        assertEquals(1, noIndex.code());
        assertTrue(noIndex.err().contains("no such index"), noIndex.err());
        Run noModel = run("index", "--corpus", Fixtures.corpus(tmp).toString(), "--index", tmp.resolve("idx").toString(), "--model", tmp.resolve("no-model").toString());
        assertEquals(1, noModel.code(), noModel.err());
    }
}
