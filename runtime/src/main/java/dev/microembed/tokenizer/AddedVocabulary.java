package dev.microembed.tokenizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hugging Face's {@code AddedVocabulary}: whole tokens (special tokens, emoji, hashtags, slang)
 * cut out of the text before normalization and pre-tokenization. Tokens with
 * {@code normalized: false} are matched on the raw text, those with {@code normalized: true}
 * (their content normalized first) on each normalized piece in between. Matching is Aho-Corasick
 * leftmost-longest as in HF: the match starting leftmost wins, the longest among those; the search
 * resumes after the match (also after a match single_word then discards). Ids follow HF's
 * {@code add_tokens}: a content already in the vocabulary keeps that id, a new one gets the next id
 * after the vocabulary (the {@code id} written in tokenizer.json is not used, as in HF).
 */
final class AddedVocabulary {
    /** One added token as HF stores it. */
    record AddedToken(String content, boolean singleWord, boolean lstrip, boolean rstrip, boolean normalized, boolean special) {
        // written out: the generated record methods are bootstrapped at first use, slow on a cold load
        @Override
        public boolean equals(Object o) {
            return o instanceof AddedToken t && content.equals(t.content) && singleWord == t.singleWord && lstrip == t.lstrip
                    && rstrip == t.rstrip && normalized == t.normalized && special == t.special;
        }

        @Override
        public int hashCode() {
            return content.hashCode() * 32 + (singleWord ? 16 : 0) + (lstrip ? 8 : 0) + (rstrip ? 4 : 0) + (normalized ? 2 : 0) + (special ? 1 : 0);
        }
    }

    /** content to id, for {@link Tokenizer#id}; null until {@link #maps()} parsed {@link #savedMaps}. */
    private Map<String, Integer> idByContent = new HashMap<>();
    /** id to token (the last token written for that id wins, as HF's added_tokens_map_r); null as idByContent. */
    private Map<Integer, AddedToken> tokenById = new HashMap<>();
    /**
     * The two maps as a {@link TokenizerIndex} holds them, parsed on first use: only token(id) and id(token) need
     * them, and thousands of map entries cost a cold load more than the rest of the index.
     */
    private byte[] savedMaps;
    private final int maxId;
    final Matcher raw;
    final Matcher normalized;

    /**
     * @param tokens      added tokens in tokenizer.json order
     * @param modelVocab  the WordPiece vocabulary (content to id)
     * @param modelSize   the number of WordPiece vocabulary entries (HF's get_vocab_size)
     */
    AddedVocabulary(List<AddedToken> tokens, VocabTrie modelVocab, int modelSize,
                    BertNormalizer normalizer) {
        Set<String> specialSet = new LinkedHashSet<>();
        List<AddedToken> specials = new ArrayList<>();
        List<AddedToken> classic = new ArrayList<>();
        for (AddedToken t : tokens)
            if (t.special() && !t.content().isEmpty() && specialSet.add(t.content())) specials.add(t);
        int maxId = -1;
        Set<AddedToken> present = new java.util.HashSet<>(); // == tokenById.values(), for O(1) "already added"
        for (AddedToken t : tokens) {
            if (t.content().isEmpty() || present.contains(t)) continue;
            Integer known = idByContent.get(t.content());
            int id;
            if (known != null) id = known;
            else if (modelVocab.get(t.content()) >= 0) id = modelVocab.get(t.content());
            else if (maxId < 0) id = modelSize;
            else id = (maxId >= modelSize || modelSize == 0) ? maxId + 1 : modelSize;
            idByContent.put(t.content(), id);
            maxId = Math.max(maxId, id);
            AddedToken old = tokenById.put(id, t);
            if (old != null) present.remove(old);
            present.add(t);
            if (!specialSet.contains(t.content())) classic.add(t);
        }
        List<String> rawKeys = new ArrayList<>(), normKeys = new ArrayList<>();
        List<Integer> rawIds = new ArrayList<>(), normIds = new ArrayList<>();
        List<AddedToken> all = new ArrayList<>(specials);
        all.addAll(classic);
        for (AddedToken t : all) {
            int id = idByContent.get(t.content());
            if (t.normalized()) {
                String n = normalizer.normalizeString(t.content());
                if (n.isEmpty()) continue; // HF would match it everywhere; documented gap
                normKeys.add(n);
                normIds.add(id);
            } else {
                rawKeys.add(t.content());
                rawIds.add(id);
            }
        }
        raw = rawKeys.isEmpty() ? null : new Matcher(rawKeys, rawIds, tokenById);
        normalized = normKeys.isEmpty() ? null : new Matcher(normKeys, normIds, tokenById);
        int m = -1;
        for (int id : tokenById.keySet()) m = Math.max(m, id);
        this.maxId = m;
    }

    /** As read back from a {@link TokenizerIndex}: the maps still in their saved form. */
    private AddedVocabulary(Matcher raw, Matcher normalized, int maxId, byte[] savedMaps) {
        this.raw = raw;
        this.normalized = normalized;
        this.maxId = maxId;
        this.savedMaps = savedMaps;
        this.idByContent = null;
        this.tokenById = null;
    }

    /** The two matchers (each may be absent), the largest id, then tokenById and idByContent as one block. */
    void writeTo(TokenizerIndex.Out out) {
        Matcher.writeTo(raw, out);
        Matcher.writeTo(normalized, out);
        out.putInt(maxId);
        TokenizerIndex.Out maps = new TokenizerIndex.Out(64 * (tokenById().size() + 1));
        maps.putInt(tokenById().size());
        for (Map.Entry<Integer, AddedToken> e : tokenById().entrySet()) {
            AddedToken t = e.getValue();
            maps.putInt(e.getKey());
            maps.putString(t.content());
            maps.putInt((t.singleWord() ? 16 : 0) | (t.lstrip() ? 8 : 0) | (t.rstrip() ? 4 : 0) | (t.normalized() ? 2 : 0) | (t.special() ? 1 : 0));
        }
        maps.putInt(idByContent().size());
        for (Map.Entry<String, Integer> e : idByContent().entrySet()) {
            maps.putString(e.getKey());
            maps.putInt(e.getValue());
        }
        out.putBytes(maps.finish());
    }

    static AddedVocabulary readFrom(TokenizerIndex.In in) {
        return new AddedVocabulary(Matcher.readFrom(in), Matcher.readFrom(in), in.getInt(), in.getBytes());
    }

    /** Parses the saved maps once (a damaged block was caught by the index's checksum; this only rebuilds objects). */
    private synchronized void maps() {
        if (savedMaps == null) return;
        TokenizerIndex.In in = new TokenizerIndex.In(java.nio.ByteBuffer.wrap(savedMaps));
        Map<Integer, AddedToken> byId = new HashMap<>();
        for (int i = 0, n = in.getCount(); i < n; i++) {
            int id = in.getInt();
            String content = in.getString();
            int f = in.getInt();
            byId.put(id, new AddedToken(content, (f & 16) != 0, (f & 8) != 0, (f & 4) != 0, (f & 2) != 0, (f & 1) != 0));
        }
        Map<String, Integer> byContent = new HashMap<>();
        for (int i = 0, n = in.getCount(); i < n; i++) byContent.put(in.getString(), in.getInt());
        tokenById = byId;
        idByContent = byContent;
        savedMaps = null;
    }

    /** id to added token (see {@link #tokenById}). */
    synchronized Map<Integer, AddedToken> tokenById() {
        maps();
        return tokenById;
    }

    /** added token content to id. */
    synchronized Map<String, Integer> idByContent() {
        maps();
        return idByContent;
    }

    int maxId() {
        return maxId;
    }

    /** Leftmost-longest matching of one pattern set. */
    static final class Matcher {
        private final VocabTrie trie;
        /** Per pattern index: token id and flags (from the id's token, as HF looks flags up by id). */
        private final int[] ids;
        private final boolean[] singleWord, lstrip, rstrip;
        /** BMP chars that can start a pattern (for the last 3 positions of a text, where the gate does not apply). */
        private final long[] starts = new long[1024];
        /** BMP chars that are a whole pattern. */
        private final long[] singles = new long[1024];
        /**
         * One hashed bit set (32 KB) of the rolling hashes of: whole patterns of 2 chars, whole patterns of 3 chars,
         * and the first 4 chars of every longer pattern. A position p can start a match only if its char is a
         * single-char pattern or one of its hashes of 2, 3 and 4 chars is in the set; the four tests are OR-ed
         * without a branch, and together they pass only a few percent of positions, so the one branch per position
         * is predictable (the former filter tested prefixes one length at a time, a branch each, passing many).
         */
        private final long[] gate = new long[1 << (GATE_BITS - 6)];
        private static final int GATE_BITS = 18;

        Matcher(List<String> keys, List<Integer> idList, Map<Integer, AddedToken> tokenById) {
            int n = keys.size();
            // equal strings: the earlier pattern wins
            Map<String, Integer> first = new java.util.LinkedHashMap<>();
            for (int i = 0; i < n; i++) first.putIfAbsent(keys.get(i), i);
            int total = 0;
            for (String k : first.keySet()) total += k.length();
            char[] chars = new char[total];
            int[] start = new int[first.size()], length = new int[first.size()], value = new int[first.size()];
            int k = 0, p = 0;
            for (Map.Entry<String, Integer> e : first.entrySet()) {
                String key = e.getKey();
                key.getChars(0, key.length(), chars, p);
                start[k] = p;
                length[k] = key.length();
                value[k] = e.getValue();
                p += key.length();
                k++;
            }
            trie = VocabTrie.build(chars, start, length, value, first.size(), n - 1);
            ids = new int[n];
            singleWord = new boolean[n];
            lstrip = new boolean[n];
            rstrip = new boolean[n];
            for (int i = 0; i < n; i++) {
                ids[i] = idList.get(i);
                AddedToken t = tokenById.get(ids[i]);
                singleWord[i] = t.singleWord();
                lstrip[i] = t.lstrip();
                rstrip[i] = t.rstrip();
                String key = keys.get(i);
                char c = key.charAt(0);
                starts[c >>> 6] |= 1L << c;
                if (key.length() == 1) singles[c >>> 6] |= 1L << c;
                if (key.length() == 1) continue;
                int h = 0;
                for (int len = 1; len <= Math.min(key.length(), 4); len++) h += key.charAt(len - 1) * GATE_MULTIPLIERS[len - 1];
                setBit(gate, h >>> (32 - GATE_BITS));
            }
        }

        private Matcher(VocabTrie trie, int[] ids, boolean[] singleWord, boolean[] lstrip, boolean[] rstrip, long[] starts, long[] singles, long[] gate) {
            int n = ids.length;
            if (singleWord.length != n || lstrip.length != n || rstrip.length != n || starts.length != this.starts.length
                    || singles.length != this.singles.length || gate.length != this.gate.length)
                throw new IllegalStateException("added-token matcher arrays do not match");
            this.trie = trie;
            this.ids = ids;
            this.singleWord = singleWord;
            this.lstrip = lstrip;
            this.rstrip = rstrip;
            System.arraycopy(starts, 0, this.starts, 0, starts.length);
            System.arraycopy(singles, 0, this.singles, 0, singles.length);
            System.arraycopy(gate, 0, this.gate, 0, gate.length);
        }

        /** m's tables, or a mark that there is none. */
        static void writeTo(Matcher m, TokenizerIndex.Out out) {
            out.putBoolean(m != null);
            if (m == null) return;
            m.trie.writeTo(out);
            out.putInts(m.ids);
            out.putBooleans(m.singleWord);
            out.putBooleans(m.lstrip);
            out.putBooleans(m.rstrip);
            out.putLongs(m.starts);
            out.putLongs(m.singles);
            out.putLongs(m.gate);
        }

        static Matcher readFrom(TokenizerIndex.In in) {
            if (!in.getBoolean()) return null;
            return new Matcher(VocabTrie.readFrom(in), in.getInts(), in.getBooleans(), in.getBooleans(), in.getBooleans(),
                    in.getLongs(), in.getLongs(), in.getLongs());
        }

        /** The gate's hash of chars c1..ck is the sum of ci * GATE_MULTIPLIERS[i - 1]: the products are independent, no chain of multiplies. */
        private static final int[] GATE_MULTIPLIERS = {0x9E3779B1, 0x85EBCA6B, 0xC2B2AE35, 0x27D4EB2F};

        private static void setBit(long[] bits, int i) {
            bits[i >>> 6] |= 1L << i;
        }

        /** Whether some pattern may match at p, given p + 4 <= end (false: certainly none does). */
        private boolean mayMatchAt(char[] s, int p) {
            char a = s[p];
            int h2 = a * 0x9E3779B1 + s[p + 1] * 0x85EBCA6B, h3 = h2 + s[p + 2] * 0xC2B2AE35, h4 = h3 + s[p + 3] * 0x27D4EB2F;
            int i2 = h2 >>> (32 - GATE_BITS), i3 = h3 >>> (32 - GATE_BITS), i4 = h4 >>> (32 - GATE_BITS);
            long[] g = gate;
            long any = (singles[a >>> 6] & (1L << a)) | (g[i2 >>> 6] & (1L << i2)) | (g[i3 >>> 6] & (1L << i3)) | (g[i4 >>> 6] & (1L << i4));
            return any != 0;
        }

        int id(int pattern) {
            return ids[pattern];
        }

        boolean singleWord(int pattern) {
            return singleWord[pattern];
        }

        boolean lstrip(int pattern) {
            return lstrip[pattern];
        }

        boolean rstrip(int pattern) {
            return rstrip[pattern];
        }

        /**
         * Finds the leftmost-longest match starting in [from, end) and ending by end; stores
         * {start, end, pattern} in res and returns true, or returns false.
         */
        boolean find(char[] s, int from, int end, int[] res) {
            for (int p = from; p < end; p++) {
                if (p + 4 <= end ? !mayMatchAt(s, p) : (starts[s[p] >>> 6] & (1L << s[p])) == 0) continue;
                int node = trie.root();
                int best = VocabTrie.NONE, bestEnd = -1;
                for (int i = p; i < end; i++) {
                    node = trie.child(node, s[i]);
                    if (node == VocabTrie.NONE) break;
                    int v = trie.value(node);
                    if (v != VocabTrie.NONE) {
                        best = v;
                        bestEnd = i + 1;
                    }
                    if (!trie.hasChildren(node)) break;
                }
                if (best != VocabTrie.NONE) {
                    res[0] = p;
                    res[1] = bestEnd;
                    res[2] = best;
                    return true;
                }
            }
            return false;
        }
    }
}
