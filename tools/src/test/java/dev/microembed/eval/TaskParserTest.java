package dev.microembed.eval;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskParserTest {
    @TempDir
    Path dir;

    @Test
    void globsFoldersAndCrossLingualExpandToOneTaskPerFile() throws Exception {
        for (String f : List.of("stsb-en-dev.csv", "stsb-de-dev.csv", "stsb-fr-dev.csv", "stsb-en-train.csv")) {
            Files.writeString(dir.resolve(f), "a,b,1\n");
        }
        List<Task> t = TaskParser.parse("sts:" + dir.resolve("stsb-*-dev.csv"));
        assertEquals(List.of("sts:stsb-de-dev", "sts:stsb-en-dev", "sts:stsb-fr-dev"), t.stream().map(Task::id).toList());
        assertEquals("de", t.get(0).language());
        assertEquals(4, TaskParser.parse("sts:" + dir).size());

        t = TaskParser.parse("sts:" + dir.resolve("stsb-en-dev.csv") + "+" + dir.resolve("stsb-*-dev.csv"));
        assertEquals(List.of("sts:stsb-en-dev+stsb-de-dev", "sts:stsb-en-dev+stsb-fr-dev"), t.stream().map(Task::id).toList());
        assertEquals("en-de", t.get(0).language());
    }

    @Test
    void bitextFolderPairsFilesByNameWithNonEnglishFirst() throws Exception {
        for (String f : List.of("deu-eng.deu", "deu-eng.eng", "fra-eng.eng", "fra-eng.fra", "lonely.txt", "SOURCE.md")) {
            Files.writeString(dir.resolve(f), "x\n");
        }
        List<Task> t = TaskParser.parse("bitext:" + dir);
        assertEquals(2, t.size());
        Task.Bitext b = (Task.Bitext) t.get(0);
        assertEquals("bitext:deu-eng", b.id());
        assertEquals("deu", b.language());
        assertTrue(b.a().toString().endsWith(".deu") && b.b().toString().endsWith(".eng"));
    }

    @Test
    void classifyFolderOfFolders() throws Exception {
        for (String lang : List.of("english", "german")) {
            Path d = Files.createDirectories(dir.resolve("xlm-t").resolve(lang));
            for (String f : List.of("train_text.txt", "train_labels.txt", "val_text.txt", "val_labels.txt")) Files.writeString(d.resolve(f), "0\n");
        }
        List<Task> t = TaskParser.parse("classify:" + dir.resolve("xlm-t"));
        assertEquals(List.of("classify:xlm-t/english", "classify:xlm-t/german"), t.stream().map(Task::id).toList());
    }

    @Test
    void badSpecsAreExplained() {
        var e = assertThrows(IllegalArgumentException.class, () -> TaskParser.parse("sts"));
        assertTrue(e.getMessage().contains("must start with"));
        e = assertThrows(IllegalArgumentException.class, () -> TaskParser.parse("nli:x.csv"));
        assertTrue(e.getMessage().contains("unknown task kind 'nli'"));
        e = assertThrows(IllegalArgumentException.class, () -> TaskParser.parse("bitext:" + dir.resolve("a") + "," + dir.resolve("b")));
        assertTrue(e.getMessage().contains("file not found"));
        e = assertThrows(IllegalArgumentException.class, () -> TaskParser.parse("classify:a,b,c"));
        assertTrue(e.getMessage().contains("expected classify:"));
    }
}
