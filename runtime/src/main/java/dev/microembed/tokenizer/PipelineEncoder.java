package dev.microembed.tokenizer;

/**
 * The general encode loop, one replaceable component per stage as in Hugging Face tokenizers: added tokens on the raw
 * text → {@link TextNormalizer} per piece in between → added tokens with {@code normalized: true} on the normalized
 * piece → {@link PreTokenizer} → {@link TokenModel}. Pieces that normalize to nothing are dropped (as HF drops empty
 * splits). Works on strings, so it allocates per call; the BERT WordPiece configuration instead runs
 * {@link Tokenizer}'s fused allocation-free loop.
 */
final class PipelineEncoder {
    final TextNormalizer normalizer;
    final PreTokenizer preTokenizer;
    final TokenModel model;
    final AddedVocabulary added;

    PipelineEncoder(TextNormalizer normalizer, PreTokenizer preTokenizer, TokenModel model, AddedVocabulary added) {
        this.normalizer = normalizer;
        this.preTokenizer = preTokenizer;
        this.model = model;
        this.added = added;
    }

    /** Output state of one call. */
    private static final class Out implements TokenModel.Ids, PreTokenizer.Words {
        final int[] out;
        final int dropped;
        final TokenModel model;
        int count;

        Out(int[] out, int dropped, TokenModel model) {
            this.out = out;
            this.dropped = dropped;
            this.model = model;
        }

        @Override
        public boolean emit(int id) {
            if (id != dropped) out[count++] = id;
            return count == out.length;
        }

        @Override
        public boolean word(String w) {
            return !w.isEmpty() && model.tokenize(w, this);
        }
    }

    /** Encodes text (well-formed UTF-16: the caller replaced lone surrogates) into out; returns the count. */
    int encode(char[] text, int len, int[] out, boolean dropUnknown) {
        int dropped = dropUnknown && model.unknownTokenId() >= 0 ? model.unknownTokenId() : Integer.MIN_VALUE;
        return encodeInto(text, len, new Out(out, dropped, model));
    }

    private int encodeInto(char[] text, int len, Out o) {
        AddedVocabulary.Matcher m = added.raw;
        if (m == null) {
            piece(text, 0, len, o);
            return o.count;
        }
        int[] res = new int[3];
        int startOffset = 0, searchFrom = 0;
        while (searchFrom < len && m.find(text, searchFrom, len, res)) {
            int start = res[0], stop = res[1], pattern = res[2];
            searchFrom = stop;
            if (m.singleWord(pattern) && !Tokenizer.isSingleWord(text, 0, len, start, stop)) continue;
            if (m.lstrip(pattern)) start = Math.max(Tokenizer.spaceRunStart(text, startOffset, start), startOffset);
            if (m.rstrip(pattern)) stop = Tokenizer.spaceRunEnd(text, stop, len);
            if (startOffset < start && piece(text, startOffset, start, o)) return o.count;
            if (o.emit(m.id(pattern))) return o.count;
            startOffset = stop;
        }
        if (startOffset < len) piece(text, startOffset, len, o);
        return o.count;
    }

    /** Raw text between added tokens: normalize, cut out normalized added tokens, pre-tokenize, encode. True when full. */
    private boolean piece(char[] text, int from, int to, Out o) {
        String normalized = normalizer.normalize(new String(text, from, to - from));
        if (normalized.isEmpty()) return false;
        boolean first = from == 0;
        AddedVocabulary.Matcher m = added.normalized;
        if (m == null) return preTokenizer.split(normalized, first, o);
        char[] v = normalized.toCharArray();
        int len = v.length;
        int[] res = new int[3];
        int startOffset = 0, searchFrom = 0;
        while (searchFrom < len && m.find(v, searchFrom, len, res)) {
            int start = res[0], stop = res[1], pattern = res[2];
            searchFrom = stop;
            if (m.singleWord(pattern) && !Tokenizer.isSingleWord(v, 0, len, start, stop)) continue;
            if (m.lstrip(pattern)) start = Math.max(Tokenizer.spaceRunStart(v, startOffset, start), startOffset);
            if (m.rstrip(pattern)) stop = Tokenizer.spaceRunEnd(v, stop, len);
            if (startOffset < start && preTokenizer.split(new String(v, startOffset, start - startOffset), first && startOffset == 0, o)) return true;
            if (o.emit(m.id(pattern))) return true;
            startOffset = stop;
        }
        return startOffset < len && preTokenizer.split(new String(v, startOffset, len - startOffset), first && startOffset == 0, o);
    }
}
