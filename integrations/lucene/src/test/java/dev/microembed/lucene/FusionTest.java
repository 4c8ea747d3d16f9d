package dev.microembed.lucene;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.apache.lucene.search.ScoreDoc;
import org.junit.jupiter.api.Test;

class FusionTest {
    static ScoreDoc[] list(float[] scores, int... docs) {
        ScoreDoc[] out = new ScoreDoc[docs.length];
        for (int i = 0; i < docs.length; i++) out[i] = new ScoreDoc(docs[i], scores[i]);
        return out;
    }

    static int[] docs(ScoreDoc[] list) {
        return Arrays.stream(list).mapToInt(d -> d.doc).toArray();
    }

    @Test
    void reciprocalRankFusion() {
        ScoreDoc[] semantic = list(new float[] {0.9f, 0.8f, 0.7f}, 1, 2, 3), keyword = list(new float[] {12f, 3f}, 3, 4);
        ScoreDoc[] fused = new Fusion.Rrf(60).fuse(semantic, keyword);
        assertArrayEquals(new int[] {3, 1, 2, 4}, docs(fused)); // 2 and 4 tie at 1/62: lower doc first
        assertEquals(1.0 / 63 + 1.0 / 61, fused[0].score, 1e-7);
        assertEquals(1.0 / 61, fused[1].score, 1e-7);
        assertEquals(1.0 / 62, fused[2].score, 1e-7);
        assertEquals("rrf60", new Fusion.Rrf(60).name());
    }

    @Test
    void weightedSumOfMinMaxNormalisedScores() {
        ScoreDoc[] semantic = list(new float[] {0.9f, 0.5f, 0.1f}, 1, 2, 3), keyword = list(new float[] {10f, 5f, 0f}, 3, 2, 4);
        ScoreDoc[] fused = new Fusion.Weighted(0.7).fuse(semantic, keyword);
        // doc 1: 0.7·1; doc 2: 0.7·0.5 + 0.3·0.5; doc 3: 0.7·0 + 0.3·1; doc 4: 0
        assertArrayEquals(new int[] {1, 2, 3, 4}, docs(fused));
        assertEquals(0.7, fused[0].score, 1e-6);
        assertEquals(0.5, fused[1].score, 1e-6);
        assertEquals(0.3, fused[2].score, 1e-6);
        assertEquals(0.0, fused[3].score, 1e-6);
        // one hit in a list, or equal scores: all normalise to 1
        assertEquals(1.0, new Fusion.Weighted(0.7).fuse(list(new float[] {0.2f}, 5), list(new float[] {3f}, 5))[0].score, 1e-6);
        assertEquals(0, new Fusion.Weighted(0.7).fuse(new ScoreDoc[0], new ScoreDoc[0]).length);
        assertThrows(IllegalArgumentException.class, () -> new Fusion.Weighted(1.5));
        assertThrows(IllegalArgumentException.class, () -> new Fusion.Rrf(-1));
    }
}
