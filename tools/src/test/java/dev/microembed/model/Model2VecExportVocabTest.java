package dev.microembed.model;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.microembed.Microembed;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The shipped vocab/ exported as float16 and as int8 with one global scale: the cosine between the vector Model2Vec
 * computes from the export and ours, over the validation tweets of every xlm-t language (the measurement that picks
 * float16 as the default), and the runtime on the export against the checker to 1e-6. Heavy tier (../shared, vocab/).
 */
@Tag("heavy")
class Model2VecExportVocabTest {
    @Test
    void float16LosesLessThanInt8() throws Exception {
        Path root = Path.of(System.getProperty("microembed.root", ".."));
        Path vocab = root.resolve("vocab");
        Path tweets = Path.of(System.getProperty("microembed.shared", "../shared")).resolve("data/tweets/xlm-t");
        assumeTrue(Files.isRegularFile(vocab.resolve("model.safetensors")) && Files.isDirectory(tweets), "vocab/ or shared tweets absent");
        List<String> texts = new ArrayList<>();
        try (var langs = Files.list(tweets)) {
            for (Path lang : langs.sorted().toList()) {
                Path val = lang.resolve("val_text.txt");
                if (Files.isRegularFile(val)) texts.addAll(Files.readAllLines(val, StandardCharsets.UTF_8));
            }
        }
        Path out = Path.of("target", "export-vocab");
        double[] meanLoss = new double[2];
        String[] dtypes = {"float16", "int8"};
        try (Microembed ours = Microembed.load(vocab)) {
            for (int k = 0; k < 2; k++) {
                Path dir = out.resolve(dtypes[k]);
                Model2VecExport.export(vocab, dir, dtypes[k], 0);
                Model2VecChecker m2v = new Model2VecChecker(dir);
                double sum = 0, worst = 1, maxDiff = 0;
                int n = 0;
                try (Microembed exported = Microembed.load(dir)) {
                    for (String t : texts) {
                        float[] mine = ours.embed(t);
                        double[] want = m2v.encode(t);
                        if (isZero(mine)) continue;
                        double c = Model2VecChecker.cosine(want, mine);
                        sum += c;
                        worst = Math.min(worst, c);
                        n++;
                        if (n % 10 == 0) { // the runtime on the export equals Model2Vec's arithmetic
                            float[] got = exported.embed(t);
                            for (int d = 0; d < got.length; d++) maxDiff = Math.max(maxDiff, Math.abs(got[d] - want[d]));
                        }
                    }
                }
                meanLoss[k] = 1 - sum / n;
                System.out.printf("model2vec export [%s]: %d texts, cosine with ours mean %.7f, min %.7f; runtime vs Model2Vec max |diff| %.2e; model.safetensors %d bytes%n",
                        dtypes[k], n, sum / n, worst, maxDiff, Files.size(dir.resolve("model.safetensors")));
                assertTrue(maxDiff <= 1e-6, dtypes[k] + ": runtime differs from Model2Vec's arithmetic by " + maxDiff);
            }
        }
        assertTrue(meanLoss[0] < meanLoss[1], "float16 should lose less than int8 with one global scale");
    }

    private static boolean isZero(float[] v) {
        for (float x : v) if (x != 0) return false;
        return true;
    }
}
