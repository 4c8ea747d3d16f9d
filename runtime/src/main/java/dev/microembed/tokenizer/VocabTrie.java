package dev.microembed.tokenizer;

/**
 * The WordPiece vocabulary as a char trie stored in ONE open-addressing hash table of longs: the
 * edge (parent node, char) lives in a slot, and that slot's index is the id of the child node, so
 * one probe finds the child together with its token id and whether anything continues below it
 * (one cache line per char of a word; per-tweet time is dominated by these misses). Built in one
 * pass over the keys straight from the parsed tokenizer.json, with no object per entry.
 *
 * <p>Slot layout: bits 0–15 the edge char, then {@code nodeBits} bits the parent node + 1, then the
 * token id + 1 (0 = no token ends here), bit 63 = the node has children. An empty slot is 0. The root is node {@code size}, stored after the table.
 * When ids do not fit next to the key (huge vocabularies) they go to a side array instead.
 */
final class VocabTrie {
    static final int NONE = -1;
    private static final long HAS_CHILDREN = 1L << 63;

    private final long[] table;
    private final int bits;
    private final int mask;
    private final int root;
    private final long keyMask;
    private final int valueShift;
    private final long valueMask;
    /** Token ids by node when they do not fit into the slot, else null. */
    private final int[] sideValues;
    private final int nodeCount;

    private VocabTrie(int bits, boolean side) {
        this.bits = bits;
        int size = 1 << bits;
        this.mask = size - 1;
        this.root = size;
        int nodeBits = bits + 1;
        this.keyMask = (1L << (16 + nodeBits)) - 1;
        this.valueShift = 16 + nodeBits;
        this.valueMask = side ? 0 : (1L << (63 - valueShift)) - 1;
        this.table = new long[size + 1];
        this.sideValues = side ? new int[size + 1] : null;
        if (side) java.util.Arrays.fill(sideValues, NONE);
        this.nodeCount = 0;
    }

    /** A trie read back from a {@link TokenizerIndex} (arrays as {@link #writeTo} wrote them). */
    private VocabTrie(int bits, long[] table, int[] sideValues, int nodeCount) {
        this.bits = bits;
        int size = 1 << bits;
        this.mask = size - 1;
        this.root = size;
        int nodeBits = bits + 1;
        this.keyMask = (1L << (16 + nodeBits)) - 1;
        this.valueShift = 16 + nodeBits;
        this.valueMask = sideValues != null ? 0 : (1L << (63 - valueShift)) - 1;
        if (table.length != size + 1 || sideValues != null && sideValues.length != size + 1)
            throw new IllegalStateException("trie arrays do not match their size");
        this.table = table;
        this.sideValues = sideValues;
        this.nodeCount = nodeCount;
    }

    void writeTo(TokenizerIndex.Out out) {
        out.putInt(bits);
        out.putInt(nodeCount);
        out.putLongs(table);
        out.putBoolean(sideValues != null);
        if (sideValues != null) out.putInts(sideValues);
    }

    static VocabTrie readFrom(TokenizerIndex.In in) {
        int bits = in.getInt();
        if (bits < 1 || bits > 26) throw new IllegalStateException("trie size out of range");
        int nodeCount = in.getInt();
        long[] table = in.getLongs();
        int[] side = in.getBoolean() ? in.getInts() : null;
        return new VocabTrie(bits, table, side, nodeCount);
    }

    private VocabTrie(VocabTrie t, int nodeCount) {
        table = t.table;
        bits = t.bits;
        mask = t.mask;
        root = t.root;
        keyMask = t.keyMask;
        valueShift = t.valueShift;
        valueMask = t.valueMask;
        sideValues = t.sideValues;
        this.nodeCount = nodeCount;
    }

    /**
     * Builds the trie of n keys: key k is chars[start[k], start[k] + length[k]) with value value[k]
     * (values in [0, maxValue]). A key given twice is an IllegalArgumentException.
     */
    static VocabTrie build(char[] chars, int[] start, int[] length, int[] value, int n, int maxValue) {
        return build(chars, start, length, value, n, maxValue, null);
    }

    /** As {@link #build(char[], int[], int[], int[], int, int)}; also stores key k's node in keyNodes[k]. */
    static VocabTrie build(char[] chars, int[] start, int[] length, int[] value, int n, int maxValue, int[] keyNodes) {
        return build(chars, start, length, value, n, maxValue, keyNodes, false);
    }

    /** forceSideValues: keep ids in the side array even when they fit (for tests of that layout). */
    static VocabTrie build(char[] chars, int[] start, int[] length, int[] value, int n, int maxValue, int[] keyNodes,
                           boolean forceSideValues) {
        long totalChars = 0;
        for (int k = 0; k < n; k++) totalChars += length[k];
        // nodes ~ 0.36 x chars for WordPiece vocabularies; keep the load factor <= 0.8, retry larger if not
        long estimate = Math.max(16, totalChars * 2 / 5 * 5 / 4);
        int bits = 64 - Long.numberOfLeadingZeros(estimate - 1);
        while (true) {
            if (bits > 26) throw new IllegalArgumentException("model.vocab is too large (over 50 million trie nodes)");
            boolean side = forceSideValues || (long) maxValue + 1 >= 1L << (63 - 16 - (bits + 1));
            VocabTrie t = new VocabTrie(bits, side);
            int nodes = t.fill(chars, start, length, value, n, keyNodes);
            if (nodes >= 0) return new VocabTrie(t, nodes);
            bits++;
        }
    }

    /** Inserts all keys; returns the node count, or -1 when the table got too full. */
    private int fill(char[] chars, int[] start, int[] length, int[] value, int n, int[] keyNodes) {
        long[] tab = table;
        int limit = (int) ((mask + 1L) * 4 / 5);
        int count = 1;
        for (int k = 0; k < n; k++) {
            int node = root;
            for (int i = start[k], end = i + length[k]; i < end; i++) {
                long key = (long) (node + 1) << 16 | chars[i];
                int slot = hash(key);
                while (true) {
                    long e = tab[slot];
                    if (e == 0) {
                        if (++count > limit) return -1;
                        tab[slot] = key;
                        tab[node] |= HAS_CHILDREN;
                        break;
                    }
                    if ((e & keyMask) == key) break;
                    slot = (slot + 1) & mask;
                }
                node = slot;
            }
            if (value(node) != NONE)
                throw new IllegalArgumentException("model.vocab has the key \"" + new String(chars, start[k], length[k]) + "\" twice");
            if (keyNodes != null) keyNodes[k] = node;
            if (sideValues != null) {
                sideValues[node] = value[k];
            } else tab[node] |= (long) (value[k] + 1) << valueShift;
        }
        return count;
    }

    private int hash(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> (64 - bits));
    }

    int root() {
        return root;
    }

    int nodeCount() {
        return nodeCount;
    }

    /** The child of node reached by c, or NONE. */
    int child(int node, char c) {
        long key = (long) (node + 1) << 16 | c; // + 1: a key is never 0, the empty slot
        long[] tab = table;
        int slot = hash(key);
        while (true) {
            long e = tab[slot];
            if ((e & keyMask) == key) return slot;
            if (e == 0) return NONE;
            slot = (slot + 1) & mask;
        }
    }

    /** Token id ending at node, or NONE. */
    int value(int node) {
        if (sideValues != null) return sideValues[node];
        return (int) ((table[node] >>> valueShift) & valueMask) - 1;
    }

    /** Whether any key continues below node. */
    boolean hasChildren(int node) {
        return table[node] < 0;
    }

    /** Node reached by walking key from the root, or NONE. */
    int walk(CharSequence key) {
        int node = root;
        for (int i = 0; i < key.length() && node != NONE; i++) node = child(node, key.charAt(i));
        return node;
    }

    /** Value of the exact key, or NONE. */
    int get(CharSequence key) {
        int node = walk(key);
        return node == NONE ? NONE : value(node);
    }

    /** The key that ends at node, rebuilt by walking up the parents (so no string table is kept). */
    String keyOf(int node) {
        long parentMask = (1L << (valueShift - 16)) - 1;
        int length = 0;
        for (int x = node; x != root; x = (int) ((table[x] >>> 16) & parentMask) - 1) length++;
        char[] c = new char[length];
        for (int x = node, i = length - 1; x != root; x = (int) ((table[x] >>> 16) & parentMask) - 1) c[i--] = (char) table[x];
        return new String(c);
    }

    /** Heap bytes of the arrays. */
    long bytes() {
        return 8L * table.length + (sideValues == null ? 0 : 4L * sideValues.length);
    }
}
