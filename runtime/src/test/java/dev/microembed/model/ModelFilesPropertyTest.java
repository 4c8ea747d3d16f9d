package dev.microembed.model;

import static org.junit.jupiter.api.Assertions.*;

import dev.microembed.Fixtures;
import dev.microembed.ModelFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.*;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterTry;

/**
 * Damages real model folders (the committed fixtures, written by the tools' ModelWriter) and checks that loading either succeeds with a
 * usable table or fails with exactly {@link ModelFormatException} naming the damaged file — never another
 * exception, an {@link OutOfMemoryError} or a crash. "Fixed" variants also rewrite config.json's checksum so
 * the damage reaches the safetensors validation instead of being caught by the sha256 check.
 */
class ModelFilesPropertyTest {
    private static final byte[] MODEL = read(Fixtures.tiny().resolve(ModelFolder.MODEL));
    private Path dir;

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Path freshCopy() throws IOException {
        dir = Fixtures.copy(Fixtures.tiny(), Files.createTempDirectory(Fixtures.root(), "damaged"));
        return dir;
    }

    @AfterTry
    void cleanUp() throws IOException {
        if (dir == null) return;
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) Files.delete(f);
        }
        Files.delete(dir);
        dir = null;
    }

    /** Replaces model.safetensors; with {@code fixChecksum} config.json is updated to match. */
    static void replaceModel(Path dir, byte[] bytes, boolean fixChecksum) throws IOException {
        Files.write(dir.resolve(ModelFolder.MODEL), bytes);
        if (fixChecksum) {
            Path cfg = dir.resolve(ModelFolder.CONFIG);
            @SuppressWarnings("unchecked") Map<String, Object> c = (Map<String, Object>) Json.parse(Files.readString(cfg));
            @SuppressWarnings("unchecked") Map<String, Object> me = (Map<String, Object>) c.get("microembed");
            @SuppressWarnings("unchecked") Map<String, Object> files = (Map<String, Object>) me.get("files");
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("sha256", ModelFolder.sha256(bytes));
            e.put("bytes", (long) bytes.length);
            files.put(ModelFolder.MODEL, e);
            Files.writeString(cfg, Json.write(c, true));
        }
    }

    /** Opening either works (and pooling gives unit or zero vectors) or throws ModelFormatException naming {@code file}. */
    static void loadsOrFailsCleanly(Path dir, String file, boolean mustFail) {
        try (ModelFolder m = ModelFolder.open(dir)) {
            if (mustFail) fail("damaged " + file + " loaded");
            float[] out = new float[m.dim()];
            int[] ids = new int[Math.min(m.vocabSize(), 40)];
            for (int i = 0; i < ids.length; i++) ids[i] = i;
            m.pooler(dev.microembed.pool.PoolKernels.best()).pool(ids, ids.length, out);
            double s = 0;
            for (float x : out) s += (double) x * x;
            assertTrue(s == 0 || Math.abs(s - 1) < 1e-5);
        } catch (ModelFormatException e) {
            assertTrue(e.getMessage().startsWith(dir.resolve(file).toString() + ": "), e.getMessage());
            assertEquals(dir.resolve(file), e.file());
        }
    }

    private static int headerEnd(byte[] model) {
        return 8 + (int) ByteBuffer.wrap(model).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    }

    @Property(tries = 150)
    void truncated(@ForAll Random r, @ForAll boolean fixChecksum) throws IOException {
        byte[] cut = java.util.Arrays.copyOf(MODEL, r.nextInt(MODEL.length));
        replaceModel(freshCopy(), cut, fixChecksum);
        loadsOrFailsCleanly(dir, ModelFolder.MODEL, true);
    }

    @Property(tries = 300)
    void flippedHeaderBytes(@ForAll Random r, @ForAll @IntRange(min = 1, max = 4) int flips) throws IOException {
        byte[] m = MODEL.clone();
        int end = headerEnd(MODEL);
        for (int i = 0; i < flips; i++) m[r.nextInt(end)] ^= (byte) (1 << r.nextInt(8));
        replaceModel(freshCopy(), m, true);
        loadsOrFailsCleanly(dir, ModelFolder.MODEL, false);
    }

    @Property(tries = 100)
    void hostileHeaderLength(@ForAll("lengths") long length) throws IOException {
        byte[] m = MODEL.clone();
        ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN).putLong(0, length);
        replaceModel(freshCopy(), m, true);
        loadsOrFailsCleanly(dir, ModelFolder.MODEL, length != headerEnd(MODEL) - 8);
    }

    @Provide
    Arbitrary<Long> lengths() {
        long real = headerEnd(MODEL) - 8;
        return Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.longs().between(0, MODEL.length + 16),
                Arbitraries.of(-1L, Long.MIN_VALUE, Long.MAX_VALUE, 100_000_001L, (long) MODEL.length, real - 1, real + 1, real));
    }

    @Property(tries = 100)
    void wrongDtypeShapeOrOffsets(@ForAll("headerEdits") String edit) throws IOException {
        byte[] m = withHeader(MODEL, h -> applyEdit(h, edit));
        replaceModel(freshCopy(), m, true);
        loadsOrFailsCleanly(dir, ModelFolder.MODEL, true);
    }

    @Provide
    Arbitrary<String> headerEdits() {
        return Arbitraries.of("emb-dtype-F32", "emb-dtype-U8", "emb-dtype-Q4", "emb-rank1", "emb-rank3", "emb-rows", "emb-cols",
                "scales-dtype-I32", "scales-shape", "overlap", "gap", "beyond", "reversed", "no-scales", "no-embeddings", "nan-scale",
                "shape-overflow", "not-object", "offsets-floats");
    }

    @SuppressWarnings("unchecked")
    private static Object applyEdit(Map<String, Object> h, String edit) {
        Map<String, Object> emb = (Map<String, Object>) h.get("embeddings"), sc = (Map<String, Object>) h.get("scales");
        List<Object> es = (List<Object>) emb.get("shape"), eo = (List<Object>) emb.get("data_offsets"), so = (List<Object>) sc.get("data_offsets");
        long v = (Long) es.get(0), d = (Long) es.get(1);
        switch (edit) {
            case "emb-dtype-F32" -> emb.put("dtype", "F32");
            case "emb-dtype-U8" -> emb.put("dtype", "U8");
            case "emb-dtype-Q4" -> emb.put("dtype", "Q4");
            case "emb-rank1" -> emb.put("shape", List.of(v * d));
            case "emb-rank3" -> emb.put("shape", List.of(v, d, 1L));
            case "emb-rows" -> emb.put("shape", List.of(v * 2, d / 2));
            case "emb-cols" -> emb.put("shape", List.of(v / 2, d * 2));
            case "scales-dtype-I32" -> sc.put("dtype", "I32");
            case "scales-shape" -> sc.put("shape", List.of(d / 2, 2L));
            case "overlap" -> so.set(0, (Long) so.get(0) - 4);
            case "gap" -> { eo.set(0, 4L); }
            case "beyond" -> { so.set(1, (Long) so.get(1) + 4); sc.put("shape", List.of(d + 1)); }
            case "reversed" -> so.set(0, (Long) so.get(1) + 4);
            case "no-scales" -> { h.remove("scales"); eo.set(1, (Long) so.get(1)); emb.put("shape", List.of(v, d, 1L)); }
            case "no-embeddings" -> h.remove("embeddings");
            case "nan-scale" -> { return "nan"; }
            case "shape-overflow" -> emb.put("shape", List.of(1L << 40, 1L << 40));
            case "not-object" -> { return List.of(1, 2); }
            case "offsets-floats" -> emb.put("data_offsets", List.of(0.5, 1.5));
            default -> throw new IllegalArgumentException(edit);
        }
        return h;
    }

    /** Rebuilds the file with an edited header (same data section); "nan" poisons the first scale instead. */
    @SuppressWarnings("unchecked")
    static byte[] withHeader(byte[] model, java.util.function.Function<Map<String, Object>, Object> edit) {
        int end = headerEnd(model);
        Map<String, Object> h = (Map<String, Object>) Json.parse(new String(model, 8, end - 8, StandardCharsets.UTF_8));
        Object edited = edit.apply(h);
        byte[] data = java.util.Arrays.copyOfRange(model, end, model.length);
        if ("nan".equals(edited)) {
            long s0 = (Long) ((List<Object>) ((Map<String, Object>) h.get("scales")).get("data_offsets")).get(0);
            ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).putFloat((int) s0, Float.NaN);
            edited = h;
        }
        byte[] json = Json.write(edited, false).getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(json.length).put(json).put(data);
        return out.array();
    }

    @Property(tries = 50)
    void changedBytesWithoutNewChecksum(@ForAll Random r) throws IOException {
        byte[] m = MODEL.clone();
        m[headerEnd(m) + r.nextInt(m.length - headerEnd(m))] ^= (byte) (1 + r.nextInt(255));
        replaceModel(freshCopy(), m, false);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFolder.open(dir).close());
        assertTrue(e.getMessage().contains("sha256"), e.getMessage());
        assertEquals(dir.resolve(ModelFolder.MODEL), e.file());
    }

    @Property(tries = 30)
    void damagedTokenizerFileFailsChecksum(@ForAll Random r) throws IOException {
        freshCopy();
        Path tok = dir.resolve(ModelFolder.TOKENIZER);
        byte[] t = Files.readAllBytes(tok);
        t[r.nextInt(t.length)] ^= 1;
        Files.write(tok, t);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFolder.open(dir).close());
        assertEquals(tok, e.file());
    }

    @Property(tries = 60)
    void badConfig(@ForAll("configEdits") String edit) throws IOException {
        freshCopy();
        Path cfg = dir.resolve(ModelFolder.CONFIG);
        String text = Files.readString(cfg);
        @SuppressWarnings("unchecked") Map<String, Object> c = (Map<String, Object>) Json.parse(text);
        @SuppressWarnings("unchecked") Map<String, Object> me = (Map<String, Object>) c.get("microembed");
        @SuppressWarnings("unchecked") Map<String, Object> files = (Map<String, Object>) me.get("files");
        String out = null;
        switch (edit) {
            case "version" -> me.put("format_version", 2L);
            case "version-string" -> me.put("format_version", "1");
            case "dim" -> me.put("dim", 65L);
            case "dim-huge" -> me.put("dim", 1L << 40);
            case "vocab" -> me.put("vocab_size", 3L);
            case "pooling" -> me.put("pooling", "max");
            case "weighted-without-weights" -> me.put("pooling", "weighted_mean");
            case "no-files" -> me.remove("files");
            case "no-model-entry" -> files.remove(ModelFolder.MODEL);
            case "traversal" -> files.put("../../etc/passwd", Map.of("sha256", "00", "bytes", 1L));
            case "missing-listed" -> files.put("pca.safetensors", Map.of("sha256", "00", "bytes", 1L));
            case "bytes" -> ((Map<String, Object>) files.get(ModelFolder.MODEL)).put("bytes", 12L);
            case "microembed-not-object" -> c.put("microembed", "yes");
            case "truncated" -> out = text.substring(0, text.length() / 2);
            case "not-json" -> out = "model2vec";
            case "array" -> out = "[]";
            case "bad-utf8" -> out = null;
            default -> throw new IllegalArgumentException(edit);
        }
        if (edit.equals("bad-utf8")) Files.write(cfg, new byte[] {'{', (byte) 0xC3, '}'});
        else Files.writeString(cfg, out != null ? out : Json.write(c, true));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFolder.open(dir).close(), edit);
        if (edit.equals("missing-listed")) assertEquals(dir.resolve("pca.safetensors"), e.file());
        else if (edit.equals("bytes") || edit.equals("dim") || edit.equals("vocab") || edit.equals("weighted-without-weights")) assertEquals(dir.resolve(ModelFolder.MODEL).getParent(), e.file().getParent());
        else assertEquals(cfg, e.file(), edit + ": " + e.getMessage());
    }

    @Provide
    Arbitrary<String> configEdits() {
        return Arbitraries.of("version", "version-string", "dim", "dim-huge", "vocab", "pooling", "weighted-without-weights", "no-files",
                "no-model-entry", "traversal", "missing-listed", "bytes", "microembed-not-object", "truncated", "not-json", "array", "bad-utf8");
    }

    /** Without microembed.format_version the folder is read as Model2Vec reads it: the int8 table as is, scales unused. */
    @Example
    void withoutFormatVersionTheFolderIsModel2Vec() throws IOException {
        freshCopy();
        Path cfg = dir.resolve(ModelFolder.CONFIG);
        @SuppressWarnings("unchecked") Map<String, Object> c = (Map<String, Object>) Json.parse(Files.readString(cfg));
        c.remove("microembed");
        Files.writeString(cfg, Json.write(c, true));
        try (ModelFolder f = ModelFolder.open(dir)) {
            assertTrue(f.isModel2Vec());
            assertEquals("I8", f.model2VecTable().dtype());
            assertNull(f.scales());
        }
    }

    @Example
    void missingFolderAndMissingConfig() throws IOException {
        Path nowhere = Path.of("/nonexistent/model");
        assertEquals(nowhere, assertThrows(ModelFormatException.class, () -> ModelFolder.open(nowhere)).file());
        freshCopy();
        Files.delete(dir.resolve(ModelFolder.CONFIG));
        assertEquals(dir.resolve(ModelFolder.CONFIG), assertThrows(ModelFormatException.class, () -> ModelFolder.open(dir)).file());
    }

    /** The reader alone, on arbitrary bytes: never anything but ModelFormatException. */
    @Property(tries = 300)
    void readerOnRandomBytes(@ForAll Random r, @ForAll @IntRange(min = 0, max = 200) int size) throws IOException {
        byte[] b = new byte[size];
        r.nextBytes(b);
        if (size >= 8 && r.nextBoolean()) ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, r.nextInt(size));
        Path f = Files.createTempFile(Fixtures.root(), "random", ".safetensors");
        try {
            Files.write(f, b);
            try (SafetensorsReader s = SafetensorsReader.open(f)) {
                assertNotNull(s.names());
            } catch (ModelFormatException e) {
                assertEquals(f, e.file());
            }
        } finally {
            Files.delete(f);
        }
    }
}
