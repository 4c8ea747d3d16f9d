package dev.microembed.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Line-per-item text and label files (bitext sides, tweet text, labels), strict UTF-8. */
public final class TextFiles {
    private TextFiles() {}

    /**
     * One item per line (LF or CRLF; a final newline is optional). Empty lines are kept as empty
     * texts because line numbers carry the alignment; a file with no lines at all is an error.
     */
    public static List<String> readLines(Path file) throws IOException {
        String s = StsData.readUtf8(file);
        if (!s.isEmpty() && s.charAt(0) == '\uFEFF') s = s.substring(1);
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                int end = i > start && s.charAt(i - 1) == '\r' ? i - 1 : i;
                out.add(s.substring(start, end));
                start = i + 1;
            }
        }
        if (start < s.length()) out.add(s.substring(start).replaceAll("\r$", ""));
        if (out.isEmpty()) throw new MalformedDataException(file, 0, "file is empty");
        return out;
    }

    /** One non-negative integer class label per line (surrounding spaces ignored). */
    public static int[] readLabels(Path file) throws IOException {
        List<String> lines = readLines(file);
        int[] labels = new int[lines.size()];
        for (int i = 0; i < labels.length; i++) {
            String t = lines.get(i).strip();
            try {
                labels[i] = Integer.parseInt(t);
            } catch (NumberFormatException e) {
                throw new MalformedDataException(file, i + 1,
                        "label '" + StsData.abbreviate(t) + "' is not a non-negative integer");
            }
            if (labels[i] < 0 || labels[i] > 100_000) {
                throw new MalformedDataException(file, i + 1, "label " + labels[i] + " out of range 0..100000");
            }
        }
        return labels;
    }

    /** Fails naming both files when two line-aligned files differ in length. */
    public static void requireAligned(Path a, int na, Path b, int nb) {
        if (na != nb) {
            throw new MalformedDataException(b, Math.min(na, nb) + 1, "not line-aligned with " + a
                    + ": " + nb + " lines vs " + na);
        }
    }
}
