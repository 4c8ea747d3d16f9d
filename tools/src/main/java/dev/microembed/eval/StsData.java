package dev.microembed.eval;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A semantic-textual-similarity data set: pairs of sentences with a gold similarity score.
 *
 * <p>File format (that of {@code ../shared/data/sts}): UTF-8 CSV without a header, RFC 4180 quoting
 * ({@code "..."} fields may hold commas, line breaks and doubled {@code ""} quotes), exactly three
 * fields per record {@code sentence1,sentence2,score}, score a finite number. Blank lines are
 * ignored, a leading byte-order mark is skipped, CRLF and LF both end a record. Any other deviation
 * is a {@link MalformedDataException} naming the file, the line and the reason.
 */
public final class StsData {
    /** One scored sentence pair. */
    public record Pair(String sentence1, String sentence2, double score) {}

    private final String name;
    private final List<Pair> pairs;

    public StsData(String name, List<Pair> pairs) {
        this.name = name;
        this.pairs = List.copyOf(pairs);
    }

    /** Reads an STS CSV file. */
    public static StsData read(Path csv) throws IOException {
        return parse(csv.toString(), readUtf8(csv));
    }

    /** Parses STS CSV text; {@code name} is used in error messages. */
    public static StsData parse(String name, String csvText) {
        try {
            return parse(name, new StringReader(csvText));
        } catch (IOException e) {
            throw new AssertionError(e); // a StringReader does not fail
        }
    }

    /** Parses STS CSV from a reader; {@code name} is used in error messages. */
    public static StsData parse(String name, Reader in) throws IOException {
        List<Pair> pairs = new ArrayList<>();
        CsvReader csv = new CsvReader(name, in);
        List<String> fields;
        while ((fields = csv.next()) != null) {
            int line = csv.recordLine();
            if (fields.size() == 1 && fields.get(0).isEmpty() && !csv.lastRecordQuoted()) continue; // blank line
            if (fields.size() != 3) {
                throw new MalformedDataException(name, line,
                        "expected 3 fields sentence1,sentence2,score but found " + fields.size());
            }
            pairs.add(new Pair(fields.get(0), fields.get(1), parseScore(name, line, fields.get(2))));
        }
        if (pairs.isEmpty()) throw new MalformedDataException(name, 0, "no sentence pairs in file");
        return new StsData(name, pairs);
    }

    /**
     * Cross-lingual STS from two line-aligned translations of the same STS file: sentence1 of record
     * i comes from {@code first}, sentence2 of record i from {@code second}, the gold score from
     * {@code first}. Both files must have the same number of records and the same score on each record
     * (a differing score means the files are not aligned).
     */
    public static StsData crossLingual(Path first, Path second) throws IOException {
        return crossLingual(read(first), read(second));
    }

    /** Cross-lingual pairing of two parsed, aligned STS sets; see {@link #crossLingual(Path, Path)}. */
    public static StsData crossLingual(StsData first, StsData second) {
        String name = first.name + "+" + second.name;
        if (first.size() != second.size()) {
            throw new MalformedDataException(second.name, 0, "not aligned with " + first.name + ": "
                    + second.size() + " records vs " + first.size());
        }
        List<Pair> out = new ArrayList<>(first.size());
        for (int i = 0; i < first.size(); i++) {
            Pair a = first.pairs.get(i), b = second.pairs.get(i);
            if (Math.abs(a.score() - b.score()) > 1e-6) {
                throw new MalformedDataException(second.name, i + 1, "not aligned with " + first.name
                        + ": record " + (i + 1) + " has score " + b.score() + " but " + a.score() + " there");
            }
            out.add(new Pair(a.sentence1(), b.sentence2(), a.score()));
        }
        return new StsData(name, out);
    }

    /** Name given at parse time (the file path, or "A+B" for cross-lingual sets). */
    public String name() {
        return name;
    }

    public int size() {
        return pairs.size();
    }

    public List<Pair> pairs() {
        return pairs;
    }

    public List<String> sentences1() {
        return pairs.stream().map(Pair::sentence1).toList();
    }

    public List<String> sentences2() {
        return pairs.stream().map(Pair::sentence2).toList();
    }

    public double[] scores() {
        double[] s = new double[pairs.size()];
        for (int i = 0; i < s.length; i++) s[i] = pairs.get(i).score();
        return s;
    }

    /** The first {@code n} pairs (all if fewer), for quick runs. */
    public StsData head(int n) {
        return n >= pairs.size() ? this : new StsData(name, pairs.subList(0, n));
    }

    private static double parseScore(String name, int line, String field) {
        String t = field.strip();
        double v;
        try {
            v = Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new MalformedDataException(name, line, "score '" + abbreviate(t)
                    + "' is not a number (the file must have no header row)");
        }
        if (!Double.isFinite(v)) throw new MalformedDataException(name, line, "score '" + t + "' is not finite");
        return v;
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    /** Reads a file as strict UTF-8 so that a wrong encoding is reported instead of silently garbled. */
    static String readUtf8(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedDataException(file, firstBadUtf8Line(bytes), "not valid UTF-8");
        }
    }

    private static int firstBadUtf8Line(byte[] b) {
        int line = 1;
        int i = 0;
        while (i < b.length) {
            int c = b[i] & 0xff;
            int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : -1;
            if (len < 0 || i + len > b.length) return line;
            for (int k = 1; k < len; k++) if ((b[i + k] & 0xc0) != 0x80) return line;
            if (c == '\n') line++;
            i += len;
        }
        return line;
    }

    /** Minimal RFC 4180 record reader that tracks line numbers for messages. */
    static final class CsvReader {
        private final String name;
        private final Reader in;
        private int line = 1;
        private int recordLine;
        private boolean quotedSeen;
        private int pushback = -2;
        private boolean first = true;

        CsvReader(String name, Reader in) {
            this.name = name;
            this.in = in;
        }

        int recordLine() {
            return recordLine;
        }

        boolean lastRecordQuoted() {
            return quotedSeen;
        }

        private int read() throws IOException {
            if (pushback != -2) {
                int c = pushback;
                pushback = -2;
                return c;
            }
            int c = in.read();
            if (first) {
                first = false;
                if (c == '\uFEFF') c = in.read();
            }
            return c;
        }

        /** Next record's fields, or null at end of input. */
        List<String> next() throws IOException {
            int c = read();
            if (c == -1) return null;
            recordLine = line;
            quotedSeen = false;
            List<String> fields = new ArrayList<>(3);
            StringBuilder sb = new StringBuilder();
            boolean fieldStart = true;
            while (true) {
                if (c == -1) {
                    fields.add(sb.toString());
                    return fields;
                }
                if (c == '"' && fieldStart) {
                    quotedSeen = true;
                    int openLine = line;
                    while (true) {
                        int d = read();
                        if (d == -1) {
                            throw new MalformedDataException(name, openLine, "quoted field is never closed");
                        }
                        if (d == '"') {
                            int e = read();
                            if (e == '"') {
                                sb.append('"');
                                continue;
                            }
                            if (e != ',' && e != '\n' && e != '\r' && e != -1) {
                                throw new MalformedDataException(name, line,
                                        "unexpected character after closing quote (a quote inside a quoted field must be doubled)");
                            }
                            c = e;
                            break;
                        }
                        if (d == '\n') line++;
                        sb.append((char) d);
                    }
                    fieldStart = false;
                    continue;
                }
                if (c == ',') {
                    fields.add(sb.toString());
                    sb.setLength(0);
                    fieldStart = true;
                    c = read();
                    continue;
                }
                if (c == '\r' || c == '\n') {
                    if (c == '\r') {
                        int d = read();
                        if (d != '\n') pushback = d;
                    }
                    line++;
                    fields.add(sb.toString());
                    return fields;
                }
                if (c == '"') {
                    throw new MalformedDataException(name, line,
                            "quote inside an unquoted field (quote the whole field and double the quote)");
                }
                sb.append((char) c);
                fieldStart = false;
                c = read();
            }
        }
    }
}
