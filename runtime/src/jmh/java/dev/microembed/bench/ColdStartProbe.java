package dev.microembed.bench;

import dev.microembed.Microembed;
import dev.microembed.model.ModelFolder;
import dev.microembed.tokenizer.Tokenizer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * What a cold start spends, inside one fresh JVM: process start to {@code main} (from the OS's start time, about
 * 10 ms resolution), the model folder (config, sha256 of every file, mapping the table), the tokenizer
 * (tokenizer.json parsed, tries built), the rest of {@link Microembed#load} (a second, now warm-classed load of
 * everything), the first embed, and the process's CPU time (all threads: JIT compilers and GC included). Run it in a new JVM each time (docs/speed.md):
 * {@code java --add-modules jdk.incubator.vector [-XX:AOTCache=runtime/target/microembed.aot]
 * -cp runtime/target/microembed.jar:runtime/target/test-classes dev.microembed.bench.ColdStartProbe [MODEL_DIR]}
 */
public final class ColdStartProbe {
    private ColdStartProbe() {}

    public static void main(String[] args) {
        long t0 = System.nanoTime();
        Instant now = Instant.now();
        long toMainMs = ProcessHandle.current().info().startInstant().map(s -> Duration.between(s, now).toMillis()).orElse(-1L);
        Path dir = args.length > 0 ? Path.of(args[0]) : BenchModels.model();
        long t1 = System.nanoTime();
        ModelFolder folder = ModelFolder.open(dir);
        long t2 = System.nanoTime();
        Tokenizer.load(folder.tokenizerFile());
        long t3 = System.nanoTime();
        folder.close();
        try (Microembed m = Microembed.load(dir)) {
            long t4 = System.nanoTime();
            float[] v = m.embed("The dog is sleeping 🐶");
            long t5 = System.nanoTime();
            long cpuMs = ProcessHandle.current().info().totalCpuDuration().map(Duration::toMillis).orElse(-1L);
            System.out.printf(java.util.Locale.ROOT,
                    "cold start_to_main_ms=%d folder_ms=%.1f tokenizer_ms=%.1f second_load_ms=%.1f first_embed_ms=%.2f main_to_embedded_ms=%.1f process_cpu_ms=%d (%s, %.3f)%n",
                    toMainMs, (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t4 - t3) / 1e6, (t5 - t4) / 1e6, (t5 - t0 - (t4 - t3)) / 1e6, cpuMs, m.kernelName(), v[0]);
        }
    }
}
