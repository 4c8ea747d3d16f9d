package dev.microembed.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Seeded mutated texts for the tests that need many texts at once (differential, concurrency): the text target's
 * committed seeds, mutated by code-point edits (insert, delete, duplicate, splice, swap in a character of an
 * interesting class: combining marks, controls, lone surrogates, CJK, emoji parts, whitespace, punctuation).
 */
final class TextMutator {
    private static final String[] PIECES = {"\u0301", "\u0308", "\u0000", "\u0085", "\u00ad", "\u200b", "\u200d", "\ufeff", "\ud800", "\udc00",
            "\udbff\udfff", "中", "日本", "한", "😀", "❤️", "👍🏽", "🇩🇪", "\ufe0f", " ", "\t", "\n", "\u3000", "\u00a0", ".", ",", "#", "@user",
            "##", "[UNK]", "[CLS]", "ß", "İ", "ﬁ", "Å", "ǅ", "ä", "a".repeat(101), "#love", "lol", "http://t.co/x"};
    private final SplittableRandom random;
    private final List<String> seeds;

    TextMutator(long seed) {
        this.random = new SplittableRandom(seed);
        this.seeds = seeds();
    }

    static List<String> seeds() {
        Path dir = FuzzSupport.repo().resolve("fuzz/src/test/resources/dev/microembed/fuzz/TokenizerTextFuzzTestInputs/fuzz");
        try (Stream<Path> files = Files.list(dir)) {
            List<String> out = new ArrayList<>();
            for (Path f : files.sorted().toList()) out.add(FuzzSupport.decodeText(Files.readAllBytes(f)));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String next() {
        StringBuilder b = new StringBuilder(seeds.get(random.nextInt(seeds.size())));
        int rounds = 1 + random.nextInt(6);
        for (int r = 0; r < rounds; r++) {
            int at = random.nextInt(b.length() + 1);
            switch (random.nextInt(6)) {
                case 0 -> b.insert(at, PIECES[random.nextInt(PIECES.length)]);
                case 1 -> { if (b.length() > 0) b.delete(at, Math.min(b.length(), at + 1 + random.nextInt(8))); }
                case 2 -> { int from = random.nextInt(b.length() + 1); b.insert(at, b.substring(from, Math.min(b.length(), from + random.nextInt(24)))); }
                case 3 -> { String o = seeds.get(random.nextInt(seeds.size())); int from = random.nextInt(o.length() + 1); b.insert(at, o, from, Math.min(o.length(), from + random.nextInt(40))); }
                case 4 -> { if (at < b.length()) b.setCharAt(at, (char) random.nextInt(0x10000)); }
                default -> b.insert(at, Character.toChars(random.nextInt(0x30000)));
            }
        }
        return b.length() > 2000 ? b.substring(0, 2000) : b.toString();
    }
}
