package dev.microembed.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC-4180 reader for the STS files ({@code sentence1,sentence2,score}, no header). Kept local to
 * the train package so training does not wait on eval's StsData; errors name file and line.
 */
final class StsCsv {
    record Row(String s1, String s2, double score) {}

    private StsCsv() {}

    static List<Row> read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        List<Row> rows = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        int line = 1, recordLine = 1, i = 0, n = text.length();
        boolean quoted = false, any = false;
        while (i < n) {
            char c = text.charAt(i++);
            if (quoted) {
                if (c == '"') {
                    if (i < n && text.charAt(i) == '"') { f.append('"'); i++; } else quoted = false;
                } else { if (c == '\n') line++; f.append(c); }
            } else if (c == '"') { quoted = true; any = true; }
            else if (c == ',') { fields.add(f.toString()); f.setLength(0); any = true; }
            else if (c == '\r') { /* CRLF */ }
            else if (c == '\n') {
                if (any || f.length() > 0) { fields.add(f.toString()); rows.add(toRow(file, recordLine, fields)); }
                fields.clear(); f.setLength(0); any = false; line++; recordLine = line;
            } else { f.append(c); any = true; }
        }
        if (quoted) throw new IOException(file + ":" + recordLine + ": unterminated quoted field");
        if (any || f.length() > 0) { fields.add(f.toString()); rows.add(toRow(file, recordLine, fields)); }
        return rows;
    }

    private static Row toRow(Path file, int line, List<String> fields) throws IOException {
        if (fields.size() != 3) throw new IOException(file + ":" + line + ": expected 3 fields, found " + fields.size());
        try {
            return new Row(fields.get(0), fields.get(1), Double.parseDouble(fields.get(2).trim()));
        } catch (NumberFormatException e) {
            throw new IOException(file + ":" + line + ": score is not a number: " + fields.get(2));
        }
    }
}
