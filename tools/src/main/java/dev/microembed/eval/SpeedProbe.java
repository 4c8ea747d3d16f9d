package dev.microembed.eval;

import dev.microembed.model.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Speed and memory of one model, measured in a fresh JVM per model so one model's memory (ONNX
 * Runtime's native arenas, a loaded table) does not show up in another's numbers. In the child:
 * RSS and heap before load; load time; RSS and heap (after GC) after load; warm-up (the tweet list
 * at least twice and 5000 calls, at most 5 s); then each tweet is encoded once on one thread, timing each call with
 * {@code System.nanoTime}: p50/p99 latency and texts/s = n / total time; RSS after the run.
 * Tweets: the {@code val_text.txt} files of {@code tweets/xlm-t} (all languages, interleaved).
 */
public final class SpeedProbe {
    private SpeedProbe() {}

    /** Speed texts: up to {@code n} tweets, round-robin over the xlm-t languages' val splits. */
    public static List<String> tweets(Path sharedData, int n) throws IOException {
        Path dir = sharedData.resolve("tweets/xlm-t");
        List<List<String>> langs = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (var s = Files.list(dir)) {
                for (Path p : s.sorted().toList()) {
                    Path f = p.resolve("val_text.txt");
                    if (Files.isRegularFile(f)) langs.add(TextFiles.readLines(f));
                }
            }
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; out.size() < n; i++) {
            boolean any = false;
            for (List<String> l : langs) {
                if (i < l.size() && out.size() < n) {
                    out.add(l.get(i));
                    any = true;
                }
            }
            if (!any) break;
        }
        return out;
    }

    /** Child entry point: {@code SpeedProbe MODEL ROOT SHARED_DATA CACHE N}; prints one "SPEED {json}" line. */
    public static void main(String[] args) throws Exception {
        String spec = args[0];
        var ctx = new ModelRegistry.Context(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]), System.err::println);
        int n = Integer.parseInt(args[4]);
        List<String> texts = tweets(ctx.sharedData(), n);
        if (texts.isEmpty()) throw new IOException("no tweets under " + ctx.sharedData().resolve("tweets/xlm-t"));
        Map<String, Object> r = new LinkedHashMap<>();
        gc();
        long rss0 = rssKb(), heap0 = heapUsed();
        long t0 = System.nanoTime();
        EvalModel model;
        try {
            model = ModelRegistry.create(spec, ctx);
        } catch (ModelRegistry.Skip s) {
            r.put("skip", s.getMessage());
            System.out.println("SPEED " + Json.write(r, false).replace("\n", " "));
            return;
        }
        double loadMs = (System.nanoTime() - t0) / 1e6;
        gc();
        long rssLoad = rssKb(), heapLoad = heapUsed();
        model.prepare(texts);
        // warm-up: at least 2 passes and 5000 calls (JIT), but no more than 5 s (slow teachers)
        long warmEnd = System.nanoTime() + 5_000_000_000L;
        int warmCalls = Math.max(2 * texts.size(), 5000);
        for (int i = 0; i < warmCalls && System.nanoTime() < warmEnd; i++) model.encodeOne(texts.get(i % texts.size()));
        long[] ns = new long[texts.size()];
        long total = 0;
        Object sink = null;
        for (int i = 0; i < ns.length; i++) {
            long a = System.nanoTime();
            sink = model.encodeOne(texts.get(i));
            ns[i] = System.nanoTime() - a;
            total += ns[i];
        }
        if (sink == null) throw new AssertionError();
        long rssRun = rssKb();
        Arrays.sort(ns);
        r.put("model", model.name());
        r.put("description", model.description());
        r.put("n", ns.length);
        r.put("load_ms", loadMs);
        r.put("latency_p50_ms", ns[ns.length / 2] / 1e6);
        r.put("latency_p99_ms", ns[Math.min(ns.length - 1, (int) Math.ceil(ns.length * 0.99) - 1)] / 1e6);
        r.put("texts_per_s", ns.length / (total / 1e9));
        r.put("heap_after_load_mb", (heapLoad - heap0) / 1048576.0);
        r.put("rss_baseline_mb", rss0 / 1024.0);
        r.put("rss_after_load_mb", rssLoad / 1024.0);
        r.put("rss_after_run_mb", rssRun / 1024.0);
        model.close();
        System.out.println("SPEED " + Json.write(r, false).replace("\n", " "));
    }

    /** Runs the probe for {@code spec} in a child JVM with this JVM's flags and class path. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> runChild(String spec, ModelRegistry.Context ctx, int n) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("-agentlib") || a.startsWith("-javaagent") || a.startsWith("-Xrunjdwp")) continue;
            cmd.add(a);
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), SpeedProbe.class.getName(), spec,
                ctx.root().toString(), ctx.sharedData().toString(), ctx.cacheDir().toString(), Integer.toString(n)));
        Path log = Files.createTempFile("microembed-speed", ".log");
        Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
        Map<String, Object> result = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("SPEED ")) result = (Map<String, Object>) Json.parse(line.substring(6));
            }
        }
        int code = p.waitFor();
        List<String> err = Files.readAllLines(log);
        Files.deleteIfExists(log);
        if (result == null) {
            String tail = String.join("\n", err.subList(Math.max(0, err.size() - 15), err.size()));
            throw new IOException("speed probe for " + spec + " failed (exit " + code + "):\n" + tail);
        }
        return result;
    }

    private static void gc() {
        for (int i = 0; i < 3; i++) System.gc();
    }

    private static long heapUsed() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    /** Resident set size from /proc/self/status (kB), or -1 where that does not exist. */
    static long rssKb() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }
}
