package dev.microembed.tokenizer;

/**
 * The pre-tokenizer stage of a tokenizer pipeline (Hugging Face's {@code pre_tokenizer}): one normalized piece (the
 * text between added tokens) into words for the model. {@code firstPiece} says whether the piece starts at offset 0
 * of the original text (Metaspace's {@code prepend_scheme: first}).
 */
interface PreTokenizer {
    /** Receives the words in order; returns true to stop (output full). */
    interface Words {
        boolean word(String w);
    }

    /** Splits a non-empty normalized piece; returns true when a callback asked to stop. */
    boolean split(String piece, boolean firstPiece, Words out);

    /** No pre-tokenizer: the piece is one word. */
    PreTokenizer NONE = (piece, first, out) -> out.word(piece);

    /**
     * Hugging Face's {@code Metaspace}: every ' ' becomes the replacement character; the replacement is prepended
     * when the piece does not start with it ({@code always}, or {@code first} for the piece at offset 0); with
     * {@code split} the piece is cut before every replacement character (MergedWithNext).
     */
    record Metaspace(char replacement, String prependScheme, boolean splitWords) implements PreTokenizer {
        public Metaspace {
            if (!prependScheme.equals("always") && !prependScheme.equals("first") && !prependScheme.equals("never"))
                throw new IllegalArgumentException("pre_tokenizer Metaspace prepend_scheme is \"" + prependScheme + "\"; expected always, first or never");
        }

        @Override
        public boolean split(String piece, boolean firstPiece, Words out) {
            String s = piece.replace(' ', replacement);
            boolean prepend = switch (prependScheme) {
                case "always" -> true;
                case "first" -> firstPiece;
                default -> false;
            };
            if (prepend && s.charAt(0) != replacement) s = replacement + s;
            if (!splitWords) return out.word(s);
            int start = 0;
            for (int i = 1; i < s.length(); i++)
                if (s.charAt(i) == replacement) {
                    if (out.word(s.substring(start, i))) return true;
                    start = i;
                }
            return out.word(s.substring(start));
        }
    }

    /** {@link BertPreTokenizer} as a pipeline stage: split on whitespace, isolate punctuation. */
    PreTokenizer BERT = (piece, first, out) -> {
        int start = -1;
        for (int i = 0; i < piece.length(); ) {
            int cp = piece.codePointAt(i);
            int n = Character.charCount(cp);
            int cls = BertPreTokenizer.classify(cp);
            if (cls == BertPreTokenizer.WORD) {
                if (start < 0) start = i;
            } else {
                if (start >= 0 && out.word(piece.substring(start, i))) return true;
                start = -1;
                if (cls == BertPreTokenizer.ISOLATE && out.word(piece.substring(i, i + n))) return true;
            }
            i += n;
        }
        return start >= 0 && out.word(piece.substring(start));
    };
}
