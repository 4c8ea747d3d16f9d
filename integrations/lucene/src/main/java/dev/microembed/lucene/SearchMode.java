package dev.microembed.lucene;

/** What {@code search --index} ranks by. */
public enum SearchMode {
    /** microembed cosine, from the HNSW graph with exact rescoring. */
    VECTOR,
    /** Lucene BM25 over the analysed text. */
    BM25,
    /** Both lists fused ({@link Fusion}). */
    HYBRID
}
