package dev.microembed.speed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The output format of {@code bench --compare} on a few texts (not its figures: nothing here is timed against a bound). */
@Tag("heavy") // loads the Hugging Face tokenizer's native library
class CompareCommandTest {
    private static final Pattern LAST = Pattern.compile(
            "ratio embed/hf_tokenize=(\\d+\\.\\d{4}) embed/lucene_analyze=(\\d+\\.\\d{4}) embed/utf8=(\\d+\\.\\d{4})");

    static Path vocab() {
        return Path.of(System.getProperty("microembed.root", "..")).toAbsolutePath().normalize().resolve("vocab");
    }

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = new CommandLine(new CompareCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void printsEveryContestantAndTheRatiosAsTheLastLine(@TempDir Path tmp) throws Exception {
        Path texts = tmp.resolve("texts.txt");
        Files.write(texts, List.of("I love this new phone 😍 #happy", "Der Hund schläft", "", "今日はいい天気ですね", "@user lol ok"),
                StandardCharsets.UTF_8);
        Run r = run("--compare", "--input", texts.toString(), "--model", vocab().toString(), "--rounds", "3", "--warmup", "0");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().strip().split("\n");
        Matcher m = LAST.matcher(lines[lines.length - 1]);
        assertTrue(m.matches(), "last line: " + lines[lines.length - 1]);
        for (int g = 1; g <= 3; g++) assertTrue(Double.parseDouble(m.group(g)) > 0, m.group(0));
        assertTrue(r.out().contains("4 texts from 1 file(s), 3 rounds"), r.out()); // the blank line is skipped
        for (String name : CompareBench.NAMES)
            assertTrue(Pattern.compile("(?m)^" + name + "( +\\d+\\.\\d){4}( +\\d+\\.\\d{3}){2}$").matcher(r.out()).find(), name + " row in:\n" + r.out());
        // the same tokenizer.json on both sides gives the same number of ids
        assertTrue(!r.out().contains("token counts differ"), r.out());
    }

    @Test
    void withoutCompareItPointsToTheRuntimeBench() {
        Run r = run("--rounds", "1");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("bench --compare"), r.err());
    }

    @Test
    void badRoundsAreRejected(@TempDir Path tmp) {
        assertEquals(2, run("--compare", "--rounds", "0").code());
        assertEquals(2, run("--compare", "--input", tmp.resolve("missing.txt").toString()).code());
    }
}
