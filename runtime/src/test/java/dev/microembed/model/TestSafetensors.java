package dev.microembed.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A minimal safetensors writer for runtime tests (the runtime only reads; the tools' writer is not on this class path). */
public final class TestSafetensors {
    private record Entry(String name, String dtype, long[] shape, byte[] bytes) {}

    private final List<Entry> entries = new ArrayList<>();

    public TestSafetensors add(String name, String dtype, long[] shape, byte[] littleEndianBytes) {
        entries.add(new Entry(name, dtype, shape, littleEndianBytes));
        return this;
    }

    public TestSafetensors f32(String name, float[] v, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) b.putFloat(x);
        return add(name, "F32", shape, b.array());
    }

    public TestSafetensors f16(String name, float[] v, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) b.putShort(Float.floatToFloat16(x));
        return add(name, "F16", shape, b.array());
    }

    public TestSafetensors f64(String name, double[] v, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double x : v) b.putDouble(x);
        return add(name, "F64", shape, b.array());
    }

    public TestSafetensors i8(String name, byte[] v, long... shape) {
        return add(name, "I8", shape, v.clone());
    }

    public TestSafetensors i32(String name, int[] v, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int x : v) b.putInt(x);
        return add(name, "I32", shape, b.array());
    }

    public byte[] bytes() {
        Map<String, Object> header = new LinkedHashMap<>();
        long at = 0;
        for (Entry e : entries) {
            List<Object> shape = new ArrayList<>();
            for (long d : e.shape) shape.add(d);
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("dtype", e.dtype);
            t.put("shape", shape);
            t.put("data_offsets", List.of(at, at + e.bytes.length));
            header.put(e.name, t);
            at += e.bytes.length;
        }
        byte[] json = Json.write(header, false).getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + json.length + (int) at).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(json.length).put(json);
        for (Entry e : entries) out.put(e.bytes);
        return out.array();
    }

    public void write(Path file) {
        try {
            Files.write(file, bytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
