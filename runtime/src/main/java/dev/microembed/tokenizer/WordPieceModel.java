package dev.microembed.tokenizer;

/** {@link WordPiece} as a pipeline model, for a WordPiece vocabulary behind other normalizers or pre-tokenizers. */
final class WordPieceModel implements TokenModel {
    private final WordPiece wordPiece;
    private final int[] nodeOfId;
    private final int size;
    private final ThreadLocal<int[][]> scratch = new ThreadLocal<>() {
        @Override
        protected int[][] initialValue() {
            return new int[][] {new int[64], new int[64]};
        }
    };

    WordPieceModel(WordPiece wordPiece, int[] nodeOfId, int size) {
        this.wordPiece = wordPiece;
        this.nodeOfId = nodeOfId;
        this.size = size;
    }

    @Override
    public boolean tokenize(String word, Ids out) {
        int[][] s = scratch.get();
        int n = word.codePointCount(0, word.length());
        if (s[0].length < n) {
            s[0] = new int[Math.max(n, s[0].length * 2)];
            s[1] = new int[s[0].length];
        }
        int[] cps = s[0], pieces = s[1];
        for (int i = 0, k = 0; i < word.length(); k++) {
            cps[k] = word.codePointAt(i);
            i += Character.charCount(cps[k]);
        }
        int count = wordPiece.tokenize(cps, n, pieces);
        if (count < 0) return wordPiece.unknownId >= 0 && out.emit(wordPiece.unknownId);
        for (int k = 0; k < count; k++) if (out.emit(pieces[k])) return true;
        return false;
    }

    @Override
    public int unknownTokenId() {
        return wordPiece.unknownId;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int idLimit() {
        return nodeOfId.length;
    }

    @Override
    public String token(int id) {
        if (id < 0 || id >= nodeOfId.length || nodeOfId[id] == VocabTrie.NONE) return null;
        return wordPiece.vocab.keyOf(nodeOfId[id]);
    }

    @Override
    public int id(String token) {
        return wordPiece.vocab.get(token);
    }

    @Override
    public VocabTrie vocab() {
        return wordPiece.vocab;
    }
}
