package dev.microembed.tokenizer;

/**
 * Hugging Face's {@code BertPreTokenizer}: split the normalized text on whitespace
 * ({@code char::is_whitespace}, removed) and isolate every punctuation character (ASCII
 * punctuation or Unicode P*, each its own word). Words are never empty.
 */
final class BertPreTokenizer {
    /** Code point belongs to the current word. */
    static final int WORD = 0;
    /** Code point ends the current word and is dropped. */
    static final int SPLIT = 1;
    /** Code point ends the current word and forms a word of its own. */
    static final int ISOLATE = 2;

    private BertPreTokenizer() {}

    static int classify(int cp) {
        if (UnicodeTables.WHITESPACE.contains(cp)) return SPLIT;
        if (UnicodeTables.PUNCTUATION.contains(cp)) return ISOLATE;
        return WORD;
    }
}
