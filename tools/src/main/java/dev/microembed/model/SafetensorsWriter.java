package dev.microembed.model;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a safetensors file (8-byte little-endian header length, JSON header, raw little-endian
 * tensor bytes). Used by the distiller for every artifact and by tests to build small models, so
 * both go through the same code. Writing is atomic: a temporary file in the same folder, then a rename.
 */
public final class SafetensorsWriter {
    private record Tensor(String name, String dtype, long[] shape, byte[] data) {}

    private final List<Tensor> tensors = new ArrayList<>();
    private final Map<String, Object> metadata = new LinkedHashMap<>();

    public SafetensorsWriter metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    public SafetensorsWriter int8(String name, byte[] data, long... shape) {
        return add(name, "I8", data, shape, 1);
    }

    public SafetensorsWriter float32(String name, float[] data, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(data);
        return add(name, "F32", b.array(), shape, 4);
    }

    /** IEEE binary16 values (each float rounded to nearest even). */
    public SafetensorsWriter float16(String name, float[] data, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(data.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : data) b.putShort(Float.floatToFloat16(x));
        return add(name, "F16", b.array(), shape, 2);
    }

    public SafetensorsWriter int32(String name, int[] data, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(data);
        return add(name, "I32", b.array(), shape, 4);
    }

    private SafetensorsWriter add(String name, String dtype, byte[] data, long[] shape, int elemBytes) {
        long n = 1;
        for (long d : shape) n *= d;
        if (n * elemBytes != data.length)
            throw new IllegalArgumentException("tensor " + name + ": " + data.length + " bytes do not fit shape " + java.util.Arrays.toString(shape));
        tensors.add(new Tensor(name, dtype, shape.clone(), data));
        return this;
    }

    /** The file's bytes. Tensors are laid out in insertion order, the header padded to 8 bytes. */
    public byte[] toBytes() {
        Map<String, Object> header = new LinkedHashMap<>();
        if (!metadata.isEmpty()) header.put("__metadata__", metadata);
        long offset = 0;
        for (Tensor t : tensors) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("dtype", t.dtype);
            e.put("shape", t.shape);
            e.put("data_offsets", new long[] {offset, offset + t.data.length});
            header.put(t.name, e);
            offset += t.data.length;
        }
        byte[] json = Json.write(header, false).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) & ~7; // safetensors pads the header with spaces to 8-byte alignment
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(8 + padded + offset)).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded).put(json);
        for (int i = json.length; i < padded; i++) out.put((byte) ' ');
        for (Tensor t : tensors) out.put(t.data);
        return out.array();
    }

    /** Writes atomically to {@code file}. */
    public void write(Path file) throws IOException {
        writeAtomically(file, toBytes());
    }

    /** Writes bytes to a temporary sibling, forces them to disk, then renames over {@code file}. */
    public static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            try (OutputStream o = Files.newOutputStream(tmp)) {
                o.write(bytes);
            }
            try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
