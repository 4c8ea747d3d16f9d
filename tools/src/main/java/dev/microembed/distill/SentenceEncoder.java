package dev.microembed.distill;

import java.util.List;

/** Anything that turns sentences into vectors (the teacher, a float table, an int8 model). */
@FunctionalInterface
public interface SentenceEncoder {
    float[][] encode(List<String> sentences);
}
