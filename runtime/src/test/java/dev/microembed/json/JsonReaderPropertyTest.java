package dev.microembed.json;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.*;

/**
 * Numbers read to exactly the double {@link Double#parseDouble} gives (the reader's own fast path included), written
 * values read back equal, and damaged JSON either parses or fails with one positioned message, never another exception.
 */
class JsonReaderPropertyTest {
    private static Object parse(String text) {
        return JsonReader.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertSameDouble(String text) {
        double expected = Double.parseDouble(text);
        if (Double.isInfinite(expected)) {
            assertTrue(assertThrows(IllegalArgumentException.class, () -> parse(text)).getMessage().contains("beyond the double range"), text);
            return;
        }
        Object v = parse(text);
        assertInstanceOf(Double.class, v, text);
        assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits((Double) v), text);
    }

    /** Decimals as JSON writes them: any sign, integer part, fraction and exponent lengths; never integral. */
    @Provide
    Arbitrary<String> decimals() {
        Arbitrary<String> integer = Arbitraries.oneOf(Arbitraries.just("0"),
                Arbitraries.strings().withCharRange('0', '9').ofMinLength(0).ofMaxLength(24).map(s -> (char) ('1' + Math.abs(s.hashCode() % 9)) + s));
        Arbitrary<String> fraction = Arbitraries.strings().withCharRange('0', '9').ofMinLength(1).ofMaxLength(25).map(s -> "." + s);
        Arbitrary<String> exponent = Combinators.combine(Arbitraries.of("e", "E"), Arbitraries.of("", "+", "-"), Arbitraries.integers().between(0, 420))
                .as((e, sign, n) -> e + sign + n);
        return Combinators.combine(Arbitraries.of("", "-"), integer, fraction.injectNull(0.3), exponent.injectNull(0.4))
                .as((sign, i, f, e) -> sign + i + (f == null ? "" : f) + (e == null ? (f == null ? ".0" : "") : e));
    }

    @Property(tries = 3000)
    void decimalsReadAsParseDoubleReadsThem(@ForAll("decimals") String text) {
        assertSameDouble(text);
    }

    @Property(tries = 2000)
    void everyDoubleReadsBackFromItsDecimals(@ForAll long bits) {
        double d = Double.longBitsToDouble(bits);
        Assume.that(Double.isFinite(d));
        assertEquals(bits, Double.doubleToRawLongBits((Double) parse(Double.toString(d))), "shortest decimal");
        assertSameDouble(String.format(java.util.Locale.ROOT, "%.17e", d)); // 18 digits: the slow path
        assertSameDouble(String.format(java.util.Locale.ROOT, "%.8e", d));
    }

    /** Unigram scores are floats written as their shortest decimal (convert-spm): read them as parseDouble does. */
    @Property(tries = 2000)
    void floatScoresReadAsParseDoubleReadsThem(@ForAll int bits) {
        float f = Float.intBitsToFloat(bits);
        Assume.that(Float.isFinite(f));
        String text = Float.toString(f);
        assertSameDouble(text.contains(".") || text.contains("E") ? text : text + ".0");
        assertEquals(f, (float) (double) (Double) parse(Float.toString(f)));
    }

    @Property(tries = 300)
    void writtenValuesReadBackEqual(@ForAll long seed, @ForAll boolean indent) {
        Object value = randomValue(new Random(seed), 0);
        String written = JsonWriter.write(value, indent);
        assertEquals(value, parse(written), written);
        assertEquals(value, JsonReader.parse(written), "the String overload");
    }

    @Property(tries = 1000)
    void damagedJsonParsesOrSaysWhereItBroke(@ForAll long seed) {
        Random r = new Random(seed);
        byte[] good = JsonWriter.write(randomValue(r, 0), r.nextBoolean()).getBytes(StandardCharsets.UTF_8);
        byte[] bad = damage(good, r);
        Object value;
        try {
            value = JsonReader.parse(bad);
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            assertTrue(m.startsWith("malformed JSON at line ") || m.startsWith("not valid UTF-8 at line "), m);
            return;
        }
        // what parses is valid UTF-8, so the text form reads the same
        assertEquals(value, JsonReader.parse(new String(bad, StandardCharsets.UTF_8)));
    }

    private static final byte[] INSERTED = {'{', '}', '[', ']', '"', ',', ':', '\\', '0', '-', '.', 'e', (byte) 0xC3, (byte) 0xFF};

    private static byte[] damage(byte[] b, Random r) {
        byte[] out = b.clone();
        int n = 1 + r.nextInt(3);
        for (int k = 0; k < n && out.length > 0; k++) {
            int at = r.nextInt(out.length);
            switch (r.nextInt(3)) {
                case 0 -> out[at] = (byte) r.nextInt(256);
                case 1 -> out = concat(out, at, new byte[] {INSERTED[r.nextInt(INSERTED.length)]}, at);
                default -> out = concat(out, at, new byte[0], at + 1);
            }
        }
        return out;
    }

    private static byte[] concat(byte[] b, int upTo, byte[] middle, int from) {
        byte[] out = new byte[upTo + middle.length + b.length - from];
        System.arraycopy(b, 0, out, 0, upTo);
        System.arraycopy(middle, 0, out, upTo, middle.length);
        System.arraycopy(b, from, out, upTo + middle.length, b.length - from);
        return out;
    }

    /** A random value: objects, arrays, strings of any UTF-16 units (lone surrogates, controls), longs, doubles. */
    private static Object randomValue(Random r, int depth) {
        int kind = r.nextInt(depth >= 4 ? 6 : 8);
        return switch (kind) {
            case 0 -> null;
            case 1 -> r.nextBoolean();
            case 2 -> r.nextInt(4) == 0 ? r.nextLong() : (long) r.nextInt(1000) - 500;
            case 3 -> {
                double d = r.nextBoolean() ? Double.longBitsToDouble(r.nextLong()) : (r.nextInt(2_000_001) - 1_000_000) / 1e3;
                yield Double.isFinite(d) ? d : 0.5;
            }
            case 4, 5 -> randomString(r);
            case 6 -> {
                List<Object> a = new ArrayList<>();
                for (int i = r.nextInt(5); i > 0; i--) a.add(randomValue(r, depth + 1));
                yield a;
            }
            default -> {
                Map<String, Object> m = new LinkedHashMap<>();
                for (int i = r.nextInt(5); i > 0; i--) m.put(randomString(r), randomValue(r, depth + 1));
                yield m;
            }
        };
    }

    private static String randomString(Random r) {
        StringBuilder b = new StringBuilder();
        for (int i = r.nextInt(8); i > 0; i--) {
            switch (r.nextInt(4)) {
                case 0 -> b.append((char) r.nextInt(0x80));
                case 1 -> b.append((char) r.nextInt(0x10000));
                case 2 -> b.appendCodePoint(0x10000 + r.nextInt(0x100000));
                default -> b.append("\"\\/\n\t\u0000é中😀".charAt(r.nextInt(10)));
            }
        }
        return b.toString();
    }
}
