package dev.microembed.teacher;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("heavy") // ONNX Runtime's native library and the e5 model
class OnnxTeacherTest {
    static OnnxTeacher teacher;

    @BeforeAll
    static void load() { teacher = OnnxTeacher.e5SmallV2(); }

    @AfterAll
    static void close() { teacher.close(); }

    @Test
    void e5HasBertTokensAnd384Dimensions() {
        assertEquals(384, teacher.dim());
        long[] ids = teacher.tokenIds("query: hello");
        assertEquals(101, ids[0]);                 // [CLS]
        assertEquals(102, ids[ids.length - 1]);    // [SEP]
    }

    @Test
    void paraphrasesAreCloserThanUnrelatedTexts() {
        float[][] v = teacher.embed(List.of("query: a man is playing a guitar", "query: a person plays the guitar",
                "query: the stock market fell sharply today"));
        double para = OnnxTeacher.cosine(v[0], v[1]), unrelated = OnnxTeacher.cosine(v[0], v[2]);
        assertTrue(para > unrelated + 0.05, para + " vs " + unrelated);
    }

    @Test
    void batchingAndOrderDoNotChangeVectors() {
        List<String> texts = List.of("query: dog", "query: a much longer sentence about cats and dogs", "query: x");
        float[][] all = teacher.batchSize(2).embed(texts, Pooling.MEAN);
        teacher.batchSize(OnnxTeacher.DEFAULT_BATCH);
        for (int i = 0; i < texts.size(); i++) {
            float[] one = teacher.embed(List.of(texts.get(i)), Pooling.MEAN)[0];
            assertTrue(OnnxTeacher.cosine(one, all[i]) > 0.9999, "row " + i);
        }
    }

    @Test
    void poolingsDiffer() {
        List<String> t = List.of("query: guitar");
        float[] mean = teacher.embed(t, Pooling.MEAN)[0], cls = teacher.embed(t, Pooling.CLS)[0];
        float[] noSpecial = teacher.embed(t, Pooling.MEAN_NO_SPECIAL)[0], max = teacher.embed(t, Pooling.MAX)[0];
        assertNotEquals(mean[0], cls[0]);
        assertNotEquals(mean[0], noSpecial[0]);
        for (int d = 0; d < max.length; d++) assertTrue(max[d] >= mean[d]);
    }

    @Test
    void missingFolderFilesAreNamed(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("tokenizer.json"), "{}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxTeacher.fromFolder(dir));
        assertTrue(e.getMessage().contains("model.onnx"), e.getMessage());
    }
}
