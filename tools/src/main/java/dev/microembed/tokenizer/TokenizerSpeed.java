package dev.microembed.tokenizer;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures single-thread tokenization speed on the shared tweets (ns per tweet) and bytes allocated
 * per call, for the mBERT + emoji tokenizer and e5. Not a unit test; run from the checkout (see docs/tokenizer.md):
 * {@code java -cp "tools/target/microembed-tools.jar:tools/target/lib/*" dev.microembed.tokenizer.TokenizerSpeed [tokenizer.json]}
 */
public final class TokenizerSpeed {
    public static void main(String[] args) throws Exception {
        List<String> tweets = new ArrayList<>();
        try (var files = Files.walk(TestTokenizers.shared().resolve("data/tweets"))) {
            for (Path p : files.filter(f -> f.toString().endsWith("_text.txt")).sorted().toList())
                tweets.addAll(Files.readAllLines(p, StandardCharsets.UTF_8));
        }
        String[] texts = tweets.toArray(new String[0]);
        String[] few = java.util.Arrays.copyOf(texts, Math.min(1000, texts.length));
        if (args.length > 0) { // a tokenizer.json file, e.g. the shipped vocab/tokenizer.json
            Tokenizer t = Tokenizer.load(Path.of(args[0]));
            measure(args[0] + ", all tweets once per round", t, texts, 5);
            measure(args[0] + ", 1000 tweets x 200 rounds (hot cache)", t, few, 200);
            return;
        }
        Tokenizer mbert = Tokenizer.fromJson(TestTokenizers.mbertJson());
        measure("mbert-cased+emoji, all tweets once per round", mbert, texts, 5);
        measure("mbert-cased+emoji, 1000 tweets x 200 rounds (hot cache)", mbert, few, 200);
        if (TestTokenizers.e5Json() != null) {
            Tokenizer e5 = Tokenizer.fromJson(TestTokenizers.e5Json());
            measure("e5-uncased, all tweets once per round", e5, texts, 5);
            measure("e5-uncased, 1000 tweets x 200 rounds (hot cache)", e5, few, 200);
        }
    }

    static void measure(String name, Tokenizer t, String[] texts, int rounds) {
        int[] out = new int[512];
        long sink = 0;
        for (int round = 0; round < 3; round++) for (String s : texts) sink += t.encode(s, out, true); // warm-up
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tokens = 0;
        long a0 = mx.getCurrentThreadAllocatedBytes();
        long c0 = mx.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        for (int round = 0; round < rounds; round++) for (String s : texts) tokens += t.encode(s, out, true);
        long ns = System.nanoTime() - t0;
        long cpu = mx.getCurrentThreadCpuTime() - c0;
        long bytes = mx.getCurrentThreadAllocatedBytes() - a0;
        long calls = (long) rounds * texts.length;
        System.out.printf("tokenizer speed [%s]: %d tweets x %d rounds, %.0f ns/tweet wall, %.0f ns/tweet thread CPU, %.1f tokens/tweet, %.2f bytes allocated/call (sink %d)%n",
                name, texts.length, rounds, ns / (double) calls, cpu / (double) calls, tokens / (double) calls, bytes / (double) calls, sink);
    }
}
