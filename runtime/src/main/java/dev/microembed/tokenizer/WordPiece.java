package dev.microembed.tokenizer;

/**
 * Hugging Face's {@code WordPiece} model for one pre-tokenized word: greedy longest-match-first
 * from the left, pieces after the first looked up with the continuing-subword prefix ({@code ##});
 * a word longer than {@code max_input_chars_per_word} code points, or one where some position has
 * no matching piece, becomes the single unknown token. The longest match is found by one walk down
 * the vocabulary trie instead of HF's shrinking hash lookups; the result is the same.
 */
final class WordPiece {
    final VocabTrie vocab;
    /** Trie node reached by the continuing-subword prefix, or NONE if no vocabulary entry starts with it. */
    private final int continuationRoot;
    final int unknownId;
    final int maxInputCharsPerWord;
    final String continuingSubwordPrefix;

    WordPiece(VocabTrie vocab, String continuingSubwordPrefix, int unknownId, int maxInputCharsPerWord) {
        this.vocab = vocab;
        this.continuingSubwordPrefix = continuingSubwordPrefix;
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
        int count = 0;
        int start = 0;
        while (start < length) {
            int node = start == 0 ? vocab.root() : continuationRoot;
            int best = VocabTrie.NONE, bestEnd = -1;
            for (int i = start; i < length && node != VocabTrie.NONE; i++) {
                int cp = word[i];
                if (cp < 0x10000) {
                    node = vocab.child(node, (char) cp);
                } else {
                    node = vocab.child(node, Character.highSurrogate(cp));
                    if (node != VocabTrie.NONE) node = vocab.child(node, Character.lowSurrogate(cp));
                }
                if (node == VocabTrie.NONE) break;
                int v = vocab.value(node);
                if (v != VocabTrie.NONE) {
                    best = v;
                    bestEnd = i + 1;
                }
                if (!vocab.hasChildren(node)) break;
            }
            if (best == VocabTrie.NONE) return -1;
            pieces[count++] = best;
            start = bestEnd;
        }
        return count;
    }
}
