package dev.microembed.lucene;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code microembed index} records in the user data of every commit: where the texts and the model
 * came from (with content hashes, so a resumed build continues only the same corpus with the same model),
 * the HNSW parameters, how far the build got ({@code lines} consumed, {@code texts} indexed) and whether
 * it finished.
 */
public record IndexInfo(String corpus, String corpusSha256, String model, String modelSha256, int dim,
                        int maxConn, int beamWidth, long lines, long texts, boolean complete) {
    static final String FORMAT_KEY = "microembed.index_format", FORMAT = "1";

    /** This build's identity (everything but progress) equals {@code other}'s. */
    public boolean sameBuild(IndexInfo other) {
        return corpusSha256.equals(other.corpusSha256) && modelSha256.equals(other.modelSha256) && dim == other.dim
                && maxConn == other.maxConn && beamWidth == other.beamWidth;
    }

    IndexInfo progress(long lines, long texts, boolean complete) {
        return new IndexInfo(corpus, corpusSha256, model, modelSha256, dim, maxConn, beamWidth, lines, texts, complete);
    }

    Map<String, String> toUserData() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(FORMAT_KEY, FORMAT);
        m.put("microembed.corpus", corpus);
        m.put("microembed.corpus_sha256", corpusSha256);
        m.put("microembed.model", model);
        m.put("microembed.model_sha256", modelSha256);
        m.put("microembed.dim", Integer.toString(dim));
        m.put("microembed.hnsw_max_conn", Integer.toString(maxConn));
        m.put("microembed.hnsw_beam_width", Integer.toString(beamWidth));
        m.put("microembed.lines", Long.toString(lines));
        m.put("microembed.texts", Long.toString(texts));
        m.put("microembed.complete", Boolean.toString(complete));
        return m;
    }

    /** The record in a commit's user data, or null when the commit was not written by {@code microembed index}. */
    static IndexInfo fromUserData(Map<String, String> m) {
        if (m == null || !FORMAT.equals(m.get(FORMAT_KEY))) return null;
        try {
            return new IndexInfo(req(m, "corpus"), req(m, "corpus_sha256"), req(m, "model"), req(m, "model_sha256"),
                    Integer.parseInt(req(m, "dim")), Integer.parseInt(req(m, "hnsw_max_conn")), Integer.parseInt(req(m, "hnsw_beam_width")),
                    Long.parseLong(req(m, "lines")), Long.parseLong(req(m, "texts")), Boolean.parseBoolean(req(m, "complete")));
        } catch (RuntimeException e) { // a missing or garbled key
            return null;
        }
    }

    private static String req(Map<String, String> m, String key) {
        String v = m.get("microembed." + key);
        if (v == null) throw new IllegalArgumentException("no " + key);
        return v;
    }
}
