package dev.microembed.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One number of a run: a model's {@code metric} on a task (or on the speed probe, task
 * {@code speed:tweets}), over {@code n} items. Quality metrics are percentages (×100);
 * {@code primary} marks the metric shown in tables and charts.
 */
public record Result(String model, String task, String kind, String language, String metric, double value, int n,
                     boolean primary) {
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("task", task);
        m.put("kind", kind);
        m.put("language", language);
        m.put("metric", metric);
        m.put("value", Double.isFinite(value) ? Math.round(value * 10000) / 10000.0 : null);
        m.put("n", n);
        m.put("primary", primary);
        return m;
    }
}
