package dev.microembed.eval;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * Lexical baseline: Apache Lucene {@link BM25Similarity} (k1 = 1.2, b = 0.75) over
 * {@link StandardAnalyzer} terms (Unicode word segmentation, lower-cased, no stop words; CJK
 * ideographs become one term each). Collection statistics (IDF, average length) come from the texts
 * of the task itself, as an in-memory index per task side.
 * <ul>
 *   <li>STS: an index of all sentences of the task; the score of a pair (a, b) is the symmetrised,
 *       length-normalised BM25 {@code (bm25(a→b)/bm25(a→a) + bm25(b→a)/bm25(b→b)) / 2}: each query's
 *       score against the other sentence divided by its score against itself, so long sentences do
 *       not win just by having more terms.</li>
 *   <li>Bitext: the target side is the index; each source sentence is the query; top hit = answer.</li>
 *   <li>Classification: BM25 k-nearest-neighbour retrieval (k = 10) over the training texts; the
 *       label with the largest summed BM25 score wins (ties and no hit: the most frequent training label).</li>
 * </ul>
 * Its {@link #encodeOne} (timed by the speed probe) is the analysis of a text into a term query.
 */
public final class Bm25Model implements LexicalModel {
    static final int KNN = 10;
    private static final String FIELD = "t";
    private final Analyzer analyzer = new StandardAnalyzer(CharArraySet.EMPTY_SET);

    @Override
    public String name() {
        return "bm25";
    }

    @Override
    public String description() {
        return "Lucene BM25Similarity(k1=1.2,b=0.75), StandardAnalyzer without stop words; STS: symmetrised self-normalised score; classify: 10-NN vote";
    }

    /** Distinct terms of a text with their counts, in first-occurrence order. */
    Map<String, Integer> terms(String text) throws IOException {
        Map<String, Integer> out = new LinkedHashMap<>();
        try (TokenStream ts = analyzer.tokenStream(FIELD, text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) out.merge(term.toString(), 1, Integer::sum);
            ts.end();
        }
        return out;
    }

    /** OR of the text's terms, each boosted by its count in the text (at most 1000 clauses). */
    Query query(String text) throws IOException {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        int n = 0;
        for (var e : terms(text).entrySet()) {
            if (n++ == 1000) break;
            Query q = new TermQuery(new Term(FIELD, e.getKey()));
            b.add(e.getValue() == 1 ? q : new BoostQuery(q, e.getValue()), BooleanClause.Occur.SHOULD);
        }
        return b.build();
    }

    @Override
    public Object encodeOne(String text) throws IOException {
        return query(text);
    }

    /** In-memory index whose doc ids are the list positions (one segment, no merges). */
    private IndexSearcher index(List<String> docs) throws IOException {
        ByteBuffersDirectory dir = new ByteBuffersDirectory();
        IndexWriterConfig cfg = new IndexWriterConfig(analyzer).setSimilarity(new BM25Similarity())
                .setMergePolicy(NoMergePolicy.INSTANCE).setRAMBufferSizeMB(512);
        try (IndexWriter w = new IndexWriter(dir, cfg)) {
            for (String d : docs) {
                Document doc = new Document();
                doc.add(new TextField(FIELD, d, Field.Store.NO));
                w.addDocument(doc);
            }
        }
        IndexSearcher s = new IndexSearcher(DirectoryReader.open(dir));
        s.setSimilarity(new BM25Similarity());
        return s;
    }

    @Override
    public double[] pairScores(List<String> a, List<String> b) throws IOException {
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (String s : a) ids.putIfAbsent(s, ids.size());
        for (String s : b) ids.putIfAbsent(s, ids.size());
        IndexSearcher s = index(new ArrayList<>(ids.keySet()));
        Map<String, Double> selfScore = new HashMap<>();
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            String x = a.get(i), y = b.get(i);
            int ix = ids.get(x), iy = ids.get(y);
            Query qx = query(x), qy = query(y);
            double sxx = selfScore.computeIfAbsent(x, k -> score(s, qx, ix));
            double syy = selfScore.computeIfAbsent(y, k -> score(s, qy, iy));
            double sxy = sxx == 0 ? 0 : score(s, qx, iy) / sxx;
            double syx = syy == 0 ? 0 : score(s, qy, ix) / syy;
            out[i] = (sxy + syx) / 2;
        }
        return out;
    }

    private static double score(IndexSearcher s, Query q, int doc) {
        try {
            var ex = s.explain(q, doc);
            return ex.isMatch() ? ex.getValue().doubleValue() : 0;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public int[] nearest(List<String> queries, List<String> candidates) throws IOException {
        IndexSearcher s = index(candidates);
        int[] out = new int[queries.size()];
        for (int i = 0; i < out.length; i++) {
            ScoreDoc[] hits = s.search(query(queries.get(i)), 1).scoreDocs;
            out[i] = hits.length == 0 ? -1 : hits[0].doc;
        }
        return out;
    }

    @Override
    public int[] classify(List<String> trainTexts, int[] trainLabels, List<String> testTexts) throws IOException {
        IndexSearcher s = index(trainTexts);
        int classes = 0;
        for (int l : trainLabels) classes = Math.max(classes, l + 1);
        int[] freq = new int[classes];
        for (int l : trainLabels) freq[l]++;
        int majority = 0;
        for (int c = 1; c < classes; c++) if (freq[c] > freq[majority]) majority = c;
        int[] out = new int[testTexts.size()];
        double[] votes = new double[classes];
        for (int i = 0; i < out.length; i++) {
            java.util.Arrays.fill(votes, 0);
            for (ScoreDoc h : s.search(query(testTexts.get(i)), KNN).scoreDocs) votes[trainLabels[h.doc]] += h.score;
            int best = majority;
            for (int c = 0; c < classes; c++) if (votes[c] > votes[best]) best = c;
            out[i] = best;
        }
        return out;
    }
}
