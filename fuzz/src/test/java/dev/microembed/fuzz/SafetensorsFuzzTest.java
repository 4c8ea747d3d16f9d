package dev.microembed.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.microembed.ModelFormatException;
import dev.microembed.model.SafetensorsReader;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;

/**
 * Mutated safetensors files (the fixtures' model.safetensors and small hand-made ones) through
 * {@link SafetensorsReader}: open either rejects with {@link ModelFormatException} naming the file, or every
 * tensor it lists lies inside the file, reads in its dtype and nothing else throws.
 */
@Tag("heavy")
class SafetensorsFuzzTest {
    private static final Path FILE = FuzzSupport.scratch("safetensors").resolve("model.safetensors");

    @FuzzTest
    void fuzz(byte[] data) {
        FuzzSupport.write(FILE, data);
        try (SafetensorsReader r = SafetensorsReader.open(FILE)) {
            for (String name : r.names()) {
                SafetensorsReader.Tensor t = r.tensor(name);
                MemorySegment s = r.segment(name);
                if (s.byteSize() != t.end() - t.begin()) throw new AssertionError(name + ": segment of " + s.byteSize() + " bytes for offsets [" + t.begin() + ", " + t.end() + ")");
                if (s.byteSize() > 0) s.get(ValueLayout.JAVA_BYTE, s.byteSize() - 1); // the last byte is mapped
                long elements = t.elements();
                if (elements * SafetensorsReader.dtypeBytes(t.dtype()) != s.byteSize()) throw new AssertionError(name + ": shape disagrees with bytes");
                int length = switch (t.dtype()) {
                    case "F32" -> r.floats(name).length;
                    case "I8" -> r.int8(name).length;
                    case "I32" -> r.int32(name).length;
                    default -> (int) elements;
                };
                if (length != elements) throw new AssertionError(name + ": read " + length + " of " + elements + " elements");
                try {
                    if (!t.dtype().equals("F32")) r.floats(name);
                    else r.int8(name);
                    throw new AssertionError(name + ": read as the wrong dtype without an error");
                } catch (ModelFormatException expected) {
                    FuzzSupport.checkRejection(expected);
                }
            }
        } catch (ModelFormatException e) {
            if (!FILE.equals(e.file())) throw new AssertionError("the exception names " + e.file(), e);
            FuzzSupport.checkRejection(e);
        }
    }
}
