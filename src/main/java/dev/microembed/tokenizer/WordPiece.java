package dev.microembed.tokenizer;

/**
 * Hugging Face's {@code WordPiece} model for one pre-tokenized word: greedy longest-match-first
 * from the left, pieces after the first looked up with the continuing-subword prefix ({@code ##});
 * a word longer than {@code max_input_chars_per_word} code points, or one where some position has
 * no matching piece, becomes the single unknown token. The longest match is found by one walk down
 * the vocabulary trie instead of HF's shrinking hash lookups; the result is the same.
 */
final class WordPiece {
    final CharTrie vocab;
    /** Trie node reached by the continuing-subword prefix, or NONE if no vocabulary entry starts with it. */
    private final int continuationRoot;
    final int unknownId;
    final int maxInputCharsPerWord;

    /**
     * Whole-word fast path: open addressing over the vocabulary strings, four ints per slot (hash,
     * id + 1 with 0 = empty, length in chars, start in tokenChars or, for 1-2 char tokens, the chars
     * themselves) so one cache line answers most probes.
     */
    private final int[] slots;
    private final int slotMask;
    private final char[] tokenChars;
    /** Per id: start in tokenChars and length (start -1 when the id has no string). */
    private final int[] tokenSpan;

    WordPiece(CharTrie vocab, String continuingSubwordPrefix, int unknownId, int maxInputCharsPerWord,
              char[] tokenChars, int[] tokenSpan) {
        this.vocab = vocab;
        this.tokenChars = tokenChars;
        this.tokenSpan = tokenSpan;
        int ids = tokenSpan.length / 2, count = 0;
        for (int id = 0; id < ids; id++) if (tokenSpan[2 * id] >= 0) count++;
        int size = Integer.highestOneBit(Math.max(4, count) * 2 - 1) << 1;
        slots = new int[4 * size];
        slotMask = size - 1;
        for (int id = 0; id < ids; id++) {
            int start = tokenSpan[2 * id];
            if (start < 0) continue;
            int h = 0;
            for (int i = start, end = start + tokenSpan[2 * id + 1]; i < end; i++) h = step(h, tokenChars[i]);
            h = finish(h);
            int slot = h & slotMask;
            while (slots[4 * slot + 1] != 0) slot = (slot + 1) & slotMask;
            int len = tokenSpan[2 * id + 1];
            slots[4 * slot] = h;
            slots[4 * slot + 1] = id + 1;
            slots[4 * slot + 2] = len;
            slots[4 * slot + 3] = len == 1 ? tokenChars[start] : len == 2 ? tokenChars[start] | tokenChars[start + 1] << 16 : start;
        }
        this.continuationRoot = vocab.walk(continuingSubwordPrefix);
        this.unknownId = unknownId;
        this.maxInputCharsPerWord = maxInputCharsPerWord;
    }

    /**
     * Tokenizes word[0, length) (code points) into pieces; returns the number of piece ids written,
     * or -1 when the whole word is unknown. pieces must hold at least length entries.
     */
    int tokenize(int[] word, int length, int[] pieces) {
        if (length > maxInputCharsPerWord) return -1;
        int whole = wholeWord(word, length);
        if (whole >= 0) {
            pieces[0] = whole;
            return 1;
        }
        int count = 0;
        int start = 0;
        while (start < length) {
            int node = start == 0 ? CharTrie.root() : continuationRoot;
            int best = CharTrie.NONE, bestEnd = -1;
            for (int i = start; i < length && node != CharTrie.NONE; i++) {
                int cp = word[i];
                if (cp < 0x10000) {
                    node = vocab.child(node, (char) cp);
                } else {
                    node = vocab.child(node, Character.highSurrogate(cp));
                    if (node != CharTrie.NONE) node = vocab.child(node, Character.lowSurrogate(cp));
                }
                if (node == CharTrie.NONE) break;
                int v = vocab.value(node);
                if (v != CharTrie.NONE) {
                    best = v;
                    bestEnd = i + 1;
                }
                if (!vocab.hasChildren(node)) break;
            }
            if (best == CharTrie.NONE) return -1;
            pieces[count++] = best;
            start = bestEnd;
        }
        return count;
    }

    private static int step(int h, char c) {
        return (h ^ c) * 0x9E3779B1;
    }

    private static int finish(int h) {
        return h ^ (h >>> 15);
    }

    /** Id of the vocabulary entry equal to the whole word, or -1 (one hash probe, usually). */
    private int wholeWord(int[] word, int length) {
        int h = 0, chars = 0;
        for (int i = 0; i < length; i++) {
            int cp = word[i];
            if (cp < 0x10000) {
                h = step(h, (char) cp);
                chars++;
            } else {
                h = step(step(h, Character.highSurrogate(cp)), Character.lowSurrogate(cp));
                chars += 2;
            }
        }
        h = finish(h);
        int[] slots = this.slots;
        for (int slot = h & slotMask; slots[4 * slot + 1] != 0; slot = (slot + 1) & slotMask) {
            int b = 4 * slot;
            if (slots[b] != h || slots[b + 2] != chars) continue;
            boolean equal;
            if (chars == 1) equal = slots[b + 3] == word[0];
            else if (chars == 2) equal = slots[b + 3] == (length == 2 ? word[0] | word[1] << 16 : Character.highSurrogate(word[0]) | Character.lowSurrogate(word[0]) << 16);
            else equal = equalsWord(slots[b + 3], word, length);
            if (equal) return slots[b + 1] - 1;
        }
        return -1;
    }

    private boolean equalsWord(int start, int[] word, int length) {
        int p = start;
        for (int i = 0; i < length; i++) {
            int cp = word[i];
            if (cp < 0x10000) {
                if (tokenChars[p++] != cp) return false;
            } else {
                if (tokenChars[p++] != Character.highSurrogate(cp) || tokenChars[p++] != Character.lowSurrogate(cp)) return false;
            }
        }
        return true;
    }
}
