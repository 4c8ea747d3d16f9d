package dev.microembed.eval;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StsDataTest {
    @Test
    void parsesPlainAndQuotedFields() {
        StsData d = StsData.parse("t.csv", "\uFEFFa b,c d,5.0\r\n\"x, \"\"y\"\"\",\"multi\nline\",0\n\nlast,one,2.5");
        assertEquals(3, d.size());
        assertEquals(new StsData.Pair("a b", "c d", 5.0), d.pairs().get(0));
        assertEquals(new StsData.Pair("x, \"y\"", "multi\nline", 0.0), d.pairs().get(1));
        assertEquals(List.of("a b", "x, \"y\"", "last"), d.sentences1());
        assertArrayEquals(new double[] {5.0, 0.0, 2.5}, d.scores());
        assertEquals(1, d.head(1).size());
    }

    @Test
    void errorsNameFileAndLine() {
        var e = assertThrows(MalformedDataException.class, () -> StsData.parse("f.csv", "a,b,1\n\"q\nq\",b,2\nonly,two\n"));
        assertEquals("f.csv", e.file());
        assertEquals(4, e.line());
        assertTrue(e.getMessage().startsWith("f.csv:4: expected 3 fields"), e.getMessage());

        e = assertThrows(MalformedDataException.class, () -> StsData.parse("f.csv", "sentence1,sentence2,score\n"));
        assertTrue(e.getMessage().contains("f.csv:1:") && e.getMessage().contains("header"), e.getMessage());

        e = assertThrows(MalformedDataException.class, () -> StsData.parse("f.csv", "a,b,1\n\"open,b,2\n"));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("never closed"));

        e = assertThrows(MalformedDataException.class, () -> StsData.parse("f.csv", "a,b\"c,1\n"));
        assertTrue(e.getMessage().contains("quote inside an unquoted field"));

        e = assertThrows(MalformedDataException.class, () -> StsData.parse("f.csv", "a,b,NaN\n"));
        assertTrue(e.getMessage().contains("not finite"));

        e = assertThrows(MalformedDataException.class, () -> StsData.parse("f.csv", "\n\n"));
        assertTrue(e.getMessage().contains("no sentence pairs"));
    }

    @Test
    void rejectsInvalidUtf8WithLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.csv");
        Files.write(f, new byte[] {'a', ',', 'b', ',', '1', '\n', 'x', (byte) 0xC3, '(', ',', 'y', ',', '2'});
        var e = assertThrows(MalformedDataException.class, () -> StsData.read(f));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("UTF-8"));
    }

    @Test
    void crossLingualTakesSentence2FromSecondFile(@TempDir Path dir) throws Exception {
        Path en = dir.resolve("en.csv"), de = dir.resolve("de.csv");
        Files.writeString(en, "A man,A woman,1.0\nA dog,A cat,2.0\n", StandardCharsets.UTF_8);
        Files.writeString(de, "Ein Mann,Eine Frau,1.0\nEin Hund,Eine Katze,2.0\n", StandardCharsets.UTF_8);
        StsData x = StsData.crossLingual(en, de);
        assertEquals(new StsData.Pair("A man", "Eine Frau", 1.0), x.pairs().get(0));
        assertEquals(new StsData.Pair("A dog", "Eine Katze", 2.0), x.pairs().get(1));

        Files.writeString(de, "Ein Mann,Eine Frau,1.0\nEin Hund,Eine Katze,3.0\n", StandardCharsets.UTF_8);
        var e = assertThrows(MalformedDataException.class, () -> StsData.crossLingual(en, de));
        assertEquals(2, e.line());
        Files.writeString(de, "Ein Mann,Eine Frau,1.0\n", StandardCharsets.UTF_8);
        assertThrows(MalformedDataException.class, () -> StsData.crossLingual(en, de));
    }

    @Test
    void readsSharedDevSplitWhenPresent() throws Exception {
        Path f = Path.of(System.getProperty("microembed.shared", "../shared"), "data/sts/stsb-multi-mt/stsb-de-dev.csv");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(f));
        StsData d = StsData.read(f);
        assertEquals(1500, d.size());
        for (double s : d.scores()) assertTrue(s >= 0 && s <= 5);
    }
}
