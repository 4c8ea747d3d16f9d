package dev.microembed.tokenizer;

import java.util.Arrays;

/**
 * An immutable trie over UTF-16 strings mapping each key to an int value, stored as three flat
 * arrays in breadth-first order (children of a node are contiguous and sorted by char), so a
 * 120k-entry vocabulary costs a few MB and no objects per entry. Walking it char by char finds
 * every vocabulary entry that is a prefix of the text in one pass, which is what makes WordPiece's
 * greedy longest-match linear instead of quadratic.
 */
final class CharTrie {
    static final int NONE = -1;

    /**
     * Per node n: nodes[2n] = first child (children of n are [nodes[2n], nodes[2n + 2])), nodes[2n + 1]
     * = value or NONE. Interleaved so one cache line serves a step's value check and the next step.
     */
    private final int[] nodes;
    /** Edge label leading into each node (unused for the root). */
    private final char[] label;
    /** Direct child table of the root (it has thousands of children in a multilingual vocabulary). */
    private final int[] rootChildren;

    /** Builds the trie; when a key repeats, the first occurrence wins. */
    CharTrie(String[] keys, int[] values) {
        java.util.HashMap<String, Integer> first = new java.util.HashMap<>(keys.length * 2);
        for (int i = 0; i < keys.length; i++) first.putIfAbsent(keys[i], values[i]);
        String[] sorted = first.keySet().toArray(new String[0]);
        Arrays.sort(sorted); // String order is UTF-16 code unit order, the order the construction needs
        int n = sorted.length;
        int[] sortedValues = new int[n];
        for (int i = 0; i < n; i++) sortedValues[i] = first.get(sorted[i]);
        // Breadth-first construction: each queue entry is a node owning the sorted key range [lo, hi)
        // whose keys all share the node's prefix of length depth.
        int cap = 16;
        int[] fc = new int[cap + 1];
        char[] lab = new char[cap];
        int[] val = new int[cap];
        int[] qLo = new int[cap], qHi = new int[cap], qDepth = new int[cap];
        int count = 1;
        qLo[0] = 0;
        qHi[0] = n;
        qDepth[0] = 0;
        val[0] = NONE;
        for (int node = 0; node < count; node++) {
            int lo = qLo[node], hi = qHi[node], depth = qDepth[node];
            // the key equal to the prefix (keys are unique) comes first in sorted order
            if (lo < hi && sorted[lo].length() == depth) {
                val[node] = sortedValues[lo];
                lo++;
            }
            fc[node] = count;
            int i = lo;
            while (i < hi) {
                char c = sorted[i].charAt(depth);
                int j = i + 1;
                while (j < hi && sorted[j].charAt(depth) == c) j++;
                if (count == cap) {
                    cap = cap * 2;
                    fc = Arrays.copyOf(fc, cap + 1);
                    lab = Arrays.copyOf(lab, cap);
                    val = Arrays.copyOf(val, cap);
                    qLo = Arrays.copyOf(qLo, cap);
                    qHi = Arrays.copyOf(qHi, cap);
                    qDepth = Arrays.copyOf(qDepth, cap);
                }
                lab[count] = c;
                val[count] = NONE;
                qLo[count] = i;
                qHi[count] = j;
                qDepth[count] = depth + 1;
                count++;
                i = j;
            }
        }
        fc[count] = count;
        this.nodes = new int[2 * count + 2];
        for (int i = 0; i < count; i++) {
            nodes[2 * i] = fc[i];
            nodes[2 * i + 1] = val[i];
        }
        nodes[2 * count] = count;
        nodes[2 * count + 1] = NONE;
        this.label = Arrays.copyOf(lab, count);
        rootChildren = directChildren(0);
    }

    static int root() {
        return 0;
    }

    int nodeCount() {
        return label.length;
    }

    /** The child of node reached by c, or NONE. */
    int child(int node, char c) {
        if (node == 0) return rootChildren[c];
        int lo = nodes[2 * node], hi = nodes[2 * node + 2] - 1;
        if (hi - lo < 8) {
            for (int i = lo; i <= hi; i++) if (label[i] == c) return i;
            return NONE;
        }
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            char m = label[mid];
            if (m < c) lo = mid + 1;
            else if (m > c) hi = mid - 1;
            else return mid;
        }
        return NONE;
    }

    /** A table from every char to the child of node it leads to (or NONE): 256 KB, for hub nodes. */
    int[] directChildren(int node) {
        int[] t = new int[65536];
        Arrays.fill(t, NONE);
        if (node != NONE) for (int c = nodes[2 * node]; c < nodes[2 * node + 2]; c++) t[label[c]] = c;
        return t;
    }

    /** Value at node, or NONE. */
    int value(int node) {
        return nodes[2 * node + 1];
    }

    /** Whether any key continues below node. */
    boolean hasChildren(int node) {
        return nodes[2 * node + 2] > nodes[2 * node];
    }

    /** Value of the exact key, or NONE. */
    int get(CharSequence key) {
        int node = 0;
        for (int i = 0; i < key.length() && node != NONE; i++) node = child(node, key.charAt(i));
        return node == NONE ? NONE : nodes[2 * node + 1];
    }

    /** Node reached by walking key from the root, or NONE. */
    int walk(CharSequence key) {
        int node = 0;
        for (int i = 0; i < key.length() && node != NONE; i++) node = child(node, key.charAt(i));
        return node;
    }
}
