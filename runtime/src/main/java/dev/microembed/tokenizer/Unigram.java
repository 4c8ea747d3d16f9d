package dev.microembed.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Hugging Face's {@code Unigram} model (SentencePiece unigram): the Viterbi best segmentation of a word over the
 * pieces' log-probability scores, as {@code Unigram::encode_optimized} does it. Positions advance by code point;
 * a code point that no piece covers by itself gets an unknown node of score {@code min_score - 10}; consecutive
 * unknown nodes are fused into one string ({@code fuse_unk}, always on when read from tokenizer.json), which is
 * then looked up as a piece, else split into {@code <0xXX>} byte pieces ({@code byte_fallback}, when all exist),
 * else given {@code unk_id}. Ties keep the earlier (shorter) candidate, as the reference's strict {@code >}.
 */
final class Unigram implements TokenModel {
    private static final double UNK_PENALTY = 10.0;

    private final String[] pieces;
    private final double[] scores;
    private final VocabTrie trie;
    private final int unkId; // -1 when the model has none
    private final boolean byteFallback;
    private final double unkScore;
    /** Ids of {@code <0x00>} .. {@code <0xFF>}, -1 where missing. */
    private final int[] byteIds = new int[256];

    Unigram(List<String> pieces, double[] scores, int unkId, boolean byteFallback) {
        int n = pieces.size();
        if (n == 0) throw new IllegalArgumentException("model.vocab of a Unigram model is empty");
        if (unkId >= n) throw new IllegalArgumentException("model.unk_id " + unkId + " is not an id of the " + n + "-piece vocabulary");
        this.pieces = pieces.toArray(new String[0]);
        this.scores = scores.clone();
        this.unkId = unkId;
        this.byteFallback = byteFallback;
        double min = Double.POSITIVE_INFINITY;
        for (double s : scores) min = Math.min(min, s);
        this.unkScore = min - UNK_PENALTY;
        // token -> id, the last entry of a repeated piece wins (HF's token_to_ids)
        Map<String, Integer> last = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) last.put(this.pieces[i], i);
        int total = 0;
        for (String p : last.keySet()) total += p.length();
        char[] chars = new char[total];
        int[] start = new int[last.size()], length = new int[last.size()], value = new int[last.size()];
        int k = 0, at = 0;
        for (Map.Entry<String, Integer> e : last.entrySet()) {
            String p = e.getKey();
            if (p.isEmpty()) continue; // never matched by a prefix search
            p.getChars(0, p.length(), chars, at);
            start[k] = at;
            length[k] = p.length();
            value[k] = e.getValue();
            at += p.length();
            k++;
        }
        this.trie = VocabTrie.build(chars, start, length, value, k, n - 1);
        java.util.Arrays.fill(byteIds, -1);
        for (int b = 0; b < 256; b++) byteIds[b] = trie.get(String.format("<0x%02X>", b));
    }

    /** Per-thread lattice arrays, grown as needed. */
    private static final class Lattice {
        double[] score = new double[64];
        int[] startsAt = new int[64];
        int[] id = new int[64];
        int[] pathStart = new int[64], pathId = new int[64];

        void ensure(int n) {
            if (score.length >= n) return;
            int cap = Math.max(n, score.length * 2);
            score = new double[cap];
            startsAt = new int[cap];
            id = new int[cap];
            pathStart = new int[cap];
            pathId = new int[cap];
        }
    }

    private final ThreadLocal<Lattice> lattices = new ThreadLocal<>() {
        @Override
        protected Lattice initialValue() {
            return new Lattice();
        }
    };

    @Override
    public boolean tokenize(String word, Ids out) {
        int size = word.length();
        if (size == 0) return false;
        Lattice l = lattices.get();
        l.ensure(size + 1);
        double[] best = l.score;
        int[] from = l.startsAt, ids = l.id;
        for (int i = 0; i <= size; i++) from[i] = -1;
        best[0] = 0;
        int unknown = unkId >= 0 ? unkId : -2; // -2: an unknown node without unk_id
        for (int at = 0; at < size; ) {
            int cpLen = Character.isHighSurrogate(word.charAt(at)) && at + 1 < size && Character.isLowSurrogate(word.charAt(at + 1)) ? 2 : 1;
            double here = best[at];
            boolean single = false;
            int node = trie.root();
            for (int i = at; i < size; i++) {
                node = trie.child(node, word.charAt(i));
                if (node == VocabTrie.NONE) break;
                int v = trie.value(node);
                if (v != VocabTrie.NONE) {
                    int end = i + 1;
                    double candidate = scores[v] + here;
                    if (from[end] < 0 || candidate > best[end]) {
                        best[end] = candidate;
                        from[end] = at;
                        ids[end] = v;
                    }
                    if (end - at == cpLen) single = true;
                }
                if (!trie.hasChildren(node)) break;
            }
            if (!single) {
                int end = at + cpLen;
                double candidate = unkScore + here;
                if (from[end] < 0 || candidate > best[end]) {
                    best[end] = candidate;
                    from[end] = at;
                    ids[end] = unknown;
                }
            }
            at += cpLen;
        }
        // walk back, fusing runs of unknown nodes
        int count = 0;
        int[] ps = l.pathStart, pi = l.pathId;
        for (int end = size; end > 0; ) {
            int start = from[end], id = ids[end];
            if (id == unknown && count > 0 && pi[count - 1] == unknown) ps[count - 1] = start; // extend the fused run
            else {
                ps[count] = start;
                pi[count] = id;
                count++;
            }
            end = start;
        }
        int end = size;
        // the path is stored from the end; emit from the start
        for (int k = count - 1; k >= 0; k--) {
            int start = ps[k];
            int stop = k == 0 ? size : ps[k - 1];
            if (pi[k] != unknown) {
                if (out.emit(pi[k])) return true;
            } else if (emitUnknown(word.substring(start, stop), out)) return true;
        }
        return false;
    }

    /** A fused run of unknown code points: a piece if it is one, else byte pieces, else unk_id (nothing without one). */
    private boolean emitUnknown(String s, Ids out) {
        int asPiece = trie.get(s);
        if (asPiece != VocabTrie.NONE) return out.emit(asPiece);
        if (byteFallback) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            boolean all = true;
            for (byte b : utf8) all &= byteIds[b & 0xFF] >= 0;
            if (all) {
                for (byte b : utf8) if (out.emit(byteIds[b & 0xFF])) return true;
                return false;
            }
        }
        return unkId >= 0 && out.emit(unkId);
    }

    @Override
    public int unknownTokenId() {
        return -1;
    }

    /** The model's {@code unk_id}, or -1. */
    int unkId() {
        return unkId;
    }

    @Override
    public int size() {
        return pieces.length;
    }

    @Override
    public int idLimit() {
        return pieces.length;
    }

    @Override
    public String token(int id) {
        return id >= 0 && id < pieces.length ? pieces[id] : null;
    }

    @Override
    public int id(String token) {
        return trie.get(token);
    }

    @Override
    public VocabTrie vocab() {
        return trie;
    }
}
