package dev.microembed.tokenizer;

/** Probes the reference tokenizer over all code points (filled in below). */
final class ReferenceProbe {
    private ReferenceProbe() {}

    static void correct(UnicodeTableGenerator.Tables t) {}
}
