package dev.microembed.train;

import dev.microembed.model.Json;
import dev.microembed.model.SafetensorsReader;
import dev.microembed.model.SafetensorsWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * End-of-epoch training state in one safetensors file (written atomically): rows, weights, the Adam
 * moments, the best epoch's table so far, and (as I8 UTF-8 JSON) the config, counters and history.
 * A checkpoint resumes only under the same config (the epoch count may grow).
 */
record Checkpoint(int epochsDone, int bestEpoch, double bestSelection, float[] bestRows, float[] bestWeights, List<Object> history) {

    static void save(Path file, TrainConfig cfg, Trainer tr, int epochsDone, int bestEpoch, double bestSelection,
                     float[] bestRows, float[] bestWeights, List<Object> history) throws IOException {
        StaticModel m = tr.model;
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("config", comparable(cfg));
        state.put("epochs_done", epochsDone);
        state.put("best_epoch", bestEpoch);
        state.put("best_selection", bestSelection);
        state.put("row_steps", tr.rowAdam.step);
        state.put("weight_steps", tr.weightAdam == null ? 0 : tr.weightAdam.step);
        state.put("history", history);
        byte[] json = Json.write(state, false).getBytes(StandardCharsets.UTF_8);
        SafetensorsWriter w = new SafetensorsWriter().metadata("stage", "train-checkpoint")
                .float32("rows", m.rows, m.vocab, m.dim).float32("weights", m.weights, m.vocab)
                .float32("row_m", tr.rowAdam.m, m.vocab, m.dim).float32("row_v", tr.rowAdam.v, m.vocab, m.dim)
                .float32("best_rows", bestRows, m.vocab, m.dim).float32("best_weights", bestWeights, m.vocab)
                .int8("state", json, json.length);
        if (tr.weightAdam != null) w.float32("weight_m", tr.weightAdam.m, m.vocab).float32("weight_v", tr.weightAdam.v, m.vocab);
        w.write(file);
    }

    private static Map<String, Object> comparable(TrainConfig cfg) {
        Map<String, Object> c = new LinkedHashMap<>(cfg.toMap());
        c.remove("epochs");
        return c;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> state(SafetensorsReader r) {
        return (Map<String, Object>) Json.parse(new String(r.int8("state"), StandardCharsets.UTF_8));
    }

    static boolean matches(Path file, TrainConfig cfg) throws IOException {
        Object saved;
        try (SafetensorsReader r = SafetensorsReader.open(file)) { saved = state(r).get("config"); }
        boolean same = Json.write(saved, false).equals(Json.write(comparable(cfg), false));
        if (!same) System.err.println("train: " + file + " was written under another config; starting over");
        return same;
    }

    @SuppressWarnings("unchecked")
    static Checkpoint load(Path file, Trainer tr) throws IOException {
        try (SafetensorsReader r = SafetensorsReader.open(file)) {
        Map<String, Object> s = state(r);
        copy(r.floats("rows"), tr.model.rows);
        copy(r.floats("weights"), tr.model.weights);
        copy(r.floats("row_m"), tr.rowAdam.m);
        copy(r.floats("row_v"), tr.rowAdam.v);
        tr.rowAdam.step = ((Number) s.get("row_steps")).longValue();
        if (tr.weightAdam != null) {
            copy(r.floats("weight_m"), tr.weightAdam.m);
            copy(r.floats("weight_v"), tr.weightAdam.v);
            tr.weightAdam.step = ((Number) s.get("weight_steps")).longValue();
        }
        return new Checkpoint(((Number) s.get("epochs_done")).intValue(), ((Number) s.get("best_epoch")).intValue(),
                ((Number) s.get("best_selection")).doubleValue(), r.floats("best_rows"), r.floats("best_weights"),
                (List<Object>) s.get("history"));
        }
    }

    private static void copy(float[] from, float[] to) throws IOException {
        if (from.length != to.length) throw new IOException("checkpoint tensor has " + from.length + " values, expected " + to.length);
        System.arraycopy(from, 0, to, 0, to.length);
    }
}
