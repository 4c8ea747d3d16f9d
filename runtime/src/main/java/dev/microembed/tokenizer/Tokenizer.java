package dev.microembed.tokenizer;

import dev.microembed.ModelFormatException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A BERT WordPiece tokenizer read from a Hugging Face {@code tokenizer.json}, producing exactly the
 * ids Hugging Face tokenizers (0.21, as in DJL 0.36.0) produces with special tokens off: added
 * tokens → {@link BertNormalizer} → {@link BertPreTokenizer} → {@link WordPiece}; truncation,
 * padding and the post-processor are ignored. See docs/tokenizer.md for the exact rules.
 *
 * <p>Thread-safe. {@link #encode(CharSequence, int[], boolean)} allocates nothing in steady state
 * (per-thread scratch), runs in time linear in the input, stops once {@code out} is full and never
 * throws on any text.
 */
public final class Tokenizer {
    // Fast-path actions for BMP chars, compiled at load from the normalizer and pre-tokenizer.
    // Filled lazily (0 = not yet computed), so a load does not normalize all 65,536 chars.
    private static final int SKIP = 1, SPLIT = 2, WORD = 3, ISOLATE = 4, SLOW = 5;

    // The fused BERT path (normalizer, model, nodeOfId set) or the general pipeline (pipeline set).
    private final BertNormalizer normalizer;
    private final WordPiece model;
    private final PipelineEncoder pipeline;
    private final AddedVocabulary added;
    private final int vocabSize;
    /** Per WordPiece id: the vocabulary trie node where its token ends, or NONE. */
    private final int[] nodeOfId;
    /** Short words that are vocabulary keys: one probe instead of a trie walk (fused path only). */
    private final WholeWordIds wholeWords;
    /** Per BMP char: action << 16 | output char, or 0 until first needed (racy but idempotent). */
    private final int[] fast = new int[65536];
    private final ThreadLocal<Scratch> scratch;

    private Tokenizer(BertNormalizer normalizer, WordPiece model, AddedVocabulary added, int[] nodeOfId, WholeWordIds wholeWords) {
        this.normalizer = normalizer;
        this.wholeWords = wholeWords;
        this.model = model;
        this.pipeline = null;
        this.added = added;
        this.nodeOfId = nodeOfId;
        this.vocabSize = Math.max(nodeOfId.length, added.maxId() + 1);
        for (char c = 0; c < 128; c++) fastEntry(c, new int[BertNormalizer.MAX_EXPANSION], new int[BertNormalizer.MAX_EXPANSION]);
        int maxWord = (int) Math.min(model.maxInputCharsPerWord + 1L, 1 << 20);
        this.scratch = new ThreadLocal<>() { // not withInitial(lambda): lambda bootstrap costs a cold load ~10 ms
            @Override
            protected Scratch initialValue() {
                return new Scratch(Math.min(maxWord, 256));
            }
        };
    }

    private Tokenizer(PipelineEncoder pipeline) {
        this.normalizer = null;
        this.model = null;
        this.pipeline = pipeline;
        this.added = pipeline.added;
        this.nodeOfId = null;
        this.wholeWords = null;
        this.vocabSize = Math.max(pipeline.model.idLimit(), added.maxId() + 1);
        this.scratch = new ThreadLocal<>() {
            @Override
            protected Scratch initialValue() {
                return new Scratch(16);
            }
        };
    }

    /** Reads a tokenizer.json file. */
    public static Tokenizer load(Path tokenizerJson) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(tokenizerJson);
        } catch (IOException e) {
            throw new ModelFormatException(tokenizerJson, "cannot read: " + e, e);
        } catch (OutOfMemoryError e) {
            throw new ModelFormatException(tokenizerJson, "too large to read");
        }
        try {
            return fromUtf8(bytes);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(tokenizerJson, e.getMessage(), e);
        }
    }

    /**
     * Reads a tokenizer.json whose sha256 the caller has verified (a model folder's checksum list), through the
     * {@link TokenizerIndex} in {@code indexDir}: the fused BERT tokenizer's built tables are saved there once per
     * tokenizer.json (and build of this runtime) and read back on later loads instead of parsing the JSON and
     * building the tries again. A missing, stale or damaged index is rebuilt; a failure to write one is ignored. With
     * {@code sha256} or {@code indexDir} null this is {@link #load(Path)}.
     */
    public static Tokenizer load(Path tokenizerJson, String sha256, Path indexDir) {
        Path index = sha256 == null || indexDir == null ? null : TokenizerIndex.file(indexDir, sha256);
        if (index != null) {
            Tokenizer saved = TokenizerIndex.read(index, sha256);
            if (saved != null) return saved;
        }
        Tokenizer t = load(tokenizerJson);
        if (index != null && t.pipeline == null) TokenizerIndex.write(index, sha256, t);
        return t;
    }

    /** The fused tokenizer's tables for {@link TokenizerIndex} (the general pipeline has no index). */
    void writeTo(TokenizerIndex.Out out) {
        out.putBoolean(normalizer.cleanText);
        out.putBoolean(normalizer.handleChineseChars);
        out.putBoolean(normalizer.stripAccents);
        out.putBoolean(normalizer.lowercase);
        out.putString(model.continuingSubwordPrefix);
        out.putInt(model.unknownId);
        out.putInt(model.maxInputCharsPerWord);
        model.vocab.writeTo(out);
        out.putInts(nodeOfId);
        wholeWords.writeTo(out);
        added.writeTo(out);
    }

    static Tokenizer readFrom(TokenizerIndex.In in) {
        BertNormalizer normalizer = new BertNormalizer(in.getBoolean(), in.getBoolean(), in.getBoolean(), in.getBoolean());
        String prefix = in.getString();
        int unknownId = in.getInt(), maxChars = in.getInt();
        WordPiece model = new WordPiece(VocabTrie.readFrom(in), prefix, unknownId, maxChars);
        int[] nodeOfId = in.getInts();
        WholeWordIds wholeWords = WholeWordIds.readFrom(in);
        AddedVocabulary added = AddedVocabulary.readFrom(in);
        return new Tokenizer(normalizer, model, added, nodeOfId, wholeWords);
    }

    /** Parses the text of a tokenizer.json; IllegalArgumentException says what is wrong. */
    public static Tokenizer fromJson(String tokenizerJson) {
        java.nio.ByteBuffer utf8;
        try {
            utf8 = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(java.nio.CharBuffer.wrap(tokenizerJson));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("tokenizer.json text contains a lone surrogate", e);
        }
        byte[] bytes = new byte[utf8.remaining()];
        utf8.get(bytes);
        return fromUtf8(bytes);
    }

    /**
     * Parses tokenizer.json from its UTF-8 bytes (model.vocab is scanned straight into flat arrays). The BERT
     * configuration (BertNormalizer or none, BertPreTokenizer, WordPiece) gets the fused fast loop; every other
     * supported combination the general {@link PipelineEncoder}.
     */
    private static Tokenizer fromUtf8(byte[] bytes) {
        TokenizerConfig config = TokenizerConfig.read(bytes);
        if (config.modelType.equals("Unigram")) return pipeline(config, config.unigram());
        Map<?, ?> modelJson = config.model;
        if (!(modelJson.get("vocab") instanceof dev.microembed.json.JsonReader.IdMap vocab))
            throw new IllegalArgumentException("model.vocab must be a JSON object");
        String unkToken = TokenizerConfig.string(modelJson.get("unk_token"), "[UNK]", "model.unk_token");
        String prefix = TokenizerConfig.string(modelJson.get("continuing_subword_prefix"), "##", "model.continuing_subword_prefix");
        long maxChars = TokenizerConfig.number(modelJson.get("max_input_chars_per_word"), 100, "model.max_input_chars_per_word");
        if (maxChars < 0) throw new IllegalArgumentException("model.max_input_chars_per_word is negative");

        long maxId = vocab.maxId;
        if (maxId >= 50_000_000) throw new IllegalArgumentException("model.vocab ids up to " + maxId + " are implausibly large");
        int[] keyNodes = new int[vocab.size];
        VocabTrie trie = VocabTrie.build(vocab.chars, vocab.start, vocab.length, vocab.id, vocab.size, vocab.maxId, keyNodes);
        // id -> trie node of its key (token(id) walks up from there); an id given to several keys keeps the last
        int[] nodeOfId = new int[(int) maxId + 1];
        Arrays.fill(nodeOfId, VocabTrie.NONE);
        for (int k = 0; k < vocab.size; k++) nodeOfId[vocab.id[k]] = keyNodes[k];
        int unkId = trie.get(unkToken);
        WordPiece model = new WordPiece(trie, prefix, unkId, (int) Math.min(maxChars, Integer.MAX_VALUE - 16));

        if (!config.bertNormalizerOrNone() || !config.bertPreTokenizer()) return pipeline(config, new WordPieceModel(model, nodeOfId, vocab.size));
        BertNormalizer normalizer = config.bertNormalizer();
        AddedVocabulary added = new AddedVocabulary(config.addedTokens, trie, vocab.size, normalizer);
        WholeWordIds wholeWords = WholeWordIds.build(vocab.chars, vocab.start, vocab.length, vocab.id, vocab.size, model.maxInputCharsPerWord);
        return new Tokenizer(normalizer, model, added, nodeOfId, wholeWords);
    }

    /**
     * The general pipeline. Added tokens with {@code normalized: true} are matched on the normalized text by their
     * content as written, so one the pipeline's normalizer would change is rejected rather than silently missed.
     */
    private static Tokenizer pipeline(TokenizerConfig config, TokenModel model) {
        TextNormalizer normalizer = config.normalizer();
        PreTokenizer pre = config.preTokenizer();
        for (AddedVocabulary.AddedToken t : config.addedTokens)
            if (t.normalized() && !t.content().isEmpty() && !normalizer.normalize(t.content()).equals(t.content()))
                throw new IllegalArgumentException("added token \"" + t.content() + "\" has normalized: true and the normalizer changes it; not supported outside the BERT pipeline");
        AddedVocabulary added = new AddedVocabulary(config.addedTokens, model.vocab(), model.size(), BertNormalizer.identity());
        return new Tokenizer(new PipelineEncoder(normalizer, pre, model, added));
    }

    /** The raw (normalized: false) added-token matcher, or null; for probes. */
    AddedVocabulary.Matcher addedRawMatcher() {
        return added.raw;
    }

    /** Number of ids: the largest id (WordPiece or added) plus one. */
    public int vocabSize() {
        return vocabSize;
    }

    /**
     * Id of the model's {@code unk_token} (WordPiece's), the id {@code dropUnknown} skips; -1 when the model has none
     * (a Unigram model has an {@code unk_id} but no {@code unk_token}, and Model2Vec keeps its unknown ids).
     */
    public int unknownId() {
        return pipeline != null ? pipeline.model.unknownTokenId() : model.unknownId;
    }

    /** The token string of an id (added tokens first, as HF), or null when no token has that id. */
    public String token(int id) {
        AddedVocabulary.AddedToken t = added.tokenById().get(id);
        if (t != null) return t.content();
        if (pipeline != null) return pipeline.model.token(id);
        if (id < 0 || id >= nodeOfId.length || nodeOfId[id] == VocabTrie.NONE) return null;
        return model.vocab.keyOf(nodeOfId[id]);
    }

    /** The id of a token string (added tokens first, as HF), or -1. */
    public int id(String token) {
        Integer a = added.idByContent().get(token);
        if (a != null) return a;
        return pipeline != null ? pipeline.model.id(token) : model.vocab.get(token);
    }

    /** The model type, "WordPiece" or "Unigram", and whether the fused BERT loop runs, for reports. */
    public String describe() {
        if (pipeline == null) return "WordPiece (BERT fast path)";
        return (pipeline.model instanceof Unigram ? "Unigram" : "WordPiece") + " (pipeline)";
    }

    /** All ids of text, unknown ones included. Allocates; for tests and tools. */
    public int[] encode(CharSequence text) {
        int[] out = new int[Math.max(16, Math.min(text.length() + 16, 1 << 16))];
        while (true) {
            int n = encode(text, out, false);
            if (n < out.length) return Arrays.copyOf(out, n);
            out = new int[out.length * 2];
        }
    }

    /** The token strings of text (unknown ones included). */
    public List<String> tokens(CharSequence text) {
        int[] ids = encode(text);
        List<String> r = new ArrayList<>(ids.length);
        for (int id : ids) r.add(token(id));
        return r;
    }

    /**
     * Writes the ids of text into out, at most out.length of them, and returns how many were
     * written; with dropUnknown the unknown id is skipped. Stops as soon as out is full.
     */
    public int encode(CharSequence text, int[] out, boolean dropUnknown) {
        return encode(text, Integer.MAX_VALUE, out, dropUnknown);
    }

    /**
     * As {@link #encode(CharSequence, int[], boolean)} on the first {@code maxCodePoints} code points of text
     * (Model2Vec's character pre-truncation; a lone surrogate counts as one).
     */
    public int encode(CharSequence text, int maxCodePoints, int[] out, boolean dropUnknown) {
        if (out.length == 0 || text == null) return 0;
        Scratch s = scratch.get();
        s.out = out;
        s.count = 0;
        s.dropUnknown = dropUnknown;
        try {
            int len = prefixLength(text, maxCodePoints);
            char[] chars = len <= Scratch.MAX_KEPT_TEXT ? s.text(len) : new char[len];
            if (text instanceof String str) str.getChars(0, len, chars, 0);
            else for (int i = 0; i < len; i++) chars[i] = text.charAt(i);
            if (hasLoneSurrogate(chars, len)) {
                chars = lossyModifiedUtf8(chars, len);
                len = chars.length;
            }
            if (pipeline != null) return pipeline.encode(chars, len, out, dropUnknown);
            run(chars, len, s);
            return s.count;
        } finally {
            s.out = null;
            s.word.clear();
        }
    }

    /** Chars in the first {@code maxCodePoints} code points of text. */
    static int prefixLength(CharSequence text, int maxCodePoints) {
        int len = text.length();
        if (len <= maxCodePoints) return len;
        int i = 0;
        for (int k = 0; k < maxCodePoints && i < len; k++) {
            char c = text.charAt(i++);
            if (Character.isHighSurrogate(c) && i < len && Character.isLowSurrogate(text.charAt(i))) i++;
        }
        return i;
    }

    /**
     * Model2Vec's {@code median_token_length}: {@code int(np.median(...))} of the lengths in code points of every
     * vocabulary token (added tokens included), so the mean of the two middle lengths, rounded down, for an even count.
     */
    public int medianTokenLength() {
        int[] lengths = new int[vocabSize];
        int n = 0;
        for (int id = 0; id < vocabSize; id++) {
            String t = token(id);
            if (t != null) lengths[n++] = t.codePointCount(0, t.length());
        }
        if (n == 0) return 1;
        Arrays.sort(lengths, 0, n);
        return n % 2 == 1 ? lengths[n / 2] : (lengths[n / 2 - 1] + lengths[n / 2]) / 2;
    }

    // ---------------------------------------------------------------- pipeline

    private void run(char[] text, int len, Scratch s) {
        AddedVocabulary.Matcher m = added.raw;
        if (m == null) {
            segment(text, 0, len, s);
            return;
        }
        int[] res = s.match;
        int startOffset = 0;
        int searchFrom = 0;
        while (searchFrom < len && m.find(text, searchFrom, len, res)) {
            int start = res[0], stop = res[1], pattern = res[2];
            searchFrom = stop;
            if (m.singleWord(pattern) && !isSingleWord(text, 0, len, start, stop)) continue;
            if (m.lstrip(pattern)) start = Math.max(spaceRunStart(text, startOffset, start), startOffset);
            if (m.rstrip(pattern)) stop = spaceRunEnd(text, stop, len);
            if (startOffset < start && segment(text, startOffset, start, s)) return;
            if (emit(m.id(pattern), s)) return;
            startOffset = stop;
        }
        if (startOffset < len) segment(text, startOffset, len, s);
    }

    /** Whether [start, stop) of sentence [from, to) is not glued to word characters on either side. */
    static boolean isSingleWord(char[] t, int from, int to, int start, int stop) {
        if (start > from && UnicodeTables.REGEX_WORD.contains(Character.codePointBefore(t, start, from))) return false;
        return stop >= to || !UnicodeTables.REGEX_WORD.contains(Character.codePointAt(t, stop, to));
    }

    /** Start of the run of regex-whitespace ending at end, not going below floor. */
    static int spaceRunStart(char[] t, int floor, int end) {
        int i = end;
        while (i > floor) {
            int cp = Character.codePointBefore(t, i, floor);
            if (!UnicodeTables.REGEX_SPACE.contains(cp)) break;
            i -= Character.charCount(cp);
        }
        return i;
    }

    static int spaceRunEnd(char[] t, int start, int end) {
        int i = start;
        while (i < end) {
            int cp = Character.codePointAt(t, i, end);
            if (!UnicodeTables.REGEX_SPACE.contains(cp)) break;
            i += Character.charCount(cp);
        }
        return i;
    }

    /** A piece of raw text between added tokens. Returns true when out is full. */
    private boolean segment(char[] text, int from, int to, Scratch s) {
        if (added.normalized == null) return normalizeAndSplit(text, from, to, s);
        // normalized added tokens: normalize the whole piece, then match them on it
        CodePointBuffer nb = s.normalized;
        nb.clear();
        int[] buf = s.cps;
        for (int i = from; i < to; ) {
            int cp = Character.codePointAt(text, i, to);
            i += Character.charCount(cp);
            int n = normalizer.normalize(cp, buf, 0, s.tmp);
            for (int k = 0; k < n; k++) nb.add(buf[k], normalizer.stripAccents);
        }
        int len = s.normalizedChars(nb);
        char[] v = s.normalizedChars;
        AddedVocabulary.Matcher m = added.normalized;
        int[] res = s.match;
        int startOffset = 0, searchFrom = 0;
        while (searchFrom < len && m.find(v, searchFrom, len, res)) {
            int start = res[0], stop = res[1], pattern = res[2];
            searchFrom = stop;
            if (m.singleWord(pattern) && !isSingleWord(v, 0, len, start, stop)) continue;
            if (m.lstrip(pattern)) start = Math.max(spaceRunStart(v, startOffset, start), startOffset);
            if (m.rstrip(pattern)) stop = spaceRunEnd(v, stop, len);
            if (startOffset < start && split(v, startOffset, start, s)) return true;
            if (emit(m.id(pattern), s)) return true;
            startOffset = stop;
        }
        return startOffset < len && split(v, startOffset, len, s);
    }

    /** Pre-tokenizes and encodes already normalized text. Returns true when out is full. */
    private boolean split(char[] t, int from, int to, Scratch s) {
        CodePointBuffer w = s.word;
        for (int i = from; i < to; ) {
            int cp = Character.codePointAt(t, i, to);
            i += Character.charCount(cp);
            int cls = BertPreTokenizer.classify(cp);
            if (cls == BertPreTokenizer.WORD) addToWord(w, cp, false);
            else {
                if (flush(s)) return true;
                if (cls == BertPreTokenizer.ISOLATE) {
                    addToWord(w, cp, false);
                    if (flush(s)) return true;
                }
            }
        }
        return flush(s);
    }

    /** Normalizes, pre-tokenizes and encodes raw text in one pass. Returns true when out is full. */
    private boolean normalizeAndSplit(char[] text, int from, int to, Scratch s) {
        CodePointBuffer w = s.word;
        int[] fast = this.fast;
        boolean reorder = normalizer.stripAccents;
        for (int i = from; i < to; i++) {
            char c = text[i];
            int e = fast[c];
            if (e == 0) e = fastEntry(c, s.cps, s.tmp);
            switch (e >>> 16) {
                case SKIP -> { }
                case WORD -> addToWord(w, e & 0xFFFF, false);
                case SPLIT -> {
                    if (flush(s)) return true;
                }
                case ISOLATE -> {
                    if (flush(s)) return true;
                    addToWord(w, e & 0xFFFF, false);
                    if (flush(s)) return true;
                }
                default -> {
                    int cp = c;
                    if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(text[i + 1]))
                        cp = Character.toCodePoint(c, text[++i]);
                    int[] buf = s.cps;
                    int n = normalizer.normalize(cp, buf, 0, s.tmp);
                    for (int k = 0; k < n; k++) {
                        int x = buf[k];
                        if (x == BertNormalizer.REORDER_BARRIER) {
                            w.add(x, true);
                            continue;
                        }
                        int cls = BertPreTokenizer.classify(x);
                        if (cls == BertPreTokenizer.WORD) addToWord(w, x, reorder);
                        else {
                            if (flush(s)) return true;
                            if (cls == BertPreTokenizer.ISOLATE) {
                                addToWord(w, x, false);
                                if (flush(s)) return true;
                            }
                        }
                    }
                }
            }
        }
        return flush(s);
    }

    private void addToWord(CodePointBuffer w, int cp, boolean reorder) {
        // a word longer than max_input_chars_per_word is unknown anyway: stop storing it
        if (w.length > model.maxInputCharsPerWord) return;
        w.add(cp, reorder);
    }

    /** Encodes the current word with WordPiece. Returns true when out is full. */
    private boolean flush(Scratch s) {
        CodePointBuffer w = s.word;
        if (w.length == 0) return false;
        int whole = wholeWords.get(w.cps, w.length);
        if (whole >= 0) {
            w.clear();
            return emit(whole, s);
        }
        if (s.pieces.length < w.length) s.pieces = new int[Math.max(w.length, s.pieces.length * 2)];
        int n = model.tokenize(w.cps, w.length, s.pieces);
        w.clear();
        if (n < 0) return model.unknownId >= 0 && emit(model.unknownId, s);
        for (int k = 0; k < n; k++) if (emit(s.pieces[k], s)) return true;
        return false;
    }

    /** Appends one id unless dropped. Returns true when out is full. */
    private static boolean emit(int id, Scratch s) {
        if (!(s.dropUnknown && id == s.unknownId)) s.out[s.count++] = id;
        return s.count == s.out.length;
    }

    /** Computes (and stores) the fast-path entry of BMP char c: the normalizer + pre-tokenizer action. */
    private int fastEntry(char c, int[] buf, int[] tmp) {
        int action = SLOW, out = 0;
        if (!Character.isSurrogate(c)) {
            int n = normalizer.normalize(c, buf, 0, tmp);
            int x = -1;
            boolean cjkLike = false;
            if (n == 1) x = buf[0];
            else if (n == 3 && buf[0] == ' ' && buf[2] == ' ') {
                x = buf[1];
                cjkLike = true;
            }
            if (n == 0) action = SKIP;
            else if (x >= 0 && x < 0x10000 && !Character.isSurrogate((char) x) && (!normalizer.stripAccents || UnicodeTables.ccc(x) == 0)) {
                int cls = BertPreTokenizer.classify(x);
                out = x;
                if (cls == BertPreTokenizer.SPLIT) action = SPLIT;
                else if (cls == BertPreTokenizer.ISOLATE || cjkLike) action = ISOLATE;
                else action = WORD;
            }
        }
        int e = action << 16 | out;
        fast[c] = e;
        return e;
    }

    // ---------------------------------------------------------------- Java strings as the reference sees them

    private static boolean hasLoneSurrogate(char[] t, int n) {
        boolean any = false;
        for (int i = 0; i < n; i++) any |= (t[i] & 0xF800) == 0xD800; // branch-free first pass
        if (!any) return false;
        for (int i = 0; i < n; i++) {
            char c = t[i];
            if (c < Character.MIN_SURROGATE || c > Character.MAX_SURROGATE) continue;
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(t[i + 1])) i++;
            else return true;
        }
        return false;
    }

    /**
     * What the reference tokenizes when a Java string holds a lone surrogate: DJL hands the string
     * to Rust as JNI modified UTF-8, which then fails strict decoding and is decoded lossily, so
     * every surrogate (paired or not) becomes three U+FFFD and NUL becomes two.
     */
    private static char[] lossyModifiedUtf8(char[] t, int n) {
        int len = 0;
        for (int i = 0; i < n; i++) len += Character.isSurrogate(t[i]) ? 3 : t[i] == 0 ? 2 : 1;
        char[] r = new char[len];
        int p = 0;
        for (int i = 0; i < n; i++) {
            char c = t[i];
            if (Character.isSurrogate(c)) {
                r[p++] = '\uFFFD';
                r[p++] = '\uFFFD';
                r[p++] = '\uFFFD';
            } else if (c == 0) {
                r[p++] = '\uFFFD';
                r[p++] = '\uFFFD';
            } else r[p++] = c;
        }
        return r;
    }

    /** Per-thread working memory, allocated once and grown rarely. */
    private final class Scratch {
        final CodePointBuffer word;
        final CodePointBuffer normalized = new CodePointBuffer(16);
        /** Texts up to this length are copied into a kept per-thread buffer; longer ones get a temporary copy. */
        static final int MAX_KEPT_TEXT = 1 << 16;
        private char[] text = new char[256];
        char[] normalizedChars = new char[16];
        final int[] cps = new int[BertNormalizer.MAX_EXPANSION];
        final int[] tmp = new int[BertNormalizer.MAX_EXPANSION];
        final int[] match = new int[3];
        final int unknownId = model != null ? model.unknownId : -1;
        int[] pieces;
        int[] out;
        int count;
        boolean dropUnknown;

        char[] text(int length) {
            if (text.length < length) text = new char[Math.max(length, Math.min(2 * text.length, MAX_KEPT_TEXT))];
            return text;
        }

        /** UTF-16 form of b into normalizedChars; returns its length. */
        int normalizedChars(CodePointBuffer b) {
            if (normalizedChars.length < 2 * b.length) normalizedChars = new char[2 * b.length];
            int p = 0;
            for (int i = 0; i < b.length; i++) p += Character.toChars(b.cps[i], normalizedChars, p);
            return p;
        }

        Scratch(int wordCapacity) {
            word = new CodePointBuffer(wordCapacity);
            pieces = new int[wordCapacity];
        }
    }
}
