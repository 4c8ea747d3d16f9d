package dev.microembed.json;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonReaderTest {
    private static Object parse(String text) {
        return JsonReader.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String rejection(byte[] utf8) {
        return assertThrows(IllegalArgumentException.class, () -> JsonReader.parse(utf8), () -> new String(utf8, StandardCharsets.UTF_8)).getMessage();
    }

    private static String rejection(String text) {
        return rejection(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void valuesBecomeMapsListsAndBoxes() {
        Map<?, ?> m = (Map<?, ?>) parse(" {\"b\": [1, -2.5, true, false, null, \"x\"], \"a\": {}, \"c\": []}\n");
        assertEquals(List.of("b", "a", "c"), List.copyOf(m.keySet()), "key order kept");
        assertEquals(java.util.Arrays.asList(1L, -2.5, true, false, null, "x"), m.get("b"));
        assertEquals(Map.of(), m.get("a"));
        assertEquals(List.of(), m.get("c"));
        assertEquals("only", parse("\"only\""));
    }

    @Test
    void integersAreLongsAndTheRestDoubles() {
        assertEquals(0L, parse("0"));
        assertEquals(0L, parse("-0"));
        assertEquals(Long.MAX_VALUE, parse("9223372036854775807"));
        assertEquals(Long.MIN_VALUE, parse("-9223372036854775808"));
        assertEquals(123456789012345678L, parse("123456789012345678"));
        assertEquals(9.223372036854775808e18, parse("9223372036854775808")); // beyond long: a Double, as every longer integer
        assertEquals(1e30, parse("1000000000000000000000000000000"));
        assertEquals(1.0, parse("1.0"));
        assertEquals(100.0, parse("1e2"));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits((Double) parse("-0.0")));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits((Double) parse("-0e7")));
        assertEquals(0.0, parse("1e-400"), "underflow is zero, as parseDouble");
        assertEquals(4.9e-324, parse("4.9e-324"));
        assertEquals(Double.MAX_VALUE, parse("1.7976931348623157e308"));
    }

    @Test
    void doublesAreCorrectlyRounded() {
        // Tricky decimals: halfway cases, subnormals, 17-digit scores (the Viterbi tie of reports/model2vec-2026-12-03.md),
        // the fast path's edges (15 digits, 10^22) and just beyond them.
        String[] cases = {"0.1", "0.2", "0.3", "2.2250738585072011e-308", "2.2250738585072012e-308", "9007199254740993.0",
                "9007199254740992.5", "-10.123456", "-9.857131958007812", "-12.345678901234567", "-3.4028234663852886e38",
                "1.00000000000000011102230246251565404236316680908203125", "123456789012345e22", "123456789012345e-22",
                "1234567890123456e22", "0.000000000000000000000000000001", "1e23", "8.41e21", "1e-22", "1e22",
                "5e-324", "2.4703282292062327e-324", "2.4703282292062328e-324", "-7.000000000000001", "0.30000000000000004",
                "-2.718281828459045", "3.141592653589793238462643383279", "1.5e-45", "-1.1754942e-38", "-13.288039"};
        for (String c : cases) {
            Object v = parse(c);
            assertInstanceOf(Double.class, v, c);
            assertEquals(Double.doubleToRawLongBits(Double.parseDouble(c)), Double.doubleToRawLongBits((Double) v), c);
        }
    }

    @Test
    void numbersOutsideTheGrammarAreRejected() {
        for (String bad : new String[] {"01", "-01", "00", "-", "-x", "1.", "1.e5", ".5", "-.5", "+1", "1e", "1e+", "1E-", "0x10",
                "1.5.3", "1e5e5", "--1", "1-", "Infinity", "NaN", "-Infinity", "[1.]", "{\"a\":01}"})
            assertTrue(rejection(bad).contains("malformed JSON"), bad);
        assertTrue(rejection("01").contains("no leading zeros"));
        String huge = rejection("[1e400]");
        assertTrue(huge.contains("beyond the double range") && huge.contains("byte offset 1"), huge);
        assertTrue(rejection("-1" + "0".repeat(400)).contains("beyond the double range"));
        assertEquals(1e300, parse("1" + "0".repeat(300)));
        assertEquals(1.0, parse("1." + "0".repeat(100_000)), "a long number is read, not a problem");
    }

    @Test
    void escapesAndUnicode() {
        assertEquals("\"\\/\b\f\n\r\t", parse("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\""));
        assertEquals("A\u00e9\u4e2d", parse("\"\\u0041\\u00E9\\u4E2d\""));
        assertEquals("\uD83D\uDE00", parse("\"\\uD83D\\uDE00\""), "an escaped surrogate pair");
        assertEquals("\uD83D\uDE00 é 中", parse("\"😀 é 中\""), "raw UTF-8");
        assertEquals("x\uD800y", parse("\"x\\uD800y\""), "an escaped lone surrogate is valid JSON and kept");
        assertEquals("\u007f", parse("\"\u007f\""), "DEL is not a control character in JSON");
        for (String bad : new String[] {"\"\\x\"", "\"\\u12G4\"", "\"\\u12\"", "\"\\u", "\"\\", "\"abc", "\"a\nb\"", "\"a\tb\"", "\"\u0000\"",
                "\"\\U0041\"", "\"\\u+041\"", "\"\\u０041\""})
            assertThrows(IllegalArgumentException.class, () -> parse(bad), bad);
        assertTrue(rejection("\"a\u0001\"").contains("control character"));
        assertTrue(rejection("\"\\q\"").contains("bad escape"));
    }

    @Test
    void invalidUtf8IsRejectedWithItsPosition() {
        byte[][] bad = {
            {'"', (byte) 0xC0, (byte) 0x80, '"'}, // overlong NUL
            {'"', (byte) 0xC1, (byte) 0xBF, '"'}, // overlong
            {'"', (byte) 0xE0, (byte) 0x80, (byte) 0x80, '"'}, // overlong 3-byte
            {'"', (byte) 0xF0, (byte) 0x80, (byte) 0x80, (byte) 0x80, '"'}, // overlong 4-byte
            {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'}, // U+D800 encoded: a surrogate
            {'"', (byte) 0xED, (byte) 0xBF, (byte) 0xBF, '"'}, // U+DFFF
            {'"', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"'}, // beyond U+10FFFF
            {'"', (byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80, '"'},
            {'"', (byte) 0xF8, '"'}, {'"', (byte) 0xFF, '"'}, {'"', (byte) 0x80, '"'}, // no lead byte
            {'"', (byte) 0xE2, (byte) 0x82, '"'}, // truncated
            {'"', (byte) 0xE2, (byte) 0x82}, // truncated at the end of input
            {'"', (byte) 0xC3, 'x', '"'}, // continuation missing
            {'[', (byte) 0xC3, ']'}, // outside a string
        };
        for (byte[] b : bad) {
            String m = rejection(b);
            assertTrue(m.startsWith("not valid UTF-8 at line 1, column "), m);
            assertTrue(m.contains("byte offset 1)"), m);
        }
        assertEquals("\uDBFF\uDFFF", JsonReader.parse(new byte[] {'"', (byte) 0xF4, (byte) 0x8F, (byte) 0xBF, (byte) 0xBF, '"'}), "U+10FFFF is fine");
        assertTrue(rejection(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'}).contains("byte order mark"));
    }

    @Test
    void structureErrorsSayWhereAndWhat() {
        for (String bad : new String[] {"", " ", "{", "[", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "[1,]", "[1 2]", "{a:1}", "{'a':1}",
                "nul", "tru", "falsey", "[] x", "{}{}", "[1]]", "// comment\n{}", "{\"a\":1 \"b\":2}"})
            assertTrue(rejection(bad).startsWith("malformed JSON at line "), bad);
        String m = rejection("{\n  \"ok\": 1,\n  \"é\": tru\n}");
        assertEquals("malformed JSON at line 3, column 8 (byte offset 21): expected true", m);
    }

    @Test
    void duplicateKeysAreRejected() {
        String m = rejection("{\"a\": 1, \"b\": {\"x\": 1, \"x\": 2}}");
        assertTrue(m.contains("duplicate key \"x\"") && m.contains("byte offset 23"), m);
        assertEquals(List.of(Map.of("a", 1L), Map.of("a", 2L)), parse("[{\"a\":1},{\"a\":2}]"), "the same key in two objects is fine");
    }

    @Test
    void nestingIsCappedWithoutOverflowingTheStack() {
        int max = JsonReader.MAX_DEPTH;
        assertInstanceOf(List.class, parse("[".repeat(max + 1) + "]".repeat(max + 1)), "depth " + max + " is allowed");
        assertTrue(rejection("[".repeat(max + 2) + "]".repeat(max + 2)).contains("nesting deeper than " + max));
        assertTrue(rejection("{\"a\":".repeat(max + 2) + "1" + "}".repeat(max + 2)).contains("nesting deeper"));
        assertTrue(rejection("[".repeat(1_000_000)).contains("nesting deeper"), "no StackOverflowError");
        assertTrue(rejection("[{\"a\":".repeat(500_000)).contains("nesting deeper"));
    }

    @Test
    void stringInputIsReadAsItsUtf8() {
        assertEquals(Map.of("é", List.of("😀")), JsonReader.parse("{\"é\": [\"😀\"]}"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JsonReader.parse("[\"a\uD800\"]")).getMessage().contains("lone surrogate at char offset 3"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JsonReader.parse("[\"\uDC00\uD800\"]")).getMessage().contains("lone surrogate"));
        assertEquals(List.of("\uD83D\uDE00"), JsonReader.parse("[\"\uD83D\uDE00\"]"));
    }

    // ---------------------------------------------------------------- the flat id map (tokenizer.json model.vocab)

    private static Object withVocab(String json) {
        return JsonReader.parse(json.getBytes(StandardCharsets.UTF_8), "model", "vocab");
    }

    private static String vocabRejection(String json) {
        return assertThrows(IllegalArgumentException.class, () -> withVocab(json), json).getMessage();
    }

    @Test
    void theObjectOnThePathIsReadAsFlatArrays() {
        Map<?, ?> root = (Map<?, ?>) withVocab("{\"vocab\": {\"a\": 1}, \"model\": {\"type\": \"WordPiece\", \"vocab\": {\"[UNK]\": 0, \"h\\u00e9\": 7, \"😀\": 2, \"\": 3, \"h\\u00e9\": 5}}}");
        assertInstanceOf(Map.class, root.get("vocab"), "only the path from the root");
        JsonReader.IdMap v = (JsonReader.IdMap) ((Map<?, ?>) root.get("model")).get("vocab");
        assertEquals(5, v.size);
        assertEquals(7, v.maxId);
        String[] keys = new String[v.size];
        for (int k = 0; k < v.size; k++) keys[k] = new String(v.chars, v.start[k], v.length[k]);
        assertArrayEquals(new String[] {"[UNK]", "hé", "😀", "", "hé"}, keys, "file order, duplicates kept for the consumer");
        assertArrayEquals(new int[] {0, 7, 2, 3, 5}, java.util.Arrays.copyOf(v.id, v.size));
        assertEquals(v.start[4] + v.length[4], v.charCount);

        JsonReader.IdMap empty = (JsonReader.IdMap) ((Map<?, ?>) ((Map<?, ?>) withVocab("{\"model\":{\"vocab\":{ }}}")).get("model")).get("vocab");
        assertEquals(0, empty.size);
        assertEquals(-1, empty.maxId);
        Object unigram = ((Map<?, ?>) ((Map<?, ?>) withVocab("{\"model\":{\"vocab\":[[\"a\",-1.5]]}}")).get("model")).get("vocab");
        assertEquals(List.of(List.of("a", -1.5)), unigram, "a value there that is not an object is read as usual");
        assertInstanceOf(Map.class, ((Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) withVocab("{\"model\":{\"x\":{\"vocab\":{\"a\":1}}}}")).get("model")).get("x")).get("vocab"));
    }

    @Test
    void manyEntriesGrowTheArrays() {
        StringBuilder b = new StringBuilder("{\"model\":{\"vocab\":{");
        for (int i = 0; i < 20_000; i++) b.append(i == 0 ? "" : ",").append("\"tok").append(i).append("é\":").append(19_999 - i);
        JsonReader.IdMap v = (JsonReader.IdMap) ((Map<?, ?>) ((Map<?, ?>) withVocab(b.append("}}}").toString())).get("model")).get("vocab");
        assertEquals(20_000, v.size);
        assertEquals(19_999, v.maxId);
        assertEquals("tok12345é", new String(v.chars, v.start[12345], v.length[12345]));
        assertEquals(19_999 - 12345, v.id[12345]);
    }

    @Test
    void badVocabularyEntriesSayWhichAndWhere() {
        String m = vocabRejection("{\"model\":{\"vocab\":{\"a\":0,\"b\":-3}}}");
        assertTrue(m.contains("model.vocab[\"b\"] has id -3 out of range") && m.contains("byte offset 29"), m);
        assertTrue(vocabRejection("{\"model\":{\"vocab\":{\"a\":1.5}}}").contains("model.vocab[\"a\"] must be an integer"));
        assertTrue(vocabRejection("{\"model\":{\"vocab\":{\"a\":\"1\"}}}").contains("must be an integer"));
        assertTrue(vocabRejection("{\"model\":{\"vocab\":{\"a\":null}}}").contains("must be an integer"));
        assertTrue(vocabRejection("{\"model\":{\"vocab\":{\"a\":2147483632}}}").contains("out of range"));
        assertTrue(vocabRejection("{\"model\":{\"vocab\":{\"a\":99999999999999}}}").contains("out of range"));
        assertTrue(vocabRejection("{\"model\":{\"vocab\":{\"a\":01}}}").contains("malformed JSON"), "the grammar still holds");
        assertTrue(vocabRejection("{\"model\":{\"vocab\":{\"a\":1e2}}}").contains("must be an integer"));
        assertTrue(vocabRejection("{\"model\":{\"vocab\":{\"x\\uD800\":1}}}").contains("lone surrogate"));
        assertTrue(vocabRejection("{\"model\":{\"vocab\":{\"a\":1,}}}").contains("expected object key"));
        assertTrue(vocabRejection("{\"model\":{\"vocab\":{\"a\":1 \"b\":2}}}").contains("expected ',' or '}'"));
        assertTrue(vocabRejection("{\"model\":{\"vocab\":{\"a\" 1}}}").contains("expected ':'"));
        assertTrue(vocabRejection("{\"model\":{\"vocab\":{\"a\":1").contains("unterminated object"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JsonReader.parse(
                new byte[] {'{', '"', 'm', 'o', 'd', 'e', 'l', '"', ':', '{', '"', 'v', 'o', 'c', 'a', 'b', '"', ':', '{', '"', (byte) 0xC3, '"', ':', '1', '}', '}', '}'},
                "model", "vocab")).getMessage().startsWith("not valid UTF-8"));
        assertTrue(vocabRejection("{\"model\":{\"vocab\":{\"a\":1}, \"vocab\":{}}}").contains("duplicate key \"vocab\""));
    }
}
