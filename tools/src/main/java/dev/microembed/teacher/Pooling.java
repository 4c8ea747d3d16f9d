package dev.microembed.teacher;

/** How a teacher turns its last hidden state [L, H] of one text into a single vector. */
public enum Pooling {
    /** Mean over every position the attention mask keeps, special tokens included (e5's and Model2Vec's default). */
    MEAN,
    /** Mean over the kept positions except the first ([CLS]) and the last ([SEP]). */
    MEAN_NO_SPECIAL,
    /** The first position ([CLS]). */
    CLS,
    /** Element-wise maximum over the kept positions. */
    MAX
}
