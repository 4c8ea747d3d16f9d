/**
 * JMH benchmarks for the runtime's targets: end-to-end embedding of real tweets (and the tokenizer alone),
 * pooling of 32 tokens with each kernel, and model load time. Run with
 * {@code ./mvnw -pl runtime -Pjmh test-compile exec:exec -Djmh.args="-f 1 -wi 2 -i 3 -prof gc"} from the checkout.
 */
package dev.microembed.bench;
