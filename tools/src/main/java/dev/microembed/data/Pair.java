package dev.microembed.data;

/** One aligned pair: an ISO 639-3 language, the text in that language, and its English counterpart (both cleaned). */
public record Pair(String lang, String foreign, String english) {}
