package dev.microembed.tokenizer;

import dev.microembed.model.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Converts a SentencePiece unigram {@code .model} (the ModelProto protobuf {@code spm_train} writes) into a Hugging Face
 * {@code tokenizer.json} the way transformers' {@code convert_slow_tokenizer.SpmConverter} does: a Unigram model over
 * the pieces and scores with the trainer's {@code unk_id} and {@code byte_fallback}; the normalizer
 * {@code Sequence[Precompiled(precompiled_charsmap), Strip(right), Replace(/ {2,}/, "▁")]} (no Precompiled when the
 * model has no charsmap); the pre-tokenizer {@code Metaspace("▁", prepend_scheme always unless add_dummy_prefix is
 * false, split)}; CONTROL and USER_DEFINED pieces as added tokens matched on the raw text (CONTROL ones special).
 * The protobuf is read by hand (a few fields), so the tools need no protobuf library.
 */
@Command(name = "convert-spm", mixinStandardHelpOptions = true,
        description = "Convert a SentencePiece unigram .model into a Hugging Face tokenizer.json.")
public final class SentencePieceConverter implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "the SentencePiece .model file") Path model;
    @Option(names = "--out", required = true, description = "the tokenizer.json to write") Path out;

    /** One piece of the model: its string, score and SentencePiece type (1 normal, 2 unknown, 3 control, 4 user defined, 5 unused, 6 byte). */
    public record Piece(String piece, float score, int type) {}

    /** The fields of a ModelProto the conversion needs. */
    public record SpmModel(List<Piece> pieces, int modelType, int unkId, boolean byteFallback, String normalizerName,
                           byte[] precompiledCharsmap, boolean addDummyPrefix) {}

    @Override
    public Integer call() throws IOException {
        SpmModel m = read(Files.readAllBytes(model));
        Files.writeString(out, toTokenizerJson(m));
        System.out.printf("%s: %d pieces, normalizer %s (%d-byte charsmap), byte_fallback %s -> %s%n", model, m.pieces().size(),
                m.normalizerName(), m.precompiledCharsmap().length, m.byteFallback(), out);
        return 0;
    }

    /** Parses a ModelProto; IllegalArgumentException on a malformed or non-unigram model. */
    public static SpmModel read(byte[] proto) {
        Reader r = new Reader(proto, 0, proto.length);
        List<Piece> pieces = new ArrayList<>();
        int modelType = 1, unkId = 0;
        boolean byteFallback = false, addDummyPrefix = true;
        String normalizerName = "";
        byte[] charsmap = new byte[0];
        while (r.more()) {
            long key = r.varint();
            int field = (int) (key >>> 3), wire = (int) (key & 7);
            if (field == 1 && wire == 2) pieces.add(piece(r.sub()));
            else if (field == 2 && wire == 2) {
                Reader t = r.sub();
                while (t.more()) {
                    long k = t.varint();
                    int f = (int) (k >>> 3), w = (int) (k & 7);
                    if (f == 3 && w == 0) modelType = (int) t.varint();
                    else if (f == 35 && w == 0) byteFallback = t.varint() != 0;
                    else if (f == 40 && w == 0) unkId = (int) t.varint();
                    else t.skip(w);
                }
            } else if (field == 3 && wire == 2) {
                Reader n = r.sub();
                while (n.more()) {
                    long k = n.varint();
                    int f = (int) (k >>> 3), w = (int) (k & 7);
                    if (f == 1 && w == 2) normalizerName = new String(n.bytes(), StandardCharsets.UTF_8);
                    else if (f == 2 && w == 2) charsmap = n.bytes();
                    else if (f == 3 && w == 0) addDummyPrefix = n.varint() != 0;
                    else n.skip(w);
                }
            } else r.skip(wire);
        }
        if (modelType != 1) throw new IllegalArgumentException("model_type " + modelType + " is not unigram (1)");
        if (pieces.isEmpty()) throw new IllegalArgumentException("the model has no pieces");
        if (unkId < 0 || unkId >= pieces.size()) throw new IllegalArgumentException("unk_id " + unkId + " is not a piece");
        return new SpmModel(pieces, modelType, unkId, byteFallback, normalizerName, charsmap, addDummyPrefix);
    }

    private static Piece piece(Reader r) {
        String piece = "";
        float score = 0;
        int type = 1;
        while (r.more()) {
            long k = r.varint();
            int f = (int) (k >>> 3), w = (int) (k & 7);
            if (f == 1 && w == 2) piece = new String(r.bytes(), StandardCharsets.UTF_8);
            else if (f == 2 && w == 5) score = r.fixed32();
            else if (f == 3 && w == 0) type = (int) r.varint();
            else r.skip(w);
        }
        return new Piece(piece, score, type);
    }

    /** The tokenizer.json text for a unigram model. */
    public static String toTokenizerJson(SpmModel m) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("version", "1.0");
        root.put("truncation", null);
        root.put("padding", null);
        List<Object> added = new ArrayList<>();
        for (int i = 0; i < m.pieces().size(); i++) {
            Piece p = m.pieces().get(i);
            if (p.type() != 3 && p.type() != 4) continue;
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("id", (long) i);
            t.put("content", p.piece());
            t.put("single_word", false);
            t.put("lstrip", false);
            t.put("rstrip", false);
            t.put("normalized", false);
            t.put("special", p.type() == 3);
            added.add(t);
        }
        root.put("added_tokens", added);
        List<Object> normalizers = new ArrayList<>();
        if (m.precompiledCharsmap().length > 0)
            normalizers.add(mapOf("type", "Precompiled", "precompiled_charsmap", Base64.getEncoder().encodeToString(m.precompiledCharsmap())));
        normalizers.add(mapOf("type", "Strip", "strip_left", false, "strip_right", true));
        normalizers.add(mapOf("type", "Replace", "pattern", mapOf("Regex", " {2,}"), "content", "▁"));
        root.put("normalizer", mapOf("type", "Sequence", "normalizers", normalizers));
        String prepend = m.addDummyPrefix() ? "always" : "never";
        root.put("pre_tokenizer", mapOf("type", "Metaspace", "replacement", "▁", "prepend_scheme", prepend, "split", true));
        root.put("post_processor", null);
        root.put("decoder", mapOf("type", "Metaspace", "replacement", "▁", "prepend_scheme", prepend, "split", true));
        List<Object> vocab = new ArrayList<>(m.pieces().size());
        // the float's shortest decimal (at most 9 digits): the reference's JSON parser (serde_json) reads those exactly, but
        // may round a 17-digit double text 1 ulp off, which flips the Viterbi choice on exact score ties
        for (Piece p : m.pieces()) vocab.add(List.of(p.piece(), p.score()));
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("type", "Unigram");
        model.put("unk_id", (long) m.unkId());
        model.put("vocab", vocab);
        model.put("byte_fallback", m.byteFallback());
        root.put("model", model);
        return Json.write(root, false);
    }

    private static Map<String, Object> mapOf(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    /** A protobuf wire-format reader over bytes [at, end). */
    private static final class Reader {
        private final byte[] b;
        private int at;
        private final int end;

        Reader(byte[] b, int at, int end) {
            this.b = b;
            this.at = at;
            this.end = end;
        }

        boolean more() {
            return at < end;
        }

        long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (at >= end) throw new IllegalArgumentException("truncated varint");
                int x = b[at++];
                v |= (long) (x & 0x7F) << shift;
                if ((x & 0x80) == 0) return v;
            }
            throw new IllegalArgumentException("varint too long");
        }

        float fixed32() {
            if (at + 4 > end) throw new IllegalArgumentException("truncated fixed32");
            float f = ByteBuffer.wrap(b, at, 4).order(ByteOrder.LITTLE_ENDIAN).getFloat();
            at += 4;
            return f;
        }

        byte[] bytes() {
            long n = varint();
            if (n < 0 || n > end - at) throw new IllegalArgumentException("length " + n + " beyond the message");
            byte[] r = java.util.Arrays.copyOfRange(b, at, at + (int) n);
            at += (int) n;
            return r;
        }

        Reader sub() {
            long n = varint();
            if (n < 0 || n > end - at) throw new IllegalArgumentException("length " + n + " beyond the message");
            Reader r = new Reader(b, at, at + (int) n);
            at += (int) n;
            return r;
        }

        void skip(int wire) {
            switch (wire) {
                case 0 -> varint();
                case 1 -> at += 8;
                case 2 -> {
                    long n = varint();
                    if (n < 0 || n > end - at) throw new IllegalArgumentException("length beyond the message");
                    at += (int) n;
                }
                case 5 -> at += 4;
                default -> throw new IllegalArgumentException("unsupported wire type " + wire);
            }
            if (at > end) throw new IllegalArgumentException("field beyond the message");
        }
    }
}
