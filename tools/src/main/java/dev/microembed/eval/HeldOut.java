package dev.microembed.eval;

/**
 * The one definition of the Tatoeba lines that are never trained on: the tail of each pair file.
 * The training stage skips exactly these lines and the dev suite scores exactly these, so the two
 * must share this rule.
 */
public final class HeldOut {
    private HeldOut() {}

    /** Lines held out at the end of a file of {@code lines} lines: {@code tail}, or the last half of a file shorter than {@code 2 * tail}. */
    public static int tailSize(int lines, int tail) {
        return lines >= 2 * tail ? tail : lines / 2;
    }
}
