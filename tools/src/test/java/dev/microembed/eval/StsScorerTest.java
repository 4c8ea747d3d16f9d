package dev.microembed.eval;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one dev-set STS scorer: exact scores per set, and the rounded report the pipeline selects by. */
class StsScorerTest {
    static StsData set(String name, String... sentences) {
        double[] gold = {5, 1, 3, 4};
        List<StsData.Pair> pairs = new java.util.ArrayList<>();
        for (int i = 0; i < sentences.length; i += 2) pairs.add(new StsData.Pair(sentences[i], sentences[i + 1], gold[i / 2]));
        return new StsData(name, pairs);
    }

    static StsScorer scorer() {
        Map<String, StsData> m = new LinkedHashMap<>();
        m.put("en", set("en", "a", "b", "c", "d", "e", "f", "g", "h"));
        m.put("de", set("de", "A", "B", "C", "D", "E", "F", "G", "H"));
        return new StsScorer(m, true);
    }

    @Test
    void scoresPerfectAndCrossLingualSets() {
        // Vectors whose cosine grows with the gold score: sentence2 is rotated away from sentence1 by (5 - score).
        Map<String, float[]> v = new HashMap<>();
        String[][] pairs = {{"a", "b", "5"}, {"c", "d", "1"}, {"e", "f", "3"}, {"g", "h", "4"}, {"A", "B", "5"}, {"C", "D", "1"}, {"E", "F", "3"}, {"G", "H", "4"}};
        for (String[] p : pairs) {
            double angle = (5 - Double.parseDouble(p[2])) * 0.3;
            v.put(p[0], new float[] {1, 0});
            v.put(p[1], new float[] {(float) Math.cos(angle), (float) Math.sin(angle)});
        }
        StsScorer s = scorer();
        Map<String, Double> scores = s.score(texts -> texts.stream().map(v::get).toArray(float[][]::new));
        assertEquals(List.of("en", "de", "en-de", "de-en"), List.copyOf(scores.keySet()));
        for (double x : scores.values()) assertEquals(100.0, x, 1e-9);
        Map<String, Object> r = s.report(scores);
        assertEquals(List.of("en", "de", "en-de", "de-en", "avg_other", "avg_cross", "score"), List.copyOf(r.keySet()));
        assertEquals(100.0, r.get("avg_cross"));
        assertEquals(100.0, StsScorer.selectionScore(r));
    }

    @Test
    void theReportRoundsEverySetFirstAndAveragesTheRoundedSets() {
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put("en", 50.004);
        scores.put("de", 60.006);
        scores.put("en-de", 10.005);
        scores.put("de-en", 20.0149);
        Map<String, Object> r = scorer().report(scores);
        assertEquals(50.0, r.get("en"));
        assertEquals(60.01, r.get("de"));
        assertEquals(10.01, r.get("en-de"));
        assertEquals(20.01, r.get("de-en"));
        assertEquals(60.01, r.get("avg_other"));
        assertEquals(15.01, r.get("avg_cross"));
        assertEquals(Math.round((50.0 + 60.01 + 15.01) / 3 * 100) / 100.0, r.get("score"));
    }
}
