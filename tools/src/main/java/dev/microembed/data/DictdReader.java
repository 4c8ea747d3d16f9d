package dev.microembed.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * The dictd database format (FreeDict, FOLDOC, GCIDE): an {@code .index} of {@code headword \t offset \t length} lines,
 * offset and length as dictd base64 numbers (digits {@code A-Za-z0-9+/}, most significant first), into the
 * {@code .dict.dz} file, which is gzip with a dictzip random-access table in the header's extra field; it is simply
 * decompressed whole. Entries pointing at the same text are returned once (the first index line wins), in index order;
 * the {@code 00-database-*} header entries are skipped.
 */
public final class DictdReader {
    private DictdReader() {}

    public record Entry(String headword, String text) {}

    private static final String DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    public static long base64(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            int d = DIGITS.indexOf(s.charAt(i));
            if (d < 0) throw new IllegalArgumentException("not a dictd base64 number: " + s);
            n = n * 64 + d;
        }
        return n;
    }

    public static byte[] gunzip(byte[] gz) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz), 1 << 16)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("not a gzip/dictzip file: " + e.getMessage(), e);
        }
    }

    public static List<Entry> read(byte[] index, byte[] dictDz, String name) {
        byte[] dict = gunzip(dictDz);
        List<Entry> out = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        String[] lines = new String(index, StandardCharsets.UTF_8).split("\n");
        for (int ln = 0; ln < lines.length; ln++) {
            String line = lines[ln];
            if (line.isEmpty()) continue;
            String[] f = line.split("\t");
            if (f.length < 3) throw new IllegalArgumentException(name + ".index:" + (ln + 1) + ": expected headword, offset, length");
            long off, len;
            try {
                off = base64(f[1]);
                len = base64(f[2]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + ".index:" + (ln + 1) + ": " + e.getMessage());
            }
            if (off < 0 || len < 0 || off + len > dict.length)
                throw new IllegalArgumentException(name + ".index:" + (ln + 1) + ": entry beyond the end of the dictionary");
            String hw = f[0];
            if (hw.startsWith("00database") || hw.startsWith("00-database")) continue;
            if (!seen.add(off * 1_000_003L + len)) continue;
            String text = new String(dict, (int) off, (int) len, StandardCharsets.UTF_8);
            if (text.startsWith("00-database") || text.startsWith("00database")) continue;
            out.add(new Entry(hw, text));
        }
        return out;
    }
}
