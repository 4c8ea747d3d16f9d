package dev.microembed.lucene;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.search.ScoreDoc;

/**
 * How hybrid search merges the semantic (vector) and the keyword (BM25) ranked lists. Both lists come best
 * first; the fused list is sorted by fused score, ties by document id.
 */
public sealed interface Fusion {
    /** The default, chosen by measurement ({@code microembed index-eval}, docs/lucene.md). */
    Fusion DEFAULT = new Weighted(0.7);

    /** Fuses two ranked lists into one, best first. */
    ScoreDoc[] fuse(ScoreDoc[] semantic, ScoreDoc[] keyword);

    /** Short name for tables and output headers. */
    String name();

    /** Reciprocal-rank fusion: {@code Σ 1 / (k + rank)} over the lists a document is in (rank from 1). */
    record Rrf(int k) implements Fusion {
        public Rrf {
            if (k < 0) throw new IllegalArgumentException("RRF k must be >= 0, got " + k);
        }

        @Override
        public ScoreDoc[] fuse(ScoreDoc[] semantic, ScoreDoc[] keyword) {
            Map<Integer, Float> score = new HashMap<>();
            for (ScoreDoc[] list : new ScoreDoc[][] {semantic, keyword})
                for (int r = 0; r < list.length; r++) score.merge(list[r].doc, 1f / (k + r + 1), Float::sum);
            return sorted(score);
        }

        @Override
        public String name() {
            return "rrf" + k;
        }
    }

    /**
     * Weighted sum of min-max normalised scores: {@code w · norm(cosine) + (1 - w) · norm(bm25)}, each score
     * scaled to [0, 1] over its own list (best 1, worst 0; all equal: 1); a document missing from a list gets
     * 0 there.
     */
    record Weighted(double semanticWeight) implements Fusion {
        public Weighted {
            if (!(semanticWeight >= 0 && semanticWeight <= 1)) throw new IllegalArgumentException("weight must be in 0..1, got " + semanticWeight);
        }

        @Override
        public ScoreDoc[] fuse(ScoreDoc[] semantic, ScoreDoc[] keyword) {
            Map<Integer, Float> score = new HashMap<>();
            add(score, semantic, semanticWeight);
            add(score, keyword, 1 - semanticWeight);
            return sorted(score);
        }

        private static void add(Map<Integer, Float> score, ScoreDoc[] list, double weight) {
            if (list.length == 0) return;
            float max = Float.NEGATIVE_INFINITY, min = Float.POSITIVE_INFINITY;
            for (ScoreDoc d : list) {
                max = Math.max(max, d.score);
                min = Math.min(min, d.score);
            }
            for (ScoreDoc d : list) {
                double norm = max > min ? (d.score - min) / (double) (max - min) : 1.0;
                score.merge(d.doc, (float) (weight * norm), Float::sum);
            }
        }

        @Override
        public String name() {
            return String.format(java.util.Locale.ROOT, "weighted%.2f", semanticWeight);
        }
    }

    private static ScoreDoc[] sorted(Map<Integer, Float> score) {
        List<ScoreDoc> out = new ArrayList<>(score.size());
        score.forEach((doc, s) -> out.add(new ScoreDoc(doc, s)));
        ScoreDoc[] a = out.toArray(ScoreDoc[]::new);
        Arrays.sort(a, (x, y) -> x.score != y.score ? Float.compare(y.score, x.score) : Integer.compare(x.doc, y.doc));
        return a;
    }

    /** {@code rrf} (k = 60) or {@code weighted} (semantic weight {@code weight}). */
    static Fusion parse(String name, double weight) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "rrf" -> new Rrf(60);
            case "weighted" -> new Weighted(weight);
            default -> throw new IllegalArgumentException("fusion must be rrf or weighted, got " + name);
        };
    }
}
