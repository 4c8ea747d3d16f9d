package dev.microembed.bench;

import dev.microembed.Microembed;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * End-to-end {@code embed(text, out)} over real tweets (8 languages, validation split), one tweet per call,
 * cycling through all of them; and the tokenizer alone and the pooling alone on the same input, to split the cost.
 * With {@code -prof gc}, {@code gc.alloc.rate.norm} shows the bytes allocated per call (target 0).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EmbedBenchmark {
    private Microembed model;
    private String[] tweets;
    private float[] out;
    private int[] ids;
    private int next;
    private int[][] tweetIds;

    @Setup
    public void setUp() {
        model = Microembed.load(BenchModels.model());
        List<String> t = BenchModels.tweets();
        tweets = t.toArray(new String[0]);
        out = new float[model.dim()];
        ids = new int[model.maxTokens()];
        tweetIds = new int[tweets.length][];
        for (int i = 0; i < tweets.length; i++) tweetIds[i] = java.util.Arrays.copyOf(ids, model.poolingIds(tweets[i], ids));
    }

    @TearDown
    public void tearDown() {
        model.close();
    }

    private String nextTweet() {
        String s = tweets[next];
        next = next + 1 == tweets.length ? 0 : next + 1;
        return s;
    }

    @Benchmark
    public float embedTweet() {
        model.embed(nextTweet(), out);
        return out[0];
    }

    /** Pooling alone on the real token ids of the tweets (frequent tokens: rows mostly in cache). */
    @Benchmark
    public float poolTweetIds() {
        int[] t = tweetIds[next];
        next = next + 1 == tweets.length ? 0 : next + 1;
        model.pool(t, t.length, out);
        return out[0];
    }

    @Benchmark
    public int tokenizeTweet() {
        return model.poolingIds(nextTweet(), ids);
    }
}
