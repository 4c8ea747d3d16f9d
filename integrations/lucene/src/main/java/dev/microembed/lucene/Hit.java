package dev.microembed.lucene;

/**
 * One search result: the Lucene document, its corpus line number and text, and its score (cosine for
 * vector search, BM25 for keyword search, the fused score for hybrid search).
 */
public record Hit(int doc, long line, String text, float score) {}
