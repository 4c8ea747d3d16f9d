package dev.microembed.speed;

import dev.microembed.Microembed;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * JMH twin of {@code bench --compare}: the same contestants on the same tweets (every xlm-t language's validation
 * split), one tweet per call, cycling. JMH runs the benchmarks one after another, not interleaved, so on a busy
 * machine the ratios of {@code bench --compare} are the steadier figure; this one adds allocation per call
 * ({@code -prof gc}) and JMH's error bars.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CompareBenchmark {
    private Microembed model;
    private CompareBench bench;
    private String[] tweets;
    private int next;

    @Setup
    public void setUp() {
        String dir = System.getProperty("microembed.model");
        Path root = Path.of(System.getProperty("microembed.root", "..")).toAbsolutePath().normalize();
        model = Microembed.load(dir != null && !dir.isBlank() ? Path.of(dir) : root.resolve("vocab"));
        List<String> texts = CompareBench.readTexts(CompareCommand.defaultInputs());
        tweets = texts.toArray(new String[0]);
        bench = new CompareBench(model, texts);
    }

    @TearDown
    public void tearDown() {
        bench.close();
        model.close();
    }

    private String nextTweet() {
        String s = tweets[next];
        next = next + 1 == tweets.length ? 0 : next + 1;
        return s;
    }

    @Benchmark
    public int embed() {
        return bench.embed(nextTweet());
    }

    @Benchmark
    public int tokenize() {
        return bench.tokenize(nextTweet());
    }

    @Benchmark
    public int hfTokenize() {
        return bench.hfTokenize(nextTweet());
    }

    @Benchmark
    public int luceneAnalyze() {
        return bench.luceneAnalyze(nextTweet());
    }

    @Benchmark
    public int utf8() {
        return bench.utf8(nextTweet());
    }
}
