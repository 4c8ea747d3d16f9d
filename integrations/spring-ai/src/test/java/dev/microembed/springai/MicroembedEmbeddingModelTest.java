package dev.microembed.springai;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.microembed.Microembed;
import dev.microembed.ModelFormatException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.content.Media;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.EmbeddingOptions;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.embedding.TokenCountBatchingStrategy;
import org.springframework.util.MimeTypeUtils;

/** The Spring AI EmbeddingModel on the shipped default model, without a Spring context. */
class MicroembedEmbeddingModelTest {
    static MicroembedEmbeddingModel model;

    @BeforeAll
    static void load() {
        model = new MicroembedEmbeddingModel();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void dimensionsComeFromTheConfigWithoutAProbeCall() {
        assertEquals(64, model.dimensions());
        assertTrue(model.modelName().startsWith("microembed/"), model.modelName());
    }

    @Test
    void callEmbedsEveryTextInOrderWithUsageAndModelName() {
        List<String> texts = List.of("I love this song", "J'adore cette chanson", "\uE000");
        EmbeddingResponse response = model.call(new EmbeddingRequest(texts, EmbeddingOptions.builder().build()));
        assertEquals(3, response.getResults().size());
        int tokens = 0;
        int[] ids = new int[model.microembed().maxTokens()];
        for (int i = 0; i < texts.size(); i++) {
            assertEquals(i, response.getResults().get(i).getIndex());
            assertArrayEquals(model.microembed().embed(texts.get(i)), response.getResults().get(i).getOutput());
            tokens += model.microembed().poolingIds(texts.get(i), ids);
        }
        assertEquals(model.modelName(), response.getMetadata().getModel());
        assertEquals(tokens, response.getMetadata().getUsage().getPromptTokens());
        assertArrayEquals(new float[64], response.getResults().get(2).getOutput(), "no known token: the zero vector");
        // the model's own dimension is accepted, and no options at all
        assertEquals(1, model.call(new EmbeddingRequest(List.of("x"), EmbeddingOptions.builder().dimensions(64).build())).getResults().size());
        assertEquals(1, model.call(new EmbeddingRequest(List.of("x"), null)).getResults().size());
    }

    @Test
    void theDefaultMethodsOfSpringAiRouteToTheSameVectors() {
        float[] direct = model.microembed().embed("Der Hund schläft");
        assertArrayEquals(direct, model.embed("Der Hund schläft"));
        assertArrayEquals(direct, model.embed(new Document("Der Hund schläft", Map.of("lang", "de"))));
        assertArrayEquals(direct, model.embed(List.of("Der Hund schläft")).getFirst());
        assertArrayEquals(direct, model.embedForResponse(List.of("Der Hund schläft")).getResult().getOutput());
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < 50; i++) docs.add(new Document("Der Hund schläft " + i));
        List<float[]> batched = model.embed(docs, EmbeddingOptions.builder().build(), new TokenCountBatchingStrategy());
        assertEquals(50, batched.size());
        assertArrayEquals(model.embed("Der Hund schläft 49"), batched.get(49));
    }

    @Test
    void clearErrors(@TempDir Path empty) {
        IllegalArgumentException dims = assertThrows(IllegalArgumentException.class,
                () -> model.call(new EmbeddingRequest(List.of("x"), EmbeddingOptions.builder().dimensions(1536).build())));
        assertTrue(dims.getMessage().contains("1536") && dims.getMessage().contains("64"), dims.getMessage());
        List<String> withNull = new ArrayList<>(List.of("a"));
        withNull.add(null);
        assertThrows(IllegalArgumentException.class, () -> model.call(new EmbeddingRequest(withNull, null)));
        Document image = new Document(Media.builder().mimeType(MimeTypeUtils.IMAGE_PNG).data(new byte[] {1, 2}).build(), Map.of());
        IllegalArgumentException media = assertThrows(IllegalArgumentException.class, () -> model.embed(image));
        assertTrue(media.getMessage().contains("text only"), media.getMessage());
        ModelFormatException missing = assertThrows(ModelFormatException.class, () -> new MicroembedEmbeddingModel(empty.resolve("nope")));
        assertTrue(missing.getMessage().contains("nope"), missing.getMessage());
    }

    @Test
    void aBorrowedModelStaysOpen() {
        try (Microembed shared = Microembed.loadDefault()) {
            new MicroembedEmbeddingModel(shared).close();
            assertEquals(64, shared.embed("still open").length);
        }
        MicroembedEmbeddingModel owned = new MicroembedEmbeddingModel(Microembed.defaultModelDir());
        owned.close();
        assertThrows(IllegalStateException.class, () -> owned.embed("closed"));
    }
}
