package dev.microembed.data;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * The one held-out rule of the parallel data, the same for every source: a pair is {@code heldout} iff the first 8 bytes
 * of SHA-256 of its English side — lower-cased ({@link Locale#ROOT}), white space collapsed to single spaces, trimmed,
 * UTF-8 — read as an unsigned big-endian number, modulo 100, is below {@code percent}. An English text is therefore held
 * out in every source and language or in none, and English-corpus sentences that hash into the held-out slice are
 * left out of the corpus too.
 */
public final class HeldOutSplit {
    private HeldOutSplit() {}

    public static final String TRAIN = "train", HELDOUT = "heldout";

    private static final ThreadLocal<MessageDigest> SHA = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    /** The normalised English text that is hashed. */
    public static String normalise(String english) {
        return Text.clean(english).toLowerCase(Locale.ROOT);
    }

    /** The bucket 0..99 of an English text. */
    public static int bucket(String english) {
        byte[] d = SHA.get().digest(normalise(english).getBytes(StandardCharsets.UTF_8));
        long h = 0;
        for (int i = 0; i < 8; i++) h = (h << 8) | (d[i] & 0xFF);
        return (int) Long.remainderUnsigned(h, 100);
    }

    public static boolean heldOut(String english, int percent) {
        return bucket(english) < percent;
    }

    public static String split(String english, int percent) {
        return heldOut(english, percent) ? HELDOUT : TRAIN;
    }
}
