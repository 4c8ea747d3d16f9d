package dev.microembed.lucene.bench;

import dev.microembed.lucene.IndexProblem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reading {@code ../shared/data} (layout in its README) for the measurements of this module. */
final class SharedData {
    private SharedData() {}

    /** {@code ../shared/data} beside the checkout (system property {@code microembed.home}, else the working directory). */
    static Path defaultDir() {
        String home = System.getProperty("microembed.home");
        return Path.of(home == null || home.isBlank() ? "." : home).toAbsolutePath().resolve("../shared/data").normalize();
    }

    static Path require(Path data) {
        if (!Files.isDirectory(data)) throw new IndexProblem(data + ": shared data folder not found (pass --data DIR)");
        return data;
    }

    /** Lines of a UTF-8 file (malformed bytes replaced), without terminators. */
    static List<String> lines(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(bytes)).toString();
            return s.lines().toList();
        } catch (IOException e) {
            throw new IndexProblem(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Records of an RFC 4180 CSV file (quoted fields may hold commas, doubled quotes and line breaks; blank
     * lines skipped).
     */
    static List<List<String>> csv(Path file) {
        String s = String.join("\n", lines(file));
        if (s.startsWith("\uFEFF")) s = s.substring(1);
        List<List<String>> out = new ArrayList<>();
        List<String> rec = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false, any = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < s.length() && s.charAt(i + 1) == '"') {
                        f.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    f.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                any = true;
            } else if (c == ',') {
                rec.add(f.toString());
                f.setLength(0);
                any = true;
            } else if (c == '\n') {
                if (any || f.length() > 0) {
                    rec.add(f.toString());
                    out.add(rec);
                }
                rec = new ArrayList<>();
                f.setLength(0);
                any = false;
            } else {
                f.append(c);
            }
        }
        if (any || f.length() > 0) {
            rec.add(f.toString());
            out.add(rec);
        }
        return out;
    }

    /** Held-out tail of a Tatoeba file, the rule of the training stage (tools' eval.HeldOut): 100 lines, or half a short file. */
    static int heldOut(int lines) {
        return lines >= 200 ? 100 : lines / 2;
    }

    /** The 3-letter codes xxx of the {@code parallel/tatoeba/xxx-eng.xxx} files, sorted. */
    static List<String> tatoebaLanguages(Path data) {
        Path dir = data.resolve("parallel/tatoeba");
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("[a-z]{3}-eng\\.[a-z]{3}") && !n.endsWith(".eng"))
                    .map(n -> n.substring(0, 3)).sorted().toList();
        } catch (IOException e) {
            throw new IndexProblem(dir + ": cannot list: " + e.getMessage(), e);
        }
    }

    /** Every {@code *_text.txt} under {@code tweets/}, sorted. */
    static List<Path> tweetFiles(Path data) {
        try (Stream<Path> s = Files.walk(data.resolve("tweets"))) {
            return s.filter(p -> p.getFileName().toString().endsWith("_text.txt")).sorted().toList();
        } catch (IOException e) {
            throw new IndexProblem(data.resolve("tweets") + ": cannot list: " + e.getMessage(), e);
        }
    }
}
