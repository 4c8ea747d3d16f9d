package dev.microembed.model;

import static org.junit.jupiter.api.Assertions.*;

import dev.microembed.ModelFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer and the runtime's reader round-trip (moved from the runtime's SafetensorsReaderTest with the writer). */
class SafetensorsWriterTest {
    @TempDir Path dir;

    @Test
    void readsWhatTheWriterWrote() throws IOException {
        byte[] table = {1, -2, 3, -128, 127, 0};
        float[] scales = {0.5f, -1.25f};
        Path f = dir.resolve("t.safetensors");
        Files.write(f, new SafetensorsWriter().metadata("format", "microembed")
                .int8("embeddings", table, 3, 2).float32("scales", scales, 2).toBytes());
        try (SafetensorsReader r = SafetensorsReader.open(f)) {
            assertEquals(List.of("embeddings", "scales"), r.names());
            assertEquals("I8", r.dtype("embeddings"));
            assertArrayEquals(new long[] {3, 2}, r.shape("embeddings"));
            assertArrayEquals(table, r.int8("embeddings"));
            assertArrayEquals(scales, r.floats("scales"));
            assertEquals(6, r.segment("embeddings").byteSize());
            assertEquals(Map.of("format", "microembed"), r.metadata());
            assertThrows(ModelFormatException.class, () -> r.floats("embeddings"));
            assertThrows(ModelFormatException.class, () -> r.segment("nope"));
        }
    }
}
