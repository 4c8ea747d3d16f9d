package dev.microembed.data;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each reader on small files in the real formats. */
class ReadersTest {
    static boolean has(List<Pair> pairs, String lang, String foreign, String english) {
        return pairs.contains(new Pair(lang, foreign, english));
    }

    @Test
    void dictdBase64NumbersAndIndex() throws Exception {
        assertEquals(0, DictdReader.base64("A"));
        assertEquals(1, DictdReader.base64("B"));
        assertEquals(63, DictdReader.base64("/"));
        assertEquals(64, DictdReader.base64("BA"));
        assertEquals(12345, DictdReader.base64(Fixtures.b64(12345)));
        assertThrows(IllegalArgumentException.class, () -> DictdReader.base64("a-b"));
        Map<String, String> e = new LinkedHashMap<>();
        e.put("00databaseurl", "00-database-url\nhttp://example.org\n");
        e.put("eins", "eins\none\n");
        e.put("zwei", "zwei\ntwo\n");
        byte[][] f = Fixtures.dictd(e);
        // a second index line pointing at the same text is read once
        String index = new String(f[0], StandardCharsets.UTF_8);
        String extra = index.lines().filter(l -> l.startsWith("zwei")).findFirst().orElseThrow().replace("zwei", "2");
        List<DictdReader.Entry> entries = DictdReader.read((index + extra + "\n").getBytes(StandardCharsets.UTF_8), f[1], "t");
        assertEquals(List.of(new DictdReader.Entry("eins", "eins\none\n"), new DictdReader.Entry("zwei", "zwei\ntwo\n")), entries);
        assertThrows(IllegalArgumentException.class, () -> DictdReader.read("x\tA\tZZZZ\n".getBytes(StandardCharsets.UTF_8), f[1], "t"));
    }

    @Test
    void freeDictEntriesSensesAndExamples() throws Exception {
        Map<String, String> e = new LinkedHashMap<>();
        e.put("hund", "Hund /hʊnt/ <masc, n, sg>\ndog <n>, hound <n>, cur <n>\n   Synonym: {Köter}\n see: {Hündin}\n");
        e.put("katze", "Katze /ˈkatsə/ <fem>\n1. cat <n>\n2. (zool.) feline [zool.], puss, kitty\n3. moggy\n");
        e.put("hallo", "Hallo /haˈloː/\nhello\n      \"Hallo, wie geht's?\"  - Hello, how are you?\n      \"Ohne Übersetzung\"\n");
        e.put("der", "der /deːɐ̯/ <art>\nthe\n");
        e.put("dollar", "Dollar-Zeichen /x/ ($) <neut>\ndollar sign <n>$\n");
        byte[][] f = Fixtures.dictd(e);
        FreeDictReader.Result r = FreeDictReader.read(f[0], f[1], "freedict-deu-eng");
        assertEquals("deu", r.lang());
        List<Pair> p = r.pairs();
        assertTrue(has(p, "deu", "Hund", "dog") && has(p, "deu", "Hund", "hound"));
        assertFalse(has(p, "deu", "Hund", "cur"), "at most 2 translations per sense");
        assertFalse(p.stream().anyMatch(x -> x.english().contains("Köter") || x.english().contains("Hündin")), "synonym/see lines skipped");
        assertTrue(has(p, "deu", "Katze", "cat") && has(p, "deu", "Katze", "feline") && has(p, "deu", "Katze", "puss"));
        assertFalse(has(p, "deu", "Katze", "kitty") || has(p, "deu", "Katze", "moggy"), "first 2 translations of the first 2 senses");
        assertTrue(has(p, "deu", "Hallo, wie geht's?", "Hello, how are you?"), "quoted example kept as a phrase pair");
        assertEquals(1, r.examples());
        assertFalse(p.stream().anyMatch(x -> x.english().equals("the")), "lone function words dropped");
        assertTrue(has(p, "deu", "Dollar-Zeichen", "dollar sign"), "trailing symbols trimmed");

        Map<String, String> en = new LinkedHashMap<>();
        en.put("dog", "dog /dɒɡ/ <n>\nHund <masc>, Köter <masc> [coll.]\n      \"The dog sleeps.\"  - Der Hund schläft.\n         Note: an animal\n");
        en.put("landmark", "landmark //ˈlændmɑɹk// <n>\n1. ランドマーク, 目標物\nnotable location\n2. 境界標\nrecognizable feature\n");
        byte[][] g = Fixtures.dictd(en);
        List<Pair> q = FreeDictReader.read(g[0], g[1], "freedict-eng-deu").pairs();
        assertTrue(has(q, "deu", "Hund", "dog") && has(q, "deu", "Köter", "dog"));
        assertTrue(has(q, "deu", "Der Hund schläft.", "The dog sleeps."), "eng-xxx: the quoted side is English");
        List<Pair> j = FreeDictReader.read(g[0], g[1], "freedict-eng-jpn").pairs();
        assertTrue(has(j, "jpn", "ランドマーク", "landmark") && has(j, "jpn", "境界標", "landmark"));
        assertFalse(j.stream().anyMatch(x -> x.foreign().contains("location")), "gloss lines after the translation are ignored");

        Map<String, String> jp = new LinkedHashMap<>();
        jp.put("じゅうおう", " [ichi1]  [news1]  縦横 /x/,  [news1]  じゅうおう /y/\n1. (noun (common) (futsuumeishi))\nlength and width, lengthwise and crosswise\n2. (じゅうおう)\nfour cardinal points\n");
        byte[][] h = Fixtures.dictd(jp);
        List<Pair> k = FreeDictReader.read(h[0], h[1], "freedict-jpn-eng").pairs();
        assertEquals(List.of(new Pair("jpn", "縦横", "length and width"), new Pair("jpn", "縦横", "lengthwise and crosswise"),
                new Pair("jpn", "縦横", "four cardinal points")), k);
        assertNull(FreeDictReader.direction("freedict-deu-fra"));
        assertThrows(IllegalArgumentException.class, () -> FreeDictReader.read(h[0], h[1], "freedict-deu-fra"));
    }

    @Test
    void freeDictCasingAndCapOrder() {
        Map<String, Integer> cased = Map.of("extends", 10, "Extends", 1, "Paris", 5, "paris", 1);
        assertEquals("extends", FreeDictReader.truecase("Extends", cased));
        assertEquals("Paris", FreeDictReader.truecase("Paris", cased));
        assertEquals("Unknown", FreeDictReader.truecase("Unknown", cased));
        Map<String, Integer> lower = Map.of("dog", 100, "house", 50, "hot", 80, "rare", 1);
        List<Pair> pairs = List.of(new Pair("deu", "selten", "rare"), new Pair("deu", "heißer Hund", "hot dog"),
                new Pair("deu", "Haus", "house"), new Pair("deu", "Hund", "dog"));
        List<Pair> capped = ParallelDataStage.capFreeDict(pairs, 3, lower);
        assertEquals(List.of(new Pair("deu", "Hund", "dog"), new Pair("deu", "heißer Hund", "hot dog"), new Pair("deu", "Haus", "house")), capped);
        assertEquals(capped, pairs.stream().sorted(FreeDictReader.capOrder(lower)).limit(3).toList(), "documented order = implemented order");
    }

    @Test
    void debianDescriptionsAlignByMd5ParagraphsAndSentences() {
        var en = DebianDescriptions.parse(Fixtures.EN_DESCRIPTIONS.getBytes(StandardCharsets.UTF_8), "en");
        var de = DebianDescriptions.parse(Fixtures.DE_DESCRIPTIONS.getBytes(StandardCharsets.UTF_8), "de");
        assertEquals(4, en.size());
        List<Pair> p = DebianDescriptions.align("deu", de, en);
        assertTrue(has(p, "deu", "Werkzeug zum Frobnizieren von Dateien", "tool to frobnicate files"), "short descriptions");
        assertTrue(has(p, "deu", "Foo frobniziert Dateien schnell.", "Foo frobnicates files quickly."));
        assertTrue(has(p, "deu", "Es ist in C geschrieben und hat keine Abhängigkeiten.", "It is written in C and has no dependencies."),
                "wrapped lines joined, sentence by sentence");
        assertTrue(has(p, "deu", "schnelles Frobnizieren", "fast frobnication"), "list items paired when the counts match");
        assertTrue(has(p, "deu", "Funktionen:", "Features:"), "and the list's lead-in");
        assertTrue(has(p, "deu", "Dieses Paket enthält das Befehlszeilenwerkzeug.", "This package contains the command line tool."));
        assertTrue(has(p, "deu", "Der Gruß ist freundlich.", "The greeting is friendly."));
        assertFalse(p.stream().anyMatch(x -> x.english().equals("library for baz")), "untranslated short description dropped");
        assertFalse(p.stream().anyMatch(x -> x.english().startsWith("Baz is")), "sentence counts differ: paragraph skipped");
        assertTrue(has(p, "deu", "Ein zweiter Absatz.", "A second paragraph."), "the other paragraph still pairs");
        assertFalse(p.stream().anyMatch(x -> x.foreign().contains("englisches Original")), "no English description: nothing");
        List<String> corpus = DebianDescriptions.englishSentences(en);
        assertTrue(corpus.contains("It is written in C and has no dependencies."));
        assertFalse(corpus.stream().anyMatch(s -> s.contains("qux --all") || s.contains("fast frobnication")), "no verbatim text, no list items");
        // CJK line wraps are not word breaks
        assertEquals("本パッケージにはサンプルアプリケーションが含まれています。", Text.joinLines(List.of("本パッケージにはサンプルアプリ", "ケーションが含まれています。")));
    }

    @Test
    void moFilesBothByteOrdersAndTheGettextFilters() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("", Fixtures.MO_HEADER);
        m.put("_Open", "Ö_ffnen");
        m.put("_File", "ファイル(_F)");
        m.put("Save &As", "Speichern &unter");
        m.put("menu\u0004Quit", "Beenden");
        m.put("One file\0Many files", "Eine Datei\0Viele Dateien");
        m.put("%d file\0%d files", "%d Datei\0%d Dateien");
        m.put("Copy {0}", "{0} kopieren");
        m.put("Delete ${name}", "${name} löschen");
        m.put("Untranslated", "Untranslated");
        m.put("<b>Bold</b>", "<b>Fett</b>");
        m.put("Empty", "");
        m.put("gtk-ok", "OK");
        m.put("translator-credits", "Jemand");
        m.put("America/Boa_Vista", "Amerika/Boa_Vista");
        m.put("-R requires -P", "-R benötigt -P");
        m.put("X", "Y");
        m.put("12", "٣٤");
        for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
            List<MoReader.Message> msgs = MoReader.read(Fixtures.mo(m, order), "t.mo");
            assertEquals(m.size(), msgs.size());
            assertTrue(msgs.contains(new MoReader.Message("menu\u0004Quit", "Beenden")));
            List<Pair> p = GettextReader.pairs("deu", msgs);
            assertEquals(List.of(new Pair("deu", "Eine Datei", "One file"), new Pair("deu", "Speichern unter", "Save As"),
                    new Pair("deu", "ファイル", "File"), new Pair("deu", "Öffnen", "Open"), new Pair("deu", "Beenden", "Quit")), p);
        }
        byte[] bad = Fixtures.mo(m, ByteOrder.LITTLE_ENDIAN);
        bad[0] = 0;
        assertThrows(IllegalArgumentException.class, () -> MoReader.read(bad, "bad.mo"));
        byte[] truncated = java.util.Arrays.copyOf(Fixtures.mo(m, ByteOrder.LITTLE_ENDIAN), 40);
        assertThrows(IllegalArgumentException.class, () -> MoReader.read(truncated, "short.mo"));
        // a catalog in another charset
        Map<String, String> latin = Map.of("", "Content-Type: text/plain; charset=ISO-8859-1\n", "Open", "Öffnen");
        byte[] iso = Fixtures.mo(latin, ByteOrder.LITTLE_ENDIAN, StandardCharsets.ISO_8859_1);
        assertTrue(MoReader.read(iso, "latin.mo").contains(new MoReader.Message("Open", "Öffnen")));
    }

    @Test
    void cldrTtsNames() {
        var en = CldrAnnotations.names(Fixtures.cldr("en", Map.of("😀", "grinning face", "🐶", "dog face", "🌍", "globe"), false).getBytes(StandardCharsets.UTF_8), "en");
        var de = CldrAnnotations.names(Fixtures.cldr("de", Map.of("😀", "grinsendes Gesicht", "🐶", "dog face", "🌍", "↑↑↑"), false).getBytes(StandardCharsets.UTF_8), "de");
        assertEquals(List.of(new Pair("deu", "grinsendes Gesicht", "grinning face")), CldrAnnotations.pairs("deu", de, en));
        assertTrue(CldrAnnotations.names("{\"annotations\": {\"identity\": {\"language\": \"und\"}}}".getBytes(StandardCharsets.UTF_8), "und").isEmpty());
        var derived = CldrAnnotations.names(Fixtures.cldr("en", Map.of("👋🏻", "waving hand: light skin tone"), true).getBytes(StandardCharsets.UTF_8), "d");
        assertEquals("waving hand: light skin tone", derived.get("👋🏻"));
        assertThrows(IllegalArgumentException.class, () -> CldrAnnotations.names("{\"x\": 1}".getBytes(StandardCharsets.UTF_8), "x"));
        assertThrows(IllegalArgumentException.class, () -> CldrAnnotations.names("{".getBytes(StandardCharsets.UTF_8), "x"));
    }

    @Test
    void englishProseFormats() {
        List<String> f = EnglishProse.fortunes("A day for firm decisions! Or is it?\n%\nThe best way to predict the future is to invent it.\n\t\t-- Alan Kay\n%\n"
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(2, f.size());
        assertFalse(f.get(1).contains("Kay"));
        List<String> w = EnglishProse.wordnet(("  1 licence header line | not read\n02084071 05 n 01 dog 0 | a member of the genus Canis; \"the dog barked all night\"\n")
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("a member of the genus Canis", "the dog barked all night"), w);
        List<String> pod = EnglishProse.pod("=head1 NAME\n\nperlfoo - a test\n\nThis is B<bold> and L<the open function|perlfunc/open> text.\n\n    my $x = 1;\n\n=begin html\n\n<p>html</p>\n\n=end html\n"
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("perlfoo - a test", "This is bold and the open function text."), pod);
        List<String> rst = EnglishProse.rst("Title\n=====\n\nUse :func:`open` to open a ``file``, see `the docs <https://x>`_.\n\n.. note::\n\n   indented\n\n>>> 1 + 1\n"
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("Use open to open a file, see the docs."), rst);
        assertEquals("dictd", EnglishProse.format("gcide.dict.dz"));
        assertNull(EnglishProse.format("gcide.index"));
        assertEquals("fortune", EnglishProse.format("science"));
        assertEquals("wordnet", EnglishProse.format("data.noun"));
    }
}
