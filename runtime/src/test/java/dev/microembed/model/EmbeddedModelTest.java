package dev.microembed.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.microembed.Fixtures;
import dev.microembed.Microembed;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedModelTest {
    @Test
    void packedDefaultModelUnpacksOnceAndEmbedsLikeVocab(@TempDir Path cache) throws Exception {
        assertTrue(EmbeddedModel.present(), "the build packs vocab/ into the jar");
        Path dir = EmbeddedModel.unpack(cache);
        assertEquals(dir, EmbeddedModel.unpack(cache), "second call reuses the unpacked folder");
        assertEquals(Files.size(Fixtures.vocab().resolve("model.safetensors")), Files.size(dir.resolve("model.safetensors")));
        try (Microembed packed = Microembed.load(dir); Microembed shipped = Microembed.load(Fixtures.vocab())) {
            String text = "Der Hund schläft 🐶 #tbt";
            assertArrayEquals(shipped.embed(text), packed.embed(text));
        }
    }
}
