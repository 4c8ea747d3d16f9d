package dev.microembed.fuzz;

import static org.junit.jupiter.api.Assertions.*;

import dev.microembed.Microembed;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * One model shared by 8 threads (per-thread scratch in the tokenizer and Microembed, a racy-but-idempotent fast
 * table): each thread embeds the same 100,000 mutated texts, in its own rotated order so different texts meet in
 * the scratch at once, and must get exactly the single-thread bits. fuzz.concurrency.texts sets the count (10,000 by default; run-fuzz.sh passes 100,000).
 */
@Tag("heavy")
class ConcurrencyTest {
    @Test
    void eightThreadsGiveTheSingleThreadBits() throws Exception {
        int count = Integer.getInteger("fuzz.concurrency.texts", 10_000), threads = 8;
        TextMutator mutator = new TextMutator(Long.getLong("fuzz.seed", 20261203L) + 1);
        String[] texts = new String[count];
        for (int i = 0; i < count; i++) texts[i] = mutator.next();
        int[][] expectedBits;
        // A fresh model for the reference, so the threads below start with an empty fast table.
        try (Microembed single = Microembed.load(FuzzSupport.vocab())) {
            expectedBits = new int[count][];
            for (int i = 0; i < count; i++) expectedBits[i] = bits(single.embed(texts[i]));
        }
        try (Microembed shared = Microembed.load(FuzzSupport.vocab())) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t * (count / threads);
                results.add(pool.submit(() -> {
                    start.await();
                    float[] out = new float[shared.dim()];
                    int wrong = 0;
                    for (int k = 0; k < count; k++) {
                        int i = (k + offset) % count;
                        shared.embed(texts[i], out);
                        if (!Arrays.equals(bits(out), expectedBits[i])) wrong++;
                    }
                    return wrong;
                }));
            }
            pool.shutdown();
            int wrong = 0;
            for (Future<Integer> f : results) wrong += f.get();
            System.out.printf("concurrency: %d threads x %d fuzzed texts, %d vectors differ from the single-thread bits%n", threads, count, wrong);
            assertEquals(0, wrong);
        }
    }

    private static int[] bits(float[] v) {
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) b[i] = Float.floatToRawIntBits(v[i]);
        return b;
    }
}
