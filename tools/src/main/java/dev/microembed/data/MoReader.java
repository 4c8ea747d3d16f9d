package dev.microembed.data;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The GNU gettext binary catalog ({@code .mo}): magic {@code 0x950412de} in the file's byte order (little- or
 * big-endian), revision, N, offset of the original-string table, offset of the translation table; each table has N
 * (length, offset) pairs of 32-bit numbers. Strings are in the charset the header entry (empty msgid) names, UTF-8 by
 * default; a msgid with a context is {@code context \u0004 msgid}; plural forms are separated by {@code \0}.
 */
public final class MoReader {
    private MoReader() {}

    public static final int MAGIC = 0x950412de;

    public record Message(String msgid, String msgstr) {}

    private static final Pattern CHARSET = Pattern.compile("(?im)^content-type:.*charset=([\\w.-]+)");

    public static List<Message> read(byte[] b, String name) {
        if (b.length < 20) throw new IllegalArgumentException(name + ": too short for a .mo file");
        boolean little;
        if (le(b, 0) == MAGIC) little = true;
        else if (be(b, 0) == MAGIC) little = false;
        else throw new IllegalArgumentException(name + ": not a gettext .mo file (bad magic)");
        int revision = num(b, 4, little);
        if ((revision >>> 16) > 1) throw new IllegalArgumentException(name + ": unsupported .mo major revision " + (revision >>> 16));
        int n = num(b, 8, little), orig = num(b, 12, little), trans = num(b, 16, little);
        if (n < 0 || orig < 0 || trans < 0 || (long) orig + 8L * n > b.length || (long) trans + 8L * n > b.length)
            throw new IllegalArgumentException(name + ": string tables beyond the end of the file");
        Charset cs = StandardCharsets.UTF_8;
        List<byte[][]> raw = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] id = string(b, orig + 8 * i, little, name), str = string(b, trans + 8 * i, little, name);
            raw.add(new byte[][] {id, str});
            if (id.length == 0) {
                Matcher m = CHARSET.matcher(new String(str, StandardCharsets.ISO_8859_1));
                if (m.find()) {
                    try {
                        cs = Charset.forName(m.group(1).toUpperCase(Locale.ROOT).equals("CHARSET") ? "UTF-8" : m.group(1));
                    } catch (RuntimeException e) {
                        throw new IllegalArgumentException(name + ": unknown charset " + m.group(1));
                    }
                }
            }
        }
        List<Message> out = new ArrayList<>(n);
        for (byte[][] r : raw) out.add(new Message(new String(r[0], cs), new String(r[1], cs)));
        return out;
    }

    private static byte[] string(byte[] b, int at, boolean little, String name) {
        int len = num(b, at, little), off = num(b, at + 4, little);
        if (len < 0 || off < 0 || (long) off + len > b.length) throw new IllegalArgumentException(name + ": string beyond the end of the file");
        byte[] s = new byte[len];
        System.arraycopy(b, off, s, 0, len);
        return s;
    }

    private static int num(byte[] b, int at, boolean little) {
        return little ? le(b, at) : be(b, at);
    }

    private static int le(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }

    private static int be(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }
}
