package dev.microembed.eval;

import java.util.List;

/**
 * One model compared by the harness. A dense model only implements {@link #embed}; the harness
 * derives every task from its vectors (cosine for STS, nearest neighbour for bitext, logistic
 * regression for classification). A model that is not a vector space (BM25) also implements
 * {@link LexicalModel}. Adding a model = one class plus one line in {@link ModelRegistry}.
 */
public interface EvalModel extends AutoCloseable {
    /** Display name, also the key in JSON and the report (e.g. {@code microembed-int8}). */
    String name();

    /**
     * Identity of the exact weights and settings, used as the embedding-cache key; {@code null}
     * means "do not cache" (models that embed faster than the cache reads).
     */
    default String cacheId() {
        return null;
    }

    /**
     * Work that must see the texts before {@link #embed} but is not per-text inference (fastText
     * resolves vectors for unseen words in one batch); excluded from the timing.
     */
    default void prepare(List<String> texts) throws Exception {}

    /** One vector per text, unit length or zero. Called with batches of a few hundred texts. */
    float[][] embed(List<String> texts) throws Exception;

    /** Encodes one text on the calling thread; the speed probe times exactly this call. */
    default Object encodeOne(String text) throws Exception {
        return embed(List.of(text))[0];
    }

    /** Free-form description for the report (source, parameters). */
    default String description() {
        return name();
    }

    @Override
    default void close() throws Exception {}
}
