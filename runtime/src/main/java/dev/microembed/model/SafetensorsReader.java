package dev.microembed.model;

import dev.microembed.ModelFormatException;
import dev.microembed.json.JsonReader;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a safetensors file by memory-mapping it: the tensor bytes stay in the mapping and are handed out
 * as {@link MemorySegment} slices, so a large table never lands on the Java heap. Everything in the header
 * is validated up front (see {@code docs/model-format.md}); any problem raises {@link ModelFormatException}
 * naming the file, never an {@link OutOfMemoryError} or a crash. The mapping lives in a shared arena and is
 * released by {@link #close()}; segments obtained before that become inaccessible afterwards.
 */
public final class SafetensorsReader implements AutoCloseable {
    /** Largest header accepted (the safetensors reference implementation uses the same 100 MB cap). */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    private static final ValueLayout.OfFloat F32_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** One tensor's header entry; offsets are relative to the data section, {@code [begin, end)}. */
    public record Tensor(String name, String dtype, long[] shape, long begin, long end) {
        public long elements() {
            long n = 1;
            for (long d : shape) n *= d; // validated not to overflow
            return n;
        }

        public long[] shape() {
            return shape.clone();
        }
    }

    private final Path file;
    private final Arena arena;
    private final MemorySegment data;
    private final Map<String, Tensor> tensors;
    private final Map<String, String> metadata;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private SafetensorsReader(Path file, Arena arena, MemorySegment data, Map<String, Tensor> tensors, Map<String, String> metadata) {
        this.file = file;
        this.arena = arena;
        this.data = data;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    /** Maps and validates {@code file}. */
    public static SafetensorsReader open(Path file) {
        Arena arena = Arena.ofShared();
        try {
            MemorySegment whole;
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                long size = ch.size();
                if (size < 8) throw new ModelFormatException(file, "file is " + size + " bytes, shorter than the 8-byte safetensors header length");
                whole = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            }
            long size = whole.byteSize();
            long n = whole.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
            if (n < 0 || n > MAX_HEADER_BYTES)
                throw new ModelFormatException(file, "header length " + Long.toUnsignedString(n) + " exceeds the " + MAX_HEADER_BYTES + "-byte limit");
            if (8 + n > size)
                throw new ModelFormatException(file, "header length " + n + " reaches beyond the end of the " + size + "-byte file (truncated?)");
            Object root;
            try {
                root = JsonReader.parse(whole.asSlice(8, n).toArray(ValueLayout.JAVA_BYTE)); // (validates the UTF-8)
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException(file, "header: " + e.getMessage());
            }
            if (!(root instanceof Map<?, ?> header)) throw new ModelFormatException(file, "header is not a JSON object");
            MemorySegment data = whole.asSlice(8 + n);
            Map<String, String> metadata = new LinkedHashMap<>();
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : header.entrySet()) {
                String name = (String) e.getKey();
                if (name.equals("__metadata__")) {
                    if (!(e.getValue() instanceof Map<?, ?> m)) throw new ModelFormatException(file, "__metadata__ is not a JSON object");
                    for (Map.Entry<?, ?> me : m.entrySet()) {
                        if (!(me.getValue() instanceof String v)) throw new ModelFormatException(file, "__metadata__ value of \"" + me.getKey() + "\" is not a string");
                        metadata.put((String) me.getKey(), v);
                    }
                } else {
                    tensors.put(name, tensor(file, name, e.getValue(), data.byteSize()));
                }
            }
            checkLayout(file, tensors, data.byteSize());
            return new SafetensorsReader(file, arena, data, Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(metadata));
        } catch (ModelFormatException e) {
            arena.close();
            throw e;
        } catch (NoSuchFileException e) {
            arena.close();
            throw new ModelFormatException(file, "file not found", e);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw new ModelFormatException(file, "cannot read: " + e, e);
        }
    }

    /** Bytes per element of every safetensors dtype; anything else is rejected. */
    public static int dtypeBytes(String dtype) {
        return switch (dtype) {
            case "BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3" -> 1;
            case "I16", "U16", "F16", "BF16" -> 2;
            case "I32", "U32", "F32" -> 4;
            case "I64", "U64", "F64" -> 8;
            default -> -1;
        };
    }

    private static Tensor tensor(Path file, String name, Object entry, long dataBytes) {
        String where = "tensor \"" + name + "\": ";
        if (!(entry instanceof Map<?, ?> m)) throw new ModelFormatException(file, where + "entry is not a JSON object");
        if (!(m.get("dtype") instanceof String dtype)) throw new ModelFormatException(file, where + "missing dtype");
        int elemBytes = dtypeBytes(dtype);
        if (elemBytes < 0) throw new ModelFormatException(file, where + "unknown dtype " + dtype);
        long[] shape = longs(file, where + "shape", m.get("shape"), -1);
        long[] offsets = longs(file, where + "data_offsets", m.get("data_offsets"), 2);
        long elements = 1;
        try {
            for (long d : shape) elements = Math.multiplyExact(elements, d);
            long bytes = Math.multiplyExact(elements, elemBytes);
            if (offsets[0] > offsets[1]) throw new ModelFormatException(file, where + "data_offsets " + Arrays.toString(offsets) + " end before they begin");
            if (offsets[1] > dataBytes)
                throw new ModelFormatException(file, where + "data_offsets " + Arrays.toString(offsets) + " reach beyond the " + dataBytes + "-byte data section (truncated?)");
            if (offsets[1] - offsets[0] != bytes)
                throw new ModelFormatException(file, where + "shape " + Arrays.toString(shape) + " of " + dtype + " needs " + bytes + " bytes but data_offsets span " + (offsets[1] - offsets[0]));
        } catch (ArithmeticException e) {
            throw new ModelFormatException(file, where + "shape " + Arrays.toString(shape) + " overflows");
        }
        return new Tensor(name, dtype, shape, offsets[0], offsets[1]);
    }

    private static long[] longs(Path file, String what, Object v, int requiredLength) {
        if (!(v instanceof List<?> l)) throw new ModelFormatException(file, what + " is not a JSON array");
        if (requiredLength >= 0 && l.size() != requiredLength) throw new ModelFormatException(file, what + " must have " + requiredLength + " entries");
        if (l.size() > 64) throw new ModelFormatException(file, what + " has " + l.size() + " entries");
        long[] out = new long[l.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(l.get(i) instanceof Long x) || x < 0) throw new ModelFormatException(file, what + " holds " + l.get(i) + ", not a non-negative integer");
            out[i] = x;
        }
        return out;
    }

    /** Tensors must tile the data section exactly: no gaps, no overlaps, nothing left over. */
    private static void checkLayout(Path file, Map<String, Tensor> tensors, long dataBytes) {
        List<Tensor> sorted = new ArrayList<>(tensors.values());
        sorted.sort((a, b) -> a.begin != b.begin ? Long.compare(a.begin, b.begin) : Long.compare(a.end, b.end));
        long at = 0;
        Tensor prev = null;
        for (Tensor t : sorted) {
            if (t.begin < at)
                throw new ModelFormatException(file, "tensor \"" + t.name + "\" at bytes [" + t.begin + ", " + t.end + ") overlaps tensor \"" + prev.name + "\" at [" + prev.begin + ", " + prev.end + ")");
            if (t.begin > at) throw new ModelFormatException(file, "data bytes [" + at + ", " + t.begin + ") belong to no tensor");
            at = t.end;
            prev = t;
        }
        if (at != dataBytes) throw new ModelFormatException(file, "data section has " + dataBytes + " bytes but the tensors cover " + at);
    }

    public Path file() {
        return file;
    }

    /** Tensor names in header order. */
    public List<String> names() {
        return List.copyOf(tensors.keySet());
    }

    public boolean has(String name) {
        return tensors.containsKey(name);
    }

    public Tensor tensor(String name) {
        Tensor t = tensors.get(name);
        if (t == null) throw new ModelFormatException(file, "no tensor named \"" + name + "\" (has " + tensors.keySet() + ")");
        return t;
    }

    public String dtype(String name) {
        return tensor(name).dtype;
    }

    public long[] shape(String name) {
        return tensor(name).shape.clone();
    }

    /** The {@code __metadata__} string map (empty if absent). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** The tensor's raw little-endian bytes, a view of the mapping (valid until {@link #close()}). */
    public MemorySegment segment(String name) {
        Tensor t = tensor(name);
        return data.asSlice(t.begin, t.end - t.begin);
    }

    /** A heap copy of an F32 tensor, for small tensors and tools. */
    public float[] floats(String name) {
        Tensor t = expect(name, "F32");
        float[] out = new float[elementsAsInt(t)];
        MemorySegment.copy(data, F32_LE, t.begin, out, 0, out.length);
        return out;
    }

    /** A heap copy of an I8 tensor. */
    public byte[] int8(String name) {
        Tensor t = expect(name, "I8");
        byte[] out = new byte[elementsAsInt(t)];
        MemorySegment.copy(data, ValueLayout.JAVA_BYTE, t.begin, out, 0, out.length);
        return out;
    }

    /** A heap copy of an I32 tensor. */
    public int[] int32(String name) {
        Tensor t = expect(name, "I32");
        int[] out = new int[elementsAsInt(t)];
        MemorySegment.copy(data, ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), t.begin, out, 0, out.length);
        return out;
    }

    private Tensor expect(String name, String dtype) {
        Tensor t = tensor(name);
        if (!t.dtype.equals(dtype)) throw new ModelFormatException(file, "tensor \"" + name + "\" is " + t.dtype + ", expected " + dtype);
        return t;
    }

    private int elementsAsInt(Tensor t) {
        long n = t.elements();
        if (n > Integer.MAX_VALUE - 16) throw new ModelFormatException(file, "tensor \"" + t.name + "\" has " + n + " elements, too many to copy into an array");
        return (int) n;
    }

    /** Unmaps the file. */
    @Override
    public void close() {
        if (!closed.getAndSet(true)) arena.close();
    }
}
