package dev.microembed.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Deterministic subsampling for time budgets: {@code k} indices spread evenly over {@code 0..n-1}
 * (every (n/k)-th item), so a capped STS or classification set keeps the mix of genres and labels
 * of the whole file instead of only its beginning.
 */
public final class Sampling {
    private Sampling() {}

    public static int[] spread(int n, int k) {
        if (k <= 0 || k >= n) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) all[i] = i;
            return all;
        }
        int[] out = new int[k];
        for (int i = 0; i < k; i++) out[i] = (int) ((long) i * n / k);
        return out;
    }

    public static <T> List<T> pick(List<T> items, int[] idx) {
        List<T> out = new ArrayList<>(idx.length);
        for (int i : idx) out.add(items.get(i));
        return out;
    }

    public static int[] pick(int[] items, int[] idx) {
        int[] out = new int[idx.length];
        for (int i = 0; i < idx.length; i++) out[i] = items[idx[i]];
        return out;
    }
}
