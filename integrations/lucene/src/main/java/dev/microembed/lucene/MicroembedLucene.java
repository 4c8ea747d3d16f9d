package dev.microembed.lucene;

import dev.microembed.Microembed;
import dev.microembed.model.ModelFolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene103.Lucene103Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.RescoreTopNQuery;
import org.apache.lucene.search.TermQuery;

/**
 * The index layout shared by {@code microembed index}, {@code microembed search --index} and any Lucene
 * application that wants microembed vectors beside its own fields. One document per corpus line:
 * <ul>
 *   <li>{@value #LINE}: the 1-based line number in the corpus file (stored, and as doc values);</li>
 *   <li>{@value #TEXT}: the line, stored and analysed for BM25 ({@link #analyzer()}: Lucene's
 *       {@link StandardAnalyzer} without stop words, the analyzer of the evaluation's BM25 baseline);</li>
 *   <li>{@value #VECTOR}: the microembed unit vector, a {@link KnnFloatVectorField} with
 *       {@link VectorSimilarityFunction#DOT_PRODUCT}, in an int8 scalar-quantised HNSW graph
 *       ({@link #codec(int, int)}). Texts without a known token (zero vector) get no vector field.</li>
 * </ul>
 * Vector queries ({@link #vectorQuery}) search the quantised graph for {@code candidates} hits and rescore
 * them with the full-precision vectors the format keeps beside the quantised ones, so scores are exact
 * cosines ({@link #cosine(float)}) and the order among the candidates is exact.
 */
public final class MicroembedLucene {
    public static final String LINE = "line", TEXT = "text", VECTOR = "vector";
    /** Lucene's HNSW defaults (maximum neighbours per node, construction beam width). */
    public static final int DEFAULT_MAX_CONN = 16, DEFAULT_BEAM_WIDTH = 100;
    /** Bits per dimension of Lucene's scalar quantiser: 7, its "int8" setting (one signed byte per dimension). */
    public static final int QUANTIZATION_BITS = 7;
    /** Most terms a keyword query keeps (Lucene's default clause limit is 1024). */
    static final int MAX_QUERY_TERMS = 1000;

    private MicroembedLucene() {}

    /** The BM25 field's analyzer: {@link StandardAnalyzer} (Unicode word breaks, lower case), no stop words. */
    public static Analyzer analyzer() {
        return new StandardAnalyzer(CharArraySet.EMPTY_SET);
    }

    /** int8 scalar-quantised HNSW: {@link Lucene99HnswScalarQuantizedVectorsFormat}, 7 bits, one merge worker. */
    public static KnnVectorsFormat vectorsFormat(int maxConn, int beamWidth) {
        return new Lucene99HnswScalarQuantizedVectorsFormat(maxConn, beamWidth, 1, QUANTIZATION_BITS, false, null, null);
    }

    /**
     * Lucene's default codec with {@link #vectorsFormat} for the {@value #VECTOR} field (a per-field format).
     * The index records the format by name, so any Lucene 10.x reader opens it without this class.
     */
    public static Codec codec(int maxConn, int beamWidth) {
        KnnVectorsFormat format = vectorsFormat(maxConn, beamWidth);
        return new Lucene103Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return VECTOR.equals(field) ? format : super.getKnnVectorsFormatForField(field);
            }
        };
    }

    /** The document of one corpus line; {@code vector} null or all zero: no vector field. */
    public static Document document(long line, String text, float[] vector) {
        Document d = new Document();
        d.add(new StoredField(LINE, line));
        d.add(new NumericDocValuesField(LINE, line));
        d.add(new TextField(TEXT, text, Field.Store.YES));
        if (vector != null && !isZero(vector)) d.add(new KnnFloatVectorField(VECTOR, vector, VectorSimilarityFunction.DOT_PRODUCT));
        return d;
    }

    /** The document of one line embedded with {@code model}. */
    public static Document document(Microembed model, long line, String text) {
        return document(line, text, model.embed(text));
    }

    /** True when every component is 0 (a text without a known token). */
    public static boolean isZero(float[] v) {
        for (float x : v) if (x != 0f) return false;
        return true;
    }

    /**
     * The {@code k} nearest vectors to unit vector {@code query}: HNSW over the quantised vectors collects
     * {@code max(k, candidates)} hits per segment, full-precision rescoring keeps the best {@code k}.
     * Scores are Lucene's DOT_PRODUCT scores, {@code (1 + cosine) / 2}.
     */
    public static Query vectorQuery(float[] query, int k, int candidates) {
        Query knn = new KnnFloatVectorQuery(VECTOR, query, Math.max(k, candidates));
        return RescoreTopNQuery.createFullPrecisionRescorerQuery(knn, query, VECTOR, k);
    }

    /** Cosine of a DOT_PRODUCT score of unit vectors. */
    public static float cosine(float luceneScore) {
        return 2f * luceneScore - 1f;
    }

    /** BM25 query: OR of the text's analysed terms, each boosted by its count in the text (at most {@value #MAX_QUERY_TERMS} terms). */
    public static Query keywordQuery(Analyzer analyzer, String text) {
        Map<String, Integer> terms = new LinkedHashMap<>();
        try (TokenStream ts = analyzer.tokenStream(TEXT, text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) terms.merge(term.toString(), 1, Integer::sum);
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // analysis of a String does not do I/O
        }
        if (terms.isEmpty()) return new MatchNoDocsQuery("no terms in query");
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        int n = 0;
        for (var e : terms.entrySet()) {
            if (n++ == Math.min(MAX_QUERY_TERMS, IndexSearcher.getMaxClauseCount())) break;
            Query q = new TermQuery(new Term(TEXT, e.getKey()));
            b.add(e.getValue() == 1 ? q : new BoostQuery(q, e.getValue()), BooleanClause.Occur.SHOULD);
        }
        return b.build();
    }

    /** Identity of a model's content: SHA-256 over the SHA-256 of its config, table and tokenizer files. */
    public static String modelFingerprint(Path modelDir) {
        StringBuilder b = new StringBuilder();
        for (String f : new String[] {ModelFolder.CONFIG, ModelFolder.MODEL, ModelFolder.TOKENIZER}) {
            Path p = modelDir.resolve(f);
            if (!Files.isRegularFile(p)) throw new IndexProblem(modelDir + ": not a model folder (no " + f + ")");
            b.append(f).append('=').append(ModelFolder.sha256(p)).append('\n');
        }
        return ModelFolder.sha256(b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
