package dev.microembed.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** One evaluation task: data named by path, loaded lazily. {@code id} is unique per run. */
public sealed interface Task permits Task.Sts, Task.Bitext, Task.Classify {
    /** Short unique name, e.g. {@code sts:stsb-de-dev} or {@code bitext:deu-eng}. */
    String id();

    /** Language (or language pair) label for grouping in charts, from the file names. */
    String language();

    /** {@code sts}, {@code bitext} or {@code classify}. */
    String kind();

    /** STS from one file, or cross-lingual from two aligned files ({@code second} non-null). */
    record Sts(String id, String language, Path first, Path second) implements Task {
        public String kind() {
            return "sts";
        }

        public StsData load() throws IOException {
            return second == null ? StsData.read(first) : StsData.crossLingual(first, second);
        }
    }

    /** Line-aligned translations {@code a} and {@code b}. */
    record Bitext(String id, String language, Path a, Path b) implements Task {
        public String kind() {
            return "bitext";
        }

        public List<List<String>> load() throws IOException {
            List<String> la = TextFiles.readLines(a), lb = TextFiles.readLines(b);
            TextFiles.requireAligned(a, la.size(), b, lb.size());
            return List.of(la, lb);
        }
    }

    /** Text/label files for training and testing a classifier on embeddings. */
    record Classify(String id, String language, Path trainText, Path trainLabels, Path testText, Path testLabels)
            implements Task {
        public String kind() {
            return "classify";
        }

        public record Data(List<String> trainText, int[] trainLabels, List<String> testText, int[] testLabels) {}

        public Data load() throws IOException {
            List<String> tr = TextFiles.readLines(trainText), te = TextFiles.readLines(testText);
            int[] trl = TextFiles.readLabels(trainLabels), tel = TextFiles.readLabels(testLabels);
            TextFiles.requireAligned(trainText, tr.size(), trainLabels, trl.length);
            TextFiles.requireAligned(testText, te.size(), testLabels, tel.length);
            return new Data(tr, trl, te, tel);
        }
    }
}
