package dev.microembed.tokenizer;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Per-tweet tokenizer cost by thread CPU time, for A/B work on the fused BERT path: {@code encode(tweet, int[512], true)}
 * over every shared xlm-t tweet, median of rounds; also the raw added-token scan alone ({@code added}), the bytes
 * allocated per call (must be 0) and a checksum of all ids (two versions with equal checksums give the same ids on
 * these tweets; the parity tests are the real check). Not a unit test; after {@code ./mvnw -pl runtime -Pjmh test-compile}:
 * {@code java -cp runtime/target/classes:runtime/target/test-classes dev.microembed.tokenizer.TokenizeCpuProbe [tokenizer.json] [rounds]}
 */
public final class TokenizeCpuProbe {
    public static void main(String[] args) throws IOException {
        Path file = Path.of(args.length > 0 ? args[0] : "vocab/tokenizer.json");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 31;
        Path tweets = Path.of(System.getProperty("microembed.shared", "../shared"), "data/tweets/xlm-t");
        List<String> texts = new ArrayList<>();
        try (Stream<Path> s = Files.walk(tweets)) {
            for (Path p : s.filter(p -> p.getFileName().toString().equals("val_text.txt")).sorted().toList())
                texts.addAll(Files.readAllLines(p));
        }
        String[] t = texts.toArray(String[]::new);
        Tokenizer tok = Tokenizer.load(file);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int[] out = new int[512];
        int[] res = new int[3];
        char[][] chars = new char[t.length][];
        for (int i = 0; i < t.length; i++) chars[i] = t[i].toCharArray();
        AddedVocabulary.Matcher m = tok.addedRawMatcher();
        long checksum = 0, tokens = 0;
        for (String x : t) {
            int n = tok.encode(x, out, true);
            tokens += n;
            for (int k = 0; k < n; k++) checksum = checksum * 31 + out[k];
        }
        long[] enc = new long[rounds], add = new long[rounds];
        long sink = 0, alloc = 0;
        for (int r = -5; r < rounds; r++) {
            long a0 = mx.getCurrentThreadAllocatedBytes(), c0 = mx.getCurrentThreadCpuTime();
            for (String x : t) sink += tok.encode(x, out, true);
            long c1 = mx.getCurrentThreadCpuTime(), a1 = mx.getCurrentThreadAllocatedBytes();
            if (m != null) for (char[] x : chars) for (int from = 0; from < x.length && m.find(x, from, x.length, res); from = res[1]) sink += res[2];
            long c2 = mx.getCurrentThreadCpuTime();
            if (r >= 0) {
                enc[r] = c1 - c0;
                add[r] = c2 - c1;
                alloc = Math.max(alloc, a1 - a0);
            }
        }
        Arrays.sort(enc);
        Arrays.sort(add);
        System.out.printf("encode %.1f ns/tweet CPU (min %.1f), added-token scan alone %.1f ns/tweet, %d tweets, %d ids, checksum %x, %.2f B/call allocated, sink %d%n",
                enc[rounds / 2] / (double) t.length, enc[0] / (double) t.length, add[rounds / 2] / (double) t.length,
                t.length, tokens, checksum, alloc / (double) t.length, sink % 7);
    }
}
