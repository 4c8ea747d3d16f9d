package dev.microembed;

import static org.junit.jupiter.api.Assertions.*;

import dev.microembed.pool.PoolKernels;
import net.jqwik.api.*;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Any text — lone surrogates, controls, every script, megabytes — embeds to a unit or zero vector with the shipped model, identically with both kernels. */
class MicroembedPropertyTest {
    private static Microembed simd, scalar;

    @BeforeContainer
    static void load() {
        simd = Microembed.load(Fixtures.vocab(), PoolKernels.vector().orElseThrow());
        scalar = Microembed.load(Fixtures.vocab(), PoolKernels.scalar());
    }

    @AfterContainer
    static void close() {
        simd.close();
        scalar.close();
    }

    @Provide
    Arbitrary<String> anyText() {
        Arbitrary<Character> anyChar = Arbitraries.chars(); // includes lone surrogates and controls
        Arbitrary<String> codePoints = Arbitraries.integers().between(0, Character.MAX_CODE_POINT)
                .map(Character::toString).list().ofMaxSize(60).map(l -> String.join("", l));
        Arbitrary<String> scripts = Arbitraries.of("hello", "world", "😀", "👍🏽", "日本", "中文", "한국어", "Привет", "مرحبا", "नमस्ते", "ภาษาไทย",
                "Ελληνικά", "עברית", "ქართული", "#blessed", "lol", "@user", " ", "\t", "\u0000", "\uD800", "\uDC00", "é", "e\u0301", "!!!", "123")
                .list().ofMaxSize(80).map(l -> String.join(" ", l));
        return Arbitraries.oneOf(anyChar.list().ofMaxSize(200).map(l -> {
            StringBuilder b = new StringBuilder();
            for (char c : l) b.append(c);
            return b.toString();
        }), codePoints, scripts, Arbitraries.strings().all().ofMaxLength(300));
    }

    @Property(tries = 400)
    void unitOrZeroAndKernelsAgree(@ForAll("anyText") String text) {
        float[] a = simd.embed(text), b = scalar.embed(text);
        assertArrayEquals(b, a);
        MicroembedTest.assertUnitOrZero(a);
        float[] out = new float[simd.dim()];
        simd.embed(text, out);
        assertArrayEquals(a, out);
        int[] ids = new int[simd.maxTokens()];
        int n = simd.poolingIds(text, ids);
        if (n == 0) assertTrue(MicroembedTest.isZero(a), "no known token must give the zero vector");
        for (int i = 0; i < n; i++) assertTrue(ids[i] >= 0 && ids[i] < simd.model().vocabSize() && ids[i] != simd.tokenizer().unknownId());
    }

    /** 10 MB of text: the 512-token cap stops the work early, so this is fast and equals the embedding of a prefix. */
    @Example
    void tenMegabytes() {
        StringBuilder b = new StringBuilder(10 << 20);
        String[] words = {"hello ", "world ", "😀 ", "日本 ", "\uD800 ", "\u0000 ", "Привет "};
        for (int i = 0; b.length() < (10 << 20); i++) b.append(words[i % words.length]);
        String huge = b.toString();
        long t0 = System.nanoTime();
        float[] v = simd.embed(huge);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        MicroembedTest.assertUnitOrZero(v);
        assertFalse(MicroembedTest.isZero(v));
        assertArrayEquals(v, simd.embed(huge.substring(0, 20_000)), "only the first 512 tokens count");
        assertTrue(ms < 5_000, "10 MB took " + ms + " ms: the cap must stop the tokenizer early");
        // one giant word and a text of nothing but separators or unknown characters
        MicroembedTest.assertUnitOrZero(simd.embed("a".repeat(10 << 20)));
        assertTrue(MicroembedTest.isZero(simd.embed(" ".repeat(10 << 20))));
        assertTrue(MicroembedTest.isZero(simd.embed("\u0000".repeat(1 << 20))));
    }
}
