package dev.microembed.bench;

import dev.microembed.Microembed;
import dev.microembed.model.ModelFolder;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * Model load: the folder alone (config, sha256 of every file, mapping and validating the table) and the full
 * {@link Microembed#load} (plus the tokenizer). Target: 20 ms.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LoadBenchmark {
    private Path dir;

    @Setup
    public void setUp() {
        dir = BenchModels.model();
    }

    @Benchmark
    public int loadFolder() {
        try (ModelFolder f = ModelFolder.open(dir)) {
            return f.dim();
        }
    }

    @Benchmark
    public int loadModel() {
        try (Microembed m = Microembed.load(dir)) {
            return m.dim();
        }
    }
}
