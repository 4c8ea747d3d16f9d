package dev.microembed.eval;

import java.util.List;

/**
 * A model that scores texts against each other without a shared vector space (BM25), so it
 * implements each task's primitive directly instead of {@link EvalModel#embed}.
 */
public interface LexicalModel extends EvalModel {
    /** Similarity of {@code a.get(i)} and {@code b.get(i)} for each i (STS). */
    double[] pairScores(List<String> a, List<String> b) throws Exception;

    /** For each query, the index of the best-scoring candidate (bitext retrieval). */
    int[] nearest(List<String> queries, List<String> candidates) throws Exception;

    /** Predicted label for each test text given labelled training texts (classification). */
    int[] classify(List<String> trainTexts, int[] trainLabels, List<String> testTexts) throws Exception;

    @Override
    default float[][] embed(List<String> texts) {
        throw new UnsupportedOperationException(name() + " has no dense vectors");
    }
}
