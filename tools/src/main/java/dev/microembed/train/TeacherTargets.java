package dev.microembed.train;

import dev.microembed.model.Json;
import dev.microembed.model.SafetensorsReader;
import dev.microembed.model.SafetensorsWriter;
import dev.microembed.teacher.OnnxTeacher;
import dev.microembed.teacher.Pooling;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import me.tongfei.progressbar.ProgressBar;

/**
 * The teacher's sentence embeddings of the English training sentences, computed once and cached in
 * the work dir as {@code train-teacher-cache.safetensors} (F32 {@code embeddings} [N, dim] and the
 * texts, as UTF-8 JSON, in I8 {@code texts}). The cache is keyed by text, so a rerun with more data
 * only embeds the new sentences; it is rewritten atomically every few batches, which is the
 * checkpoint a killed run resumes from.
 */
final class TeacherTargets {
    static final String CACHE = "train-teacher-cache.safetensors";
    private static final int CHECKPOINT_EVERY = 40; // batches

    private TeacherTargets() {}

    /** Returns one teacher vector per text (same order). */
    static float[][] embed(Path workDir, String cacheName, List<String> texts, int batch, Supplier<OnnxTeacher> teacherFactory) throws Exception {
        Path file = workDir.resolve(cacheName);
        Map<String, float[]> cache = load(file);
        List<String> missing = new ArrayList<>();
        for (String t : new java.util.LinkedHashSet<>(texts)) if (!cache.containsKey(t)) missing.add(t);
        if (!missing.isEmpty()) {
            // Similar lengths in one batch: far less padding for the transformer.
            missing.sort(Comparator.comparingInt(String::length));
            try (OnnxTeacher teacher = teacherFactory.get();
                 ProgressBar pb = new ProgressBar("teacher", missing.size())) {
                pb.stepTo(0);
                int batches = 0;
                for (int s = 0; s < missing.size(); s += batch) {
                    List<String> chunk = missing.subList(s, Math.min(missing.size(), s + batch));
                    List<String> prefixed = new ArrayList<>(chunk.size());
                    for (String c : chunk) prefixed.add(TrainingData.TEACHER_PREFIX + c);
                    float[][] vecs = teacher.embed(prefixed, Pooling.MEAN);
                    for (int i = 0; i < chunk.size(); i++) cache.put(chunk.get(i), vecs[i]);
                    pb.stepBy(chunk.size());
                    if (++batches % CHECKPOINT_EVERY == 0) save(file, cache);
                }
            }
            save(file, cache);
        }
        float[][] out = new float[texts.size()][];
        for (int i = 0; i < out.length; i++) out[i] = cache.get(texts.get(i));
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, float[]> load(Path file) throws IOException {
        Map<String, float[]> cache = new HashMap<>();
        if (!Files.exists(file)) return cache;
        List<Object> texts;
        float[] e;
        try (SafetensorsReader r = SafetensorsReader.open(file)) {
            texts = (List<Object>) Json.parse(new String(r.int8("texts"), StandardCharsets.UTF_8));
            e = r.floats("embeddings");
        }
        int dim = texts.isEmpty() ? 0 : e.length / texts.size();
        for (int i = 0; i < texts.size(); i++)
            cache.put((String) texts.get(i), java.util.Arrays.copyOfRange(e, i * dim, (i + 1) * dim));
        return cache;
    }

    private static void save(Path file, Map<String, float[]> cache) throws IOException {
        List<Object> texts = new ArrayList<>(cache.keySet());
        int dim = cache.isEmpty() ? 0 : cache.values().iterator().next().length;
        float[] e = new float[texts.size() * dim];
        for (int i = 0; i < texts.size(); i++) System.arraycopy(cache.get((String) texts.get(i)), 0, e, i * dim, dim);
        byte[] json = Json.write(texts, false).getBytes(StandardCharsets.UTF_8);
        new SafetensorsWriter().metadata("what", "teacher sentence embeddings, query: prefix, mean pooling")
                .float32("embeddings", e, texts.size(), dim).int8("texts", json, json.length).write(file);
    }
}
