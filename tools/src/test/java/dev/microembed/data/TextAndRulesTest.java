package dev.microembed.data;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Cleaning, sentence splitting, the English filter, language codes and the held-out rule. */
class TextAndRulesTest {
    @Test
    void cleaningAndSentences() {
        assertEquals("a b c", Text.clean("  a\tb\n\u0000 c\u00a0 "));
        assertEquals("ok", Text.clean("ok"));
        assertEquals("", Text.clean(" \t\n"));
        assertEquals(List.of("It works.", "Does it?", "Yes!"), Text.sentences("It works. Does it? Yes!"));
        assertEquals(List.of("George W. Bush and Mr. Smith met, e.g. in London."), Text.sentences("George W. Bush and Mr. Smith met, e.g. in London."));
        assertEquals(List.of("He said \"stop.\"", "Then he left."), Text.sentences("He said \"stop.\" Then he left."));
        assertEquals(List.of("version 2.0 is out. it is lowercase"), Text.sentences("version 2.0 is out. it is lowercase"));
        assertEquals(List.of("これはペンです。", "あれは本です。"), Text.sentences("これはペンです。あれは本です。"));
        assertEquals(List.of("이것은 펜입니다.", "저것은 책입니다."), Text.sentences("이것은 펜입니다. 저것은 책입니다."));
    }

    @Test
    void englishSentenceFilter() {
        assertTrue(Text.englishSentence("The quick brown fox jumps over the lazy dog."));
        assertFalse(Text.englishSentence("Too short here."));
        assertFalse(Text.englishSentence("See https://example.org for the full details."));
        assertFalse(Text.englishSentence("Call foo_bar(x) to get the value back."));
        assertFalse(Text.englishSentence("if (x == y) { return z; } else go on"));
        assertFalse(Text.englishSentence("1. First item of a numbered list here"));
        assertFalse(Text.englishSentence("THIS SOFTWARE IS PROVIDED AS IS WITHOUT WARRANTY."));
        assertTrue(Text.englishSentence("Das ist ein ganz normaler Satz"), "Latin script passes: the filter is not a language identifier");
    }

    @Test
    void languageCodes() {
        assertEquals("deu", Languages.iso3("de"));
        assertEquals("deu", Languages.iso3("de_DE"));
        assertEquals("por", Languages.iso3("pt_BR"));
        assertEquals("por", Languages.iso3("pt"));
        assertEquals("cmn", Languages.iso3("zh_CN"));
        assertEquals("cmn", Languages.iso3("zh_TW"));
        assertEquals("cmn", Languages.iso3("zh-Hant"));
        assertEquals("cmn", Languages.iso3("zh"));
        assertEquals("ara", Languages.iso3("ar"));
        assertEquals("tur", Languages.iso3("tr"));
        assertEquals("kor", Languages.iso3("ko"));
        assertEquals("jpn", Languages.iso3("ja"));
        assertEquals("hin", Languages.iso3("hi"));
        assertEquals("heb", Languages.iso3("he"));
        assertEquals("ind", Languages.iso3("id"));
        assertEquals("pes", Languages.iso3("fa"));
        assertEquals("zsm", Languages.iso3("ms"));
        assertEquals("lvs", Languages.iso3("lv"));
        assertEquals("nob", Languages.iso3("nb"));
        assertEquals("nob", Languages.iso3("nor"));
        assertEquals("nno", Languages.iso3("nn"));
        assertEquals("swh", Languages.iso3("sw"));
        assertEquals("ast", Languages.iso3("ast"));
        assertEquals("srp", Languages.iso3("sr"));
        assertEquals("srp", Languages.iso3("sr-Cyrl"));
        assertEquals("eng", Languages.iso3("en_GB"));
        assertNull(Languages.iso3("sr@latin"));
        assertNull(Languages.iso3("sr-Latn"));
        assertNull(Languages.iso3("ca-ES-valencia"));
        assertNull(Languages.iso3("und"));
        assertNull(Languages.iso3("xx"));
        assertNull(Languages.iso3("C"));
    }

    @Test
    void heldOutRuleIsOneStableFunctionOfTheEnglishText() {
        // golden values: first 8 bytes of SHA-256 (hashlib) mod 100
        assertEquals(0, HeldOutSplit.bucket("hello world"));
        assertEquals(68, HeldOutSplit.bucket("the dog is sleeping"));
        assertEquals(47, HeldOutSplit.bucket("open file"));
        assertEquals(HeldOutSplit.bucket("hello world"), HeldOutSplit.bucket("  Hello \t World "), "case and spacing do not matter");
        assertEquals("heldout", HeldOutSplit.split("Hello World", 3));
        assertEquals("train", HeldOutSplit.split("Hello World", 0));
        assertEquals("train", HeldOutSplit.split("open file", 47));
        assertEquals("heldout", HeldOutSplit.split("open file", 48));
        Random r = new Random(1);
        int held = 0, n = 20000;
        for (int i = 0; i < n; i++) if (HeldOutSplit.heldOut("sentence " + r.nextLong(), 3)) held++;
        assertEquals(0.03, held / (double) n, 0.005);
    }
}
