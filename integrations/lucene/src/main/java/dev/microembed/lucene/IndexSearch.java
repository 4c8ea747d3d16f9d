package dev.microembed.lucene;

import dev.microembed.Microembed;
import dev.microembed.ModelFormatException;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexFormatTooNewException;
import org.apache.lucene.index.IndexFormatTooOldException;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.FSDirectory;

/**
 * Searches an index written by {@link IndexBuilder} (or any index with the {@link MicroembedLucene} layout):
 * by vector, by BM25, or both fused. Thread-safe once configured; {@link #close()} closes the reader and
 * the model when this object loaded them.
 */
public final class IndexSearch implements Closeable {
    /** HNSW hits collected per segment before exact rescoring to k (measured by {@code index-bench}, docs/lucene.md). */
    public static final int DEFAULT_CANDIDATES = 100;
    /** How many hits of each list hybrid search fuses (at least k). */
    public static final int DEFAULT_DEPTH = 100;

    private final DirectoryReader reader;
    private final IndexSearcher searcher;
    private final Microembed model;
    private final boolean ownsReader, ownsModel;
    private final IndexInfo info;
    private final Analyzer analyzer = MicroembedLucene.analyzer();
    private volatile int candidates = DEFAULT_CANDIDATES, depth = DEFAULT_DEPTH;
    private volatile Fusion fusion = Fusion.DEFAULT;

    private IndexSearch(DirectoryReader reader, boolean ownsReader, Microembed model, boolean ownsModel, IndexInfo info) {
        this.reader = reader;
        this.searcher = new IndexSearcher(reader);
        this.model = model;
        this.ownsReader = ownsReader;
        this.ownsModel = ownsModel;
        this.info = info;
    }

    /** Over an open reader with this model (no checks; neither is closed by {@link #close()}). */
    public static IndexSearch over(DirectoryReader reader, Microembed model) {
        return new IndexSearch(reader, false, model, false, null);
    }

    /**
     * Opens a finished index. {@code modelDir} null: the model recorded in the index if it is still there and
     * unchanged, else the default model if it is the same model; otherwise {@link IndexProblem}, which names
     * the model to pass. A given {@code modelDir} must hold the same model the index was built with.
     */
    public static IndexSearch open(Path index, Path modelDir) {
        IndexInfo info = finishedInfo(index);
        Path dir = modelDir != null ? checkedModel(index, info, modelDir) : recordedOrDefaultModel(index, info);
        Microembed model = Microembed.load(dir);
        try {
            return new IndexSearch(openReader(index), true, model, true, info);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Opens a finished index with an already loaded model (which must be the model of the index; not closed here). */
    public static IndexSearch open(Path index, Microembed model) {
        IndexInfo info = finishedInfo(index);
        checkedModel(index, info, model.model().dir());
        return new IndexSearch(openReader(index), true, model, false, info);
    }

    /** HNSW candidates per segment before exact rescoring (default {@value #DEFAULT_CANDIDATES}). */
    public IndexSearch candidates(int n) {
        if (n < 1) throw new IllegalArgumentException("candidates must be >= 1, got " + n);
        this.candidates = n;
        return this;
    }

    /** Hits of each list that hybrid search fuses (default {@value #DEFAULT_DEPTH}, never fewer than k). */
    public IndexSearch depth(int n) {
        if (n < 1) throw new IllegalArgumentException("depth must be >= 1, got " + n);
        this.depth = n;
        return this;
    }

    /** How hybrid search fuses the lists (default {@link Fusion#DEFAULT}). */
    public IndexSearch fusion(Fusion fusion) {
        this.fusion = fusion;
        return this;
    }

    public Fusion fusion() {
        return fusion;
    }

    /** The build record of the index (null for {@link #over}). */
    public IndexInfo info() {
        return info;
    }

    public Microembed model() {
        return model;
    }

    public IndexSearcher searcher() {
        return searcher;
    }

    /** The best {@code k} hits for {@code query}, best first, with line numbers and texts. */
    public List<Hit> search(String query, int k, SearchMode mode) {
        if (k < 1) throw new IllegalArgumentException("k must be >= 1, got " + k);
        ScoreDoc[] top = switch (mode) {
            case VECTOR -> vector(model.embed(query), k);
            case BM25 -> keyword(query, k);
            case HYBRID -> hybrid(query, k);
        };
        return hits(top);
    }

    /** Documents nearest to the unit vector {@code q}; scores are cosines. None for the zero vector. */
    public ScoreDoc[] vector(float[] q, int k) {
        if (MicroembedLucene.isZero(q)) return new ScoreDoc[0];
        ScoreDoc[] top = search(MicroembedLucene.vectorQuery(q, k, candidates), k);
        for (ScoreDoc d : top) d.score = MicroembedLucene.cosine(d.score);
        return top;
    }

    /** Documents by BM25 of the query's terms. */
    public ScoreDoc[] keyword(String query, int k) {
        return search(MicroembedLucene.keywordQuery(analyzer, query), k);
    }

    /** The vector and BM25 lists (each {@code max(k, depth)} deep) fused; the best {@code k}. */
    public ScoreDoc[] hybrid(String query, int k) {
        int n = Math.max(k, depth);
        ScoreDoc[] fused = fusion.fuse(vector(model.embed(query), n), keyword(query, n));
        return fused.length <= k ? fused : java.util.Arrays.copyOf(fused, k);
    }

    private ScoreDoc[] search(org.apache.lucene.search.Query q, int k) {
        try {
            return searcher.search(q, k).scoreDocs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Line numbers and texts of the documents. */
    public List<Hit> hits(ScoreDoc[] docs) {
        try {
            StoredFields stored = searcher.storedFields();
            List<Hit> out = new ArrayList<>(docs.length);
            for (ScoreDoc d : docs) {
                Document doc = stored.document(d.doc);
                var line = doc.getField(MicroembedLucene.LINE);
                out.add(new Hit(d.doc, line == null ? -1 : line.numericValue().longValue(), doc.get(MicroembedLucene.TEXT), d.score));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (ownsReader) reader.close();
        } finally {
            if (ownsModel) model.close();
        }
    }

    /** The record of a finished microembed index at {@code index}, or an {@link IndexProblem} saying what is wrong. */
    static IndexInfo finishedInfo(Path index) {
        if (!Files.exists(index)) {
            String hint = Files.isDirectory(IndexBuilder.workDir(index)) ? " (an unfinished build is in " + IndexBuilder.workDir(index)
                    + ": run microembed index again to finish it)" : "";
            throw new IndexProblem(index + ": no such index" + hint);
        }
        if (!Files.isDirectory(index)) throw new IndexProblem(index + ": not a directory");
        IndexInfo info;
        try {
            info = IndexBuilder.readInfo(index);
        } catch (CorruptIndexException | IndexFormatTooOldException | IndexFormatTooNewException e) {
            throw new IndexProblem(index + ": unreadable index (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new IndexProblem(index + ": cannot read: " + IndexBuilder.describe(e), e);
        }
        if (info == null) {
            boolean lucene;
            try (var d = FSDirectory.open(index)) {
                lucene = DirectoryReader.indexExists(d);
            } catch (IOException e) {
                lucene = false;
            }
            throw new IndexProblem(index + (lucene ? ": a Lucene index, but not one written by microembed index"
                    : ": not an index (no Lucene segments file); build one with microembed index --corpus FILE --index " + index));
        }
        if (!info.complete()) throw new IndexProblem(index + ": an unfinished build; run microembed index again to finish it");
        return info;
    }

    private static DirectoryReader openReader(Path index) {
        try {
            return DirectoryReader.open(FSDirectory.open(index));
        } catch (CorruptIndexException | IndexFormatTooOldException | IndexFormatTooNewException e) {
            throw new IndexProblem(index + ": unreadable index (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new IndexProblem(index + ": cannot read: " + IndexBuilder.describe(e), e);
        }
    }

    private static Path checkedModel(Path index, IndexInfo info, Path modelDir) {
        String sha;
        try {
            sha = MicroembedLucene.modelFingerprint(modelDir);
        } catch (ModelFormatException e) {
            throw new IndexProblem(e.getMessage(), e);
        }
        if (!sha.equals(info.modelSha256()))
            throw new IndexProblem(index + " was built with another model (" + info.model() + "); " + modelDir
                    + " would embed queries differently: pass the index's model with --model");
        return modelDir;
    }

    private static Path recordedOrDefaultModel(Path index, IndexInfo info) {
        Path recorded = Path.of(info.model());
        if (Files.isDirectory(recorded)) {
            try {
                if (MicroembedLucene.modelFingerprint(recorded).equals(info.modelSha256())) return recorded;
            } catch (RuntimeException ignored) {
                // moved or damaged: try the default model
            }
        }
        Path fallback = Microembed.defaultModelDir();
        if (MicroembedLucene.modelFingerprint(fallback).equals(info.modelSha256())) return fallback;
        throw new IndexProblem(index + " was built with the model in " + info.model()
                + ", which is no longer there (or changed) and is not the default model; pass it with --model DIR");
    }
}
