package dev.microembed.fuzz;

import dev.microembed.ModelFormatException;
import dev.microembed.model.Json;
import dev.microembed.model.ModelFolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/** Paths, input decoding and the checks every target shares. */
final class FuzzSupport {
    private FuzzSupport() {}

    /** The checkout: system property microembed.root (set by the build), else the parent of the working directory. */
    static Path repo() {
        return Path.of(System.getProperty("microembed.root", "..")).toAbsolutePath().normalize();
    }

    /** The shipped model. */
    static Path vocab() {
        return repo().resolve("vocab");
    }

    /** A committed runtime test fixture (small real model folders written by the tools' ModelWriter). */
    static Path fixture(String name) {
        return repo().resolve("runtime/src/test/resources/dev/microembed/fixtures").resolve(name);
    }

    /** A fresh scratch folder in target/ (mvn clean removes it), one per JVM. */
    static Path scratch(String name) {
        try {
            Path dir = Path.of("target", "fuzz-scratch").toAbsolutePath();
            Files.createDirectories(dir);
            return Files.createTempDirectory(dir, name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A text from fuzzer bytes. The first byte picks the encoding so both kinds of text are reachable:
     * odd → the rest as UTF-16LE code units (lone surrogates included), even → the rest as UTF-8 (malformed
     * sequences become U+FFFD). Seeds are written the same way ({@link #encodeText}).
     */
    static String decodeText(byte[] data) {
        if (data.length == 0) return "";
        if ((data[0] & 1) == 1) {
            char[] c = new char[(data.length - 1) / 2];
            for (int i = 0; i < c.length; i++) c[i] = (char) ((data[1 + 2 * i] & 0xff) | (data[2 + 2 * i] & 0xff) << 8);
            return new String(c);
        }
        return new String(data, 1, data.length - 1, StandardCharsets.UTF_8);
    }

    /** The inverse of {@link #decodeText}: UTF-8 unless the text has a lone surrogate. */
    static byte[] encodeText(String text) {
        boolean lone = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (Character.isHighSurrogate(ch) && (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1)))) lone = true;
            else if (Character.isHighSurrogate(ch)) i++;
            else if (Character.isLowSurrogate(ch)) lone = true;
        }
        if (!lone) {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            byte[] out = new byte[utf8.length + 1];
            System.arraycopy(utf8, 0, out, 1, utf8.length);
            return out;
        }
        ByteBuffer b = ByteBuffer.allocate(1 + 2 * text.length()).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 1);
        for (int i = 0; i < text.length(); i++) b.putChar(text.charAt(i));
        return b.array();
    }

    /**
     * A documented rejection must name a file and say what is wrong. A {@link ModelFormatException} whose cause
     * is a programming error (the readers wrap unexpected RuntimeExceptions as "cannot read") hides a bug, so
     * that fails too.
     */
    static void checkRejection(ModelFormatException e) {
        if (e.file() == null) throw new AssertionError("ModelFormatException without a file", e);
        if (e.getMessage() == null || e.getMessage().isBlank()) throw new AssertionError("ModelFormatException without a message", e);
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof ModelFormatException || c instanceof IOException || c instanceof IllegalArgumentException) continue;
            if (c instanceof RuntimeException || c instanceof Error)
                throw new AssertionError("a documented exception wraps an internal error", e);
        }
    }

    /** A documented IllegalArgumentException (JSON and tokenizer.json text): a message, and no hidden internal error. */
    static void checkRejection(IllegalArgumentException e) {
        if (e.getMessage() == null || e.getMessage().isBlank()) throw new AssertionError("IllegalArgumentException without a message", e);
        for (Throwable c = e.getCause(); c != null; c = c.getCause())
            if (!(c instanceof IllegalArgumentException || c instanceof IOException || c instanceof java.nio.charset.CharacterCodingException))
                throw new AssertionError("IllegalArgumentException wraps an internal error", e);
    }

    /** The contract of an embedding: dim floats, finite, unit length or all zero. */
    static void checkVector(float[] v, int dim, String text) {
        if (v.length != dim) throw new AssertionError("vector of length " + v.length + ", expected " + dim);
        double s = 0;
        for (float x : v) {
            if (!Float.isFinite(x)) throw new AssertionError("non-finite component in the vector of " + escape(text));
            s += (double) x * x;
        }
        if (s != 0 && Math.abs(Math.sqrt(s) - 1) > 1e-3) throw new AssertionError("vector norm " + Math.sqrt(s) + " for " + escape(text));
    }

    /**
     * Splits a packed model folder: the three files separated by {@link #SEPARATOR}. A separator lets the
     * mutator resize any file without breaking the others (length prefixes would not).
     */
    static byte[][] unpackFolder(byte[] data) {
        byte[][] parts = new byte[3][];
        int from = 0;
        for (int k = 0; k < 3; k++) {
            int at = k < 2 ? indexOf(data, SEPARATOR, from) : -1;
            int end = at < 0 ? data.length : at;
            parts[k] = Arrays.copyOfRange(data, Math.min(from, data.length), Math.max(end, Math.min(from, data.length)));
            from = at < 0 ? data.length : at + SEPARATOR.length;
        }
        return parts;
    }

    static final byte[] SEPARATOR = "\n\u0000--microembed-fuzz-file--\u0000\n".getBytes(StandardCharsets.UTF_8);

    static byte[] packFolder(byte flags, byte[] config, byte[] tokenizer, byte[] model) {
        byte[] out = new byte[1 + config.length + tokenizer.length + model.length + 2 * SEPARATOR.length];
        int at = 0;
        out[at++] = flags;
        for (byte[] part : new byte[][] {config, SEPARATOR, tokenizer, SEPARATOR, model}) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = Math.max(from, 0); i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) if (data[i + j] != pattern[j]) continue outer;
            return i;
        }
        return -1;
    }

    /**
     * config.json with the size and sha256 of model.safetensors and tokenizer.json set to the given bytes, so a
     * mutation of those files gets past the checksum to the parsers behind it; the config unchanged if it is not
     * an object of the expected shape.
     */
    @SuppressWarnings("unchecked")
    static byte[] withChecksums(byte[] config, byte[] tokenizer, byte[] model) {
        Object root;
        try {
            root = Json.parse(new String(config, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return config;
        }
        if (!(root instanceof Map<?, ?> r) || !(r.get("microembed") instanceof Map<?, ?> me) || !(me.get("files") instanceof Map<?, ?> files))
            return config;
        Map<String, Object> f = (Map<String, Object>) files;
        f.put(ModelFolder.MODEL, Map.of("sha256", ModelFolder.sha256(model), "bytes", (long) model.length));
        f.put(ModelFolder.TOKENIZER, Map.of("sha256", ModelFolder.sha256(tokenizer), "bytes", (long) tokenizer.length));
        try {
            return Json.write(root, false).getBytes(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) { // a number the writer cannot hold (1e999 parses as infinity)
            return config;
        }
    }

    static String escape(String text) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < Math.min(text.length(), 200); i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') b.append(c);
            else b.append(String.format("\\u%04x", (int) c));
        }
        return b.append(text.length() > 200 ? "\"…" : "\"").toString();
    }
}
