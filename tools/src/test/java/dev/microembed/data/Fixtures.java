package dev.microembed.data;

import dev.microembed.model.ModelFolder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/** Small training-data files in the real formats, written by the tests (no installed packages needed). */
public final class Fixtures {
    private Fixtures() {}

    static final String DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    static String b64(long n) {
        if (n == 0) return "A";
        StringBuilder b = new StringBuilder();
        while (n > 0) { b.insert(0, DIGITS.charAt((int) (n % 64))); n /= 64; }
        return b.toString();
    }

    static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(o)) { g.write(b); }
        return o.toByteArray();
    }

    /** A dictd database: index lines (headword, offset, length) and the gzip-compressed text, in entry order. */
    static byte[][] dictd(Map<String, String> entries) throws IOException {
        StringBuilder index = new StringBuilder();
        ByteArrayOutputStream dict = new ByteArrayOutputStream();
        for (var e : entries.entrySet()) {
            byte[] t = e.getValue().getBytes(StandardCharsets.UTF_8);
            index.append(e.getKey()).append('\t').append(b64(dict.size())).append('\t').append(b64(t.length)).append('\n');
            dict.write(t);
        }
        return new byte[][] {index.toString().getBytes(StandardCharsets.UTF_8), gzip(dict.toByteArray())};
    }

    /** A gettext .mo file (messages sorted by msgid, as msgfmt writes them) in the given byte order. */
    static byte[] mo(Map<String, String> messages, ByteOrder order) {
        return mo(messages, order, StandardCharsets.UTF_8);
    }

    static byte[] mo(Map<String, String> messages, ByteOrder order, java.nio.charset.Charset cs) {
        TreeMap<String, String> m = new TreeMap<>(messages);
        int n = m.size();
        int origTable = 28, transTable = origTable + 8 * n, data = transTable + 8 * n;
        List<byte[]> ids = new ArrayList<>(), strs = new ArrayList<>();
        for (var e : m.entrySet()) {
            ids.add(e.getKey().getBytes(cs));
            strs.add(e.getValue().getBytes(cs));
        }
        int size = data;
        for (byte[] b : ids) size += b.length + 1;
        for (byte[] b : strs) size += b.length + 1;
        ByteBuffer buf = ByteBuffer.allocate(size).order(order);
        buf.putInt(MoReader.MAGIC).putInt(0).putInt(n).putInt(origTable).putInt(transTable).putInt(0).putInt(0);
        int off = data;
        for (int i = 0; i < n; i++) { buf.putInt(origTable + 8 * i, ids.get(i).length).putInt(origTable + 8 * i + 4, off); off += ids.get(i).length + 1; }
        for (int i = 0; i < n; i++) { buf.putInt(transTable + 8 * i, strs.get(i).length).putInt(transTable + 8 * i + 4, off); off += strs.get(i).length + 1; }
        buf.position(data);
        for (byte[] b : ids) buf.put(b).put((byte) 0);
        for (byte[] b : strs) buf.put(b).put((byte) 0);
        return buf.array();
    }

    static final String MO_HEADER = "Project-Id-Version: test\nContent-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=2; plural=(n != 1);\n";

    static String cldr(String locale, Map<String, String> tts, boolean derived) {
        StringBuilder b = new StringBuilder("{\"" + (derived ? "annotationsDerived" : "annotations") + "\": {\"identity\": {\"language\": \"" + locale + "\"}, \"annotations\": {");
        boolean first = true;
        for (var e : tts.entrySet()) {
            if (!first) b.append(',');
            first = false;
            b.append("\"").append(e.getKey()).append("\": {\"default\": [\"kw\"], \"tts\": [\"").append(e.getValue()).append("\"]}");
        }
        return b.append("}}}").toString();
    }

    static void write(Path f, byte[] b) throws IOException {
        Files.createDirectories(f.getParent());
        Files.write(f, b);
    }

    static void write(Path f, String s) throws IOException {
        write(f, s.getBytes(StandardCharsets.UTF_8));
    }

    static final String EN_DESCRIPTIONS = """
            Package: foo
            Description-md5: 11111111111111111111111111111111
            Description-en: tool to frobnicate files
             Foo frobnicates files quickly. It is written in C and has no dependencies.
             .
             Features:
              * fast frobnication
              * small memory footprint
             .
             This package contains the command line tool.

            Package: bar
            Description-md5: 22222222222222222222222222222222
            Description-en: hello world
             Bar prints a greeting. The greeting is friendly.

            Package: baz
            Description-md5: 33333333333333333333333333333333
            Description-en: library for baz
             Baz is a library. It has two sentences.
             .
             A second paragraph.

            Package: qux
            Description-md5: 44444444444444444444444444444444
            Description-en: verbatim example
             Run it like this:
               qux --all
            """;

    static final String DE_DESCRIPTIONS = """
            Package: foo
            Description-md5: 11111111111111111111111111111111
            Description-de: Werkzeug zum Frobnizieren von Dateien
             Foo frobniziert Dateien schnell. Es ist in C geschrieben und hat keine
             Abhängigkeiten.
             .
             Funktionen:
              * schnelles Frobnizieren
              * geringer Speicherbedarf
             .
             Dieses Paket enthält das Befehlszeilenwerkzeug.

            Package: bar
            Description-md5: 22222222222222222222222222222222
            Description-de: Hallo Welt
             Bar gibt einen Gruß aus. Der Gruß ist freundlich.

            Package: baz
            Description-md5: 33333333333333333333333333333333
            Description-de: library for baz
             Baz ist eine Bibliothek mit nur einem Satz.
             .
             Ein zweiter Absatz.

            Package: unknown
            Description-md5: 99999999999999999999999999999999
            Description-de: ohne englisches Original
            """;

    static final String PT_BR_DESCRIPTIONS = """
            Package: bar
            Description-md5: 22222222222222222222222222222222
            Description-pt_BR: olá mundo
             Bar imprime uma saudação. A saudação é amigável.
            """;

    /** A complete installed-data folder with every source and a sources.tsv; returns the folder. */
    public static Path trainingData(Path dir) throws IOException {
        Map<String, String> deuEng = new LinkedHashMap<>();
        deuEng.put("00databaseinfo", "00-database-info\nThis is a test dictionary.\n");
        deuEng.put("hund", "Hund /hʊnt/ <masc, n, sg>\ndog <n>, hound <n>\n   Synonym: {Köter}\n see: {Hündin}\n");
        deuEng.put("katze", "Katze /ˈkatsə/ <fem, n, sg>\n1. cat <n>\n2. (zool.) feline [zool.], puss, kitty\n3. moggy\n");
        deuEng.put("hallo welt", "Hallo Welt /ha'lo vɛlt/\nhello world\n      \"Hallo Welt, wie geht's?\"  - Hello world, how are you?\n");
        deuEng.put("der", "der /deːɐ̯/ <art>\nthe\n");
        Map<String, String> engDeu = new LinkedHashMap<>();
        engDeu.put("00databaseshort", "00-database-short\nEnglish-German test\n");
        engDeu.put("dog", "dog /dɒɡ/ <n>\nHund <masc>, Köter <masc> [coll.]\n      \"The dog sleeps.\"  - Der Hund schläft.\n         Note: an animal\n");
        engDeu.put("the", "the /ðə/\nder, die, das\n");
        Map<String, String> jpnEng = new LinkedHashMap<>();
        jpnEng.put("じゅうおう", " [ichi1]  [news1]  縦横 /x/,  [news1]  じゅうおう /y/\n1. (noun (common) (futsuumeishi))\nlength and width, lengthwise and crosswise\n2. (じゅうおう)\nfour cardinal points\n");
        for (var d : Map.of("freedict-deu-eng", deuEng, "freedict-eng-deu", engDeu, "freedict-jpn-eng", jpnEng).entrySet()) {
            byte[][] f = dictd(d.getValue());
            write(dir.resolve("freedict/" + d.getKey() + ".index"), f[0]);
            write(dir.resolve("freedict/" + d.getKey() + ".dict.dz"), f[1]);
        }
        write(dir.resolve("debian-descriptions/Translation-en"), EN_DESCRIPTIONS);
        write(dir.resolve("debian-descriptions/Translation-de"), DE_DESCRIPTIONS);
        write(dir.resolve("debian-descriptions/Translation-pt_BR"), PT_BR_DESCRIPTIONS);

        Map<String, String> de = new LinkedHashMap<>();
        de.put("", MO_HEADER);
        de.put("_Open", "Ö_ffnen");
        de.put("Hello world", "Hallo Welt");
        de.put("menu\u0004Quit", "Beenden");
        de.put("%d file\0%d files", "%d Datei\0%d Dateien");
        de.put("One file\0Many files", "Eine Datei\0Viele Dateien");
        de.put("Untranslated", "Untranslated");
        de.put("<b>Bold</b>", "<b>Fett</b>");
        de.put("Empty", "");
        write(dir.resolve("gettext/testpkg/de/test.mo"), mo(de, ByteOrder.LITTLE_ENDIAN));
        Map<String, String> pt = new LinkedHashMap<>();
        pt.put("", MO_HEADER);
        pt.put("Hello world", "Olá mundo");
        pt.put("Save As", "Salvar como");
        write(dir.resolve("gettext/testpkg/pt_BR/test.mo"), mo(pt, ByteOrder.BIG_ENDIAN));
        write(dir.resolve("gettext/testpkg/sr@latin/test.mo"), mo(pt, ByteOrder.BIG_ENDIAN));
        write(dir.resolve("gettext/testpkg/en_GB/test.mo"), mo(Map.of("", MO_HEADER, "Color", "Colour"), ByteOrder.LITTLE_ENDIAN));

        write(dir.resolve("cldr/annotations/en/annotations.json"), cldr("en", Map.of("😀", "grinning face", "🐶", "dog face", "🌍", "globe"), false));
        write(dir.resolve("cldr/annotations/de/annotations.json"), cldr("de", Map.of("😀", "grinsendes Gesicht", "🐶", "Hundegesicht", "🌍", "↑↑↑"), false));
        write(dir.resolve("cldr/annotations/zh-Hant/annotations.json"), cldr("zh_Hant", Map.of("🐶", "狗臉"), false));
        write(dir.resolve("cldr/annotations/und/annotations.json"), "{\"annotations\": {\"identity\": {\"language\": \"und\"}}}");
        write(dir.resolve("cldr/annotationsDerived/en/annotations.json"), cldr("en", Map.of("👋🏻", "waving hand: light skin tone"), true));
        write(dir.resolve("cldr/annotationsDerived/de/annotations.json"), cldr("de", Map.of("👋🏻", "winkende Hand: helle Hautfarbe"), true));

        write(dir.resolve("prose/fortunes/fortunes"), """
                A day for firm decisions! Or is it?
                %
                The best way to predict the future is to invent it.
                		-- Alan Kay
                %
                Too short.
                %
                """);
        write(dir.resolve("prose/wordnet-base/data.noun"), """
                  1 This software and database is being provided to you, the LICENSEE, by Princeton University
                02084071 05 n 05 dog 0 domestic_dog 0 | a member of the genus Canis that has been domesticated by man; "the dog barked all night"
                """);

        // sources.tsv as the installer writes it
        StringBuilder tsv = new StringBuilder("kind\tpackage\tversion\tfile\tsha256\n");
        try (var w = Files.walk(dir)) {
            for (Path f : w.filter(Files::isRegularFile).sorted().toList()) {
                String rel = dir.relativize(f).toString();
                if (rel.equals("sources.tsv")) continue;
                String kind = rel.substring(0, rel.indexOf('/'));
                tsv.append(kind).append('\t').append("pkg-").append(kind).append('\t').append("1.0-1").append('\t').append(rel).append('\t')
                        .append(ModelFolder.sha256(f)).append('\n');
            }
        }
        write(dir.resolve("sources.tsv"), tsv.toString());
        return dir;
    }
}
