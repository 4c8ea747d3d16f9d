package dev.microembed.tokenizer;

/**
 * Ids of short words that are vocabulary entries themselves, keyed by the word's chars packed into one long, so such a
 * word costs one hash probe instead of one trie probe per char. WordPiece's greedy longest match of a word that is
 * itself a (word-initial) vocabulary key is that key alone, so the answer is exactly the trie's. Built once at load
 * from the flat vocabulary arrays and read-only afterwards (thread-safe, allocates nothing per lookup).
 *
 * <p>Two key forms: up to 8 chars all below U+0100 (one byte each: Latin words, the common case in tweets), or up to 4
 * BMP chars (16 bits each: short Cyrillic, Greek, Arabic, Devanagari words). Slots are pairs of longs: the packed chars,
 * then {@code form << 36 | length << 32 | id + 1} (0 = empty slot).
 */
final class WholeWordIds {
    private static final int MAX_NARROW = 8, MAX_WIDE = 4;
    private static final long WIDE = 1L << 36;
    private final long[] slots;
    private final int shift;
    private final int mask;

    private WholeWordIds(long[] slots, int bits) {
        this.slots = slots;
        this.shift = 64 - bits;
        this.mask = (1 << bits) - 1;
    }

    /**
     * From the vocabulary's flat arrays (key k is chars[start[k], start[k] + length[k]) with id id[k]); keys longer than
     * maxChars (unknown as a word) and keys of other forms are left to the trie.
     */
    static WholeWordIds build(char[] chars, int[] start, int[] length, int[] id, int n, int maxChars) {
        int count = 0;
        for (int k = 0; k < n; k++) if (length[k] <= maxChars && tag(chars, start[k], length[k]) != 0) count++;
        int bits = Math.max(4, 64 - Long.numberOfLeadingZeros(Math.max(1, 2L * count - 1))); // load factor <= 0.5
        WholeWordIds w = new WholeWordIds(new long[2 << bits], bits);
        for (int k = 0; k < n; k++) {
            if (length[k] > maxChars) continue;
            long tag = tag(chars, start[k], length[k]);
            if (tag == 0) continue;
            long key = 0;
            int s = start[k], len = length[k], width = (tag & WIDE) != 0 ? 16 : 8;
            for (int i = len - 1; i >= 0; i--) key = key << width | chars[s + i];
            w.put(key, tag, id[k]);
        }
        return w;
    }

    /** form and length bits of a key that can be packed, or 0. */
    private static long tag(char[] chars, int s, int len) {
        if (len == 0) return 0;
        boolean narrow = len <= MAX_NARROW, wide = len <= MAX_WIDE;
        for (int i = s; i < s + len; i++) {
            char c = chars[i];
            if (c > 0xFF) narrow = false;
            if (Character.isSurrogate(c)) wide = false;
        }
        return narrow ? (long) len << 32 : wide ? WIDE | (long) len << 32 : 0;
    }

    private int slotOf(long key, long tag) {
        return (int) (((key ^ tag) * 0x9E3779B97F4A7C15L) >>> shift);
    }

    private void put(long key, long tag, int id) {
        long[] t = slots;
        int i = slotOf(key, tag);
        while (t[2 * i + 1] != 0) {
            if (t[2 * i] == key && (t[2 * i + 1] & ~0xFFFFFFFFL) == tag) return; // keys are unique; keep the first
            i = (i + 1) & mask;
        }
        t[2 * i] = key;
        t[2 * i + 1] = tag | (id + 1L);
    }

    /** The id of the word cps[0, length) if it is a whole vocabulary key of a packable form, else -1. */
    int get(int[] cps, int length) {
        if (length > MAX_NARROW || length == 0) return -1;
        int any = 0;
        for (int i = 0; i < length; i++) any |= cps[i];
        long key = 0, tag;
        if (any <= 0xFF) {
            for (int i = length - 1; i >= 0; i--) key = key << 8 | cps[i];
            tag = (long) length << 32;
        } else {
            if (length > MAX_WIDE) return -1;
            for (int i = length - 1; i >= 0; i--) {
                int c = cps[i];
                if (c > 0xFFFF) return -1;
                key = key << 16 | c;
            }
            tag = WIDE | (long) length << 32;
        }
        long[] t = slots;
        int i = slotOf(key, tag);
        while (true) {
            long meta = t[2 * i + 1];
            if (meta == 0) return -1;
            if (t[2 * i] == key && (meta & ~0xFFFFFFFFL) == tag) return (int) meta - 1;
            i = (i + 1) & mask;
        }
    }

    void writeTo(TokenizerIndex.Out out) {
        out.putInt(64 - shift);
        out.putLongs(slots);
    }

    static WholeWordIds readFrom(TokenizerIndex.In in) {
        int bits = in.getInt();
        long[] slots = in.getLongs();
        if (bits < 4 || bits > 30 || slots.length != 2 << bits) throw new IllegalStateException("whole-word table does not match its size");
        return new WholeWordIds(slots, bits);
    }

    /** Heap bytes of the table. */
    long bytes() {
        return 8L * slots.length;
    }
}
