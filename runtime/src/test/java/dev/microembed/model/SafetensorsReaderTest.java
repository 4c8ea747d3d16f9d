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
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsReaderTest {
    @TempDir Path dir;

    private Path write(byte[] bytes) throws IOException {
        Path f = dir.resolve("t.safetensors");
        Files.write(f, bytes);
        return f;
    }

    /** A file with the given raw header JSON and data bytes. */
    private Path raw(String header, int dataBytes) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        return write(b.array());
    }

    /** The committed fixture (written by the tools' SafetensorsWriter; the write-read round trip is tested there). */
    @Test
    void readsTheFixtureModel() throws IOException {
        try (SafetensorsReader r = SafetensorsReader.open(Fixtures.tiny().resolve("model.safetensors"))) {
            assertEquals(List.of("embeddings", "scales"), r.names());
            assertEquals("I8", r.dtype("embeddings"));
            long[] shape = r.shape("embeddings");
            assertEquals(2, shape.length);
            assertEquals(64, shape[1]);
            assertEquals(shape[0] * shape[1], r.segment("embeddings").byteSize());
            assertEquals(64, r.floats("scales").length);
            assertEquals("microembed", r.metadata().get("format"));
            assertThrows(ModelFormatException.class, () -> r.floats("embeddings"));
            assertThrows(ModelFormatException.class, () -> r.segment("nope"));
        }
    }

    private void rejects(Path f, String problem) {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> SafetensorsReader.open(f).close());
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    @Test
    void rejectsBrokenFiles() throws IOException {
        rejects(write(new byte[5]), "shorter than");
        rejects(write(new byte[0]), "shorter than");
        rejects(dir.resolve("missing.safetensors"), "not found");
        byte[] hostile = new byte[16];
        Arrays.fill(hostile, (byte) 0xff);
        rejects(write(hostile), "exceeds");
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1000);
        rejects(write(b.array()), "beyond the end");
        rejects(raw("[1,2]", 0), "not a JSON object");
        rejects(raw("{\"a\":", 0), "malformed JSON");
        rejects(raw("{\"a\":{\"dtype\":\"Q4\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1), "unknown dtype Q4");
        rejects(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4), "needs 8 bytes");
        rejects(raw("{\"a\":{\"dtype\":\"I8\",\"shape\":[4],\"data_offsets\":[0,4]}}", 3), "beyond");
        rejects(raw("{\"a\":{\"dtype\":\"I8\",\"shape\":[4],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"I8\",\"shape\":[2],\"data_offsets\":[2,4]}}", 4), "overlaps");
        rejects(raw("{\"a\":{\"dtype\":\"I8\",\"shape\":[2],\"data_offsets\":[1,3]}}", 3), "belong to no tensor");
        rejects(raw("{\"a\":{\"dtype\":\"I8\",\"shape\":[2],\"data_offsets\":[0,2]}}", 3), "cover 2");
        rejects(raw("{\"a\":{\"dtype\":\"I8\",\"shape\":[4294967296,4294967296,4294967296],\"data_offsets\":[0,2]}}", 2), "overflows");
        rejects(raw("{\"a\":{\"dtype\":\"I8\",\"shape\":[-1],\"data_offsets\":[0,2]}}", 2), "non-negative");
    }
}
