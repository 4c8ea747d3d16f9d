package dev.microembed.tokenizer;

/**
 * The model stage of a tokenizer pipeline (Hugging Face's {@code model}): one pre-tokenized word to token ids.
 * Implementations are immutable and thread-safe; per-call memory comes from the caller's {@link Ids}.
 */
interface TokenModel {
    /** Where a model writes ids: returns true when the output is full and encoding must stop. */
    interface Ids {
        boolean emit(int id);
    }

    /** Encodes {@code word} (non-empty, well-formed UTF-16) into {@code out}; returns true when out is full. */
    boolean tokenize(String word, Ids out);

    /** The id of the model's {@code unk_token} (dropped by Model2Vec and microembed), or -1 (Unigram has none). */
    int unknownTokenId();

    /** Number of vocabulary entries (HF's {@code get_vocab_size} without added tokens). */
    int size();

    /** Largest id + 1. */
    int idLimit();

    /** The token string of an id, or null. */
    String token(int id);

    /** The id of a token string, or -1. */
    int id(String token);

    /** The vocabulary as a trie (for the added vocabulary's id assignment). */
    VocabTrie vocab();
}
