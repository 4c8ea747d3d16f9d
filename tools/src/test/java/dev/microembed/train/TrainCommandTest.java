package dev.microembed.train;

import static org.junit.jupiter.api.Assertions.*;

import dev.microembed.tools.ToolsMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code microembed train}'s options as picocli parses them, and the tools entry point's exit codes. */
class TrainCommandTest {
    static TrainConfig parse(String... args) throws Exception {
        TrainCommand cmd = new TrainCommand();
        new CommandLine(cmd).parseArgs(args);
        return cmd.config();
    }

    @Test
    void optionsOverrideTheConfigFileInCommandLineOrder(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("c.json");
        Files.writeString(config, "{\"name\": \"x\", \"train\": {\"epochs\": 7, \"space\": \"pca\"}}");
        TrainConfig c = parse("--work", "w", "--config", config.toString());
        assertEquals(7, c.epochs());
        assertEquals("pca", c.space());
        assertEquals(TrainConfig.defaults().batchSize(), c.batchSize());

        c = parse("--work", "w", "--tiny", "--epochs", "5", "--config", config.toString());
        assertEquals(5, c.epochs(), "--epochs after --tiny wins, and both win over --config");
        assertEquals(List.of("de"), c.stsLanguages());
        assertEquals("pca", c.space());
        assertEquals(2, parse("--work", "w", "--epochs", "5", "--tiny").epochs(), "--tiny after --epochs wins");
        assertEquals(3, parse("--work", "w", "--epochs", "5", "--set", "epochs=3").epochs());
        c = parse("--work", "w", "--set", "epochs=3", "--epochs", "4", "--set", "pca_fit=\"base\"", "--set", "pair_anchor=\"english\"");
        assertEquals(4, c.epochs(), "--set repeats; each key keeps the last value given on the line");
        assertEquals("base", c.pcaFit());
        assertEquals("english", c.pairAnchor());

        c = parse("--work", "w", "--no-corpus", "--no-learn-weights", "--space", "teacher", "--init-weights", "idf",
                "--tag", "t1", "--output", "o.safetensors", "--set", "temperature=0.1");
        assertFalse(c.corpus());
        assertTrue(c.crossLingual());
        assertFalse(c.learnWeights());
        assertEquals("teacher", c.space());
        assertEquals("idf", c.initWeights());
        assertEquals("t1", c.tag());
        assertEquals("o.safetensors", c.output());
        assertEquals(0.1, c.temperature());
        assertThrows(IllegalArgumentException.class, () -> parse("--work", "w", "--set", "epochz=3"));
    }

    @Test
    void badArgumentsExitWithTwoAndOneLine() {
        for (String[] args : List.of(new String[] {"train", "--bogus"}, new String[] {"train"}, new String[] {"train", "--work", "w", "--epochs", "x"},
                new String[] {"train", "--work", "w", "--set", "novalue"}, new String[] {"train", "--work", "w", "--set", "epochz=3"},
                new String[] {"distill"}, new String[] {"eval", "--bogus"}, new String[] {"frobnicate"}, new String[] {})) {
            PrintStream old = System.err;
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code;
            try {
                code = ToolsMain.run(args);
            } finally {
                System.setErr(old);
            }
            String msg = err.toString(StandardCharsets.UTF_8).strip();
            assertEquals(2, code, String.join(" ", args) + ": " + msg);
            assertEquals(1, msg.lines().count(), String.join(" ", args) + ": " + msg);
            assertTrue(msg.startsWith("microembed"), msg);
        }
    }
}
