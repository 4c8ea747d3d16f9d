package dev.microembed.tokenizer;

import java.util.Arrays;

/**
 * A growable code point array that can apply NFD's canonical ordering as code points arrive: a
 * mark (ccc != 0) moves in front of the preceding marks of a higher class, within the run that
 * started after the last starter. Reused per thread, so it grows once and then never allocates.
 */
final class CodePointBuffer {
    int[] cps;
    int length;
    /** Index after the last starter: marks never move before it. */
    private int runStart;

    CodePointBuffer(int capacity) {
        cps = new int[Math.max(16, capacity)];
    }

    void clear() {
        length = 0;
        runStart = 0;
    }

    /** Appends cp; with reorder, applies canonical ordering; {@link BertNormalizer#REORDER_BARRIER} only ends the run. */
    void add(int cp, boolean reorder) {
        if (cp == BertNormalizer.REORDER_BARRIER) {
            runStart = length;
            return;
        }
        if (length == cps.length) cps = Arrays.copyOf(cps, cps.length * 2);
        if (!reorder) { // a starter, or no reordering at all
            cps[length++] = cp;
            runStart = length;
            return;
        }
        int c = UnicodeTables.ccc(cp);
        if (c == 0) {
            cps[length++] = cp;
            runStart = length;
            return;
        }
        int i = length;
        while (i > runStart && UnicodeTables.ccc(cps[i - 1]) > c) {
            cps[i] = cps[i - 1];
            i--;
        }
        cps[i] = cp;
        length++;
    }

    @Override
    public String toString() {
        return new String(cps, 0, length);
    }
}
