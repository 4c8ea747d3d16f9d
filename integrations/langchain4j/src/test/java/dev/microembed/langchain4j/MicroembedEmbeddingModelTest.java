package dev.microembed.langchain4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.embedding.request.EmbeddingRequest;
import dev.langchain4j.model.embedding.response.EmbeddingResponse;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import dev.microembed.Microembed;
import dev.microembed.ModelFormatException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against the real langchain4j (core and its InMemoryEmbeddingStore) and the shipped default model; no mocks. */
class MicroembedEmbeddingModelTest {
    /** Four texts, none in English; each English query below has its translation among them. */
    static final List<String> CORPUS = List.of(
            "Der Hund schläft auf dem Sofa",
            "Die Börse ist heute stark gefallen",
            "Mi pasaporte caduca el mes que viene",
            "J'adore cette chanson");

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
    void dimensionAndNameComeFromTheModelWithoutAProbe() {
        assertEquals(64, model.dimension());
        assertEquals(model.microembed().dim(), model.dimension());
        assertTrue(model.modelName().startsWith("microembed/"), model.modelName());
    }

    @Test
    void embedAllGivesTheRuntimeVectorsBitForBitAndCountsTokens() {
        List<TextSegment> segments = CORPUS.stream().map(TextSegment::from).toList();
        Response<List<Embedding>> response = model.embedAll(segments);
        assertEquals(CORPUS.size(), response.content().size());
        int tokens = 0;
        int[] ids = new int[model.microembed().maxTokens()];
        for (int i = 0; i < CORPUS.size(); i++) {
            float[] expected = model.microembed().embed(CORPUS.get(i));
            float[] got = response.content().get(i).vector();
            assertArrayEquals(expected, got, "segment " + i);
            assertEquals(1.0, norm(got), 1e-5);
            tokens += model.microembed().poolingIds(CORPUS.get(i), ids);
        }
        assertEquals(tokens, response.tokenUsage().inputTokenCount());
        assertTrue(tokens >= CORPUS.size());
        assertTrue(model.embedAll(List.of()).content().isEmpty());
    }

    @Test
    void theSingleTextAndRequestPathsOfLangchain4jAgreeWithEmbedAll() {
        float[] viaAll = model.embedAll(List.of(TextSegment.from("I love this song"))).content().getFirst().vector();
        assertArrayEquals(viaAll, model.embed("I love this song").content().vector());
        EmbeddingResponse response = model.embed(EmbeddingRequest.builder().inputs("I love this song", "j'adore").build());
        assertEquals(2, response.embeddings().size());
        assertArrayEquals(viaAll, response.embeddings().getFirst().vector());
        assertEquals(model.modelName(), response.metadata().modelName());
        // Per-call dimensions cannot be honoured by a fixed table, so langchain4j refuses the request.
        assertThrows(UnsupportedFeatureException.class,
                () -> model.embed(EmbeddingRequest.builder().input("x").dimensions(32).build()));
    }

    @Test
    void storesAndRetrievesSegmentsThroughInMemoryEmbeddingStore() {
        InMemoryEmbeddingStore<TextSegment> store = new InMemoryEmbeddingStore<>();
        List<TextSegment> segments = CORPUS.stream().map(TextSegment::from).toList();
        List<String> ids = store.addAll(model.embedAll(segments).content(), segments).stream().toList();
        assertEquals(CORPUS.size(), ids.size());
        assertEquals(CORPUS.size(), store.size());

        String[][] queryAndTranslation = {
                {"The dog is sleeping on the sofa", CORPUS.get(0)},
                {"Stock prices dropped a lot today", CORPUS.get(1)},
                {"Where can I renew my passport?", CORPUS.get(2)},
                {"I love this song", CORPUS.get(3)},
        };
        for (String[] qt : queryAndTranslation) {
            List<EmbeddingMatch<TextSegment>> matches = search(store, qt[0], CORPUS.size());
            assertEquals(CORPUS.size(), matches.size());
            assertEquals(qt[1], matches.getFirst().embedded().text(), "best match for \"" + qt[0] + "\": " + matches);
            assertTrue(matches.get(0).score() > matches.get(1).score(), "the translation ranks strictly above unrelated texts");
        }

        // The store survives its own JSON round trip with our vectors intact.
        InMemoryEmbeddingStore<TextSegment> copy = InMemoryEmbeddingStore.fromJson(store.serializeToJson());
        assertEquals(CORPUS.get(3), search(copy, "I love this song", 1).getFirst().embedded().text());
    }

    @Test
    void loadsAModelFolderByPath() {
        Path dir = Microembed.defaultModelDir(); // the unpacked default model: a real model folder
        try (MicroembedEmbeddingModel fromPath = new MicroembedEmbeddingModel(dir)) {
            assertEquals(64, fromPath.dimension());
            assertEquals("microembed/" + dir.getFileName(), fromPath.modelName());
            assertArrayEquals(model.embed("Hund").content().vector(), fromPath.embed("Hund").content().vector());
        }
    }

    @Test
    void aBorrowedModelStaysOpenAndAnOwnedOneCloses() {
        try (Microembed shared = Microembed.loadDefault()) {
            new MicroembedEmbeddingModel(shared).close();
            assertEquals(64, shared.embed("still open").length);
        }
        MicroembedEmbeddingModel owned = new MicroembedEmbeddingModel();
        owned.close();
        assertThrows(IllegalStateException.class, () -> owned.embed("closed"));
    }

    @Test
    void clearErrors(@TempDir Path empty) {
        Path missing = empty.resolve("no-such-model");
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> new MicroembedEmbeddingModel(missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        ModelFormatException noConfig = assertThrows(ModelFormatException.class, () -> new MicroembedEmbeddingModel(empty));
        assertTrue(noConfig.getMessage().contains("config.json"), noConfig.getMessage());
        assertThrows(NullPointerException.class, () -> new MicroembedEmbeddingModel((Path) null));
        assertThrows(NullPointerException.class, () -> new MicroembedEmbeddingModel((Microembed) null));
        List<TextSegment> withNull = new ArrayList<>(List.of(TextSegment.from("a")));
        withNull.add(null);
        IllegalArgumentException iae = assertThrows(IllegalArgumentException.class, () -> model.embedAll(withNull));
        assertTrue(iae.getMessage().contains("textSegments[1]"), iae.getMessage());
    }

    @Test
    void oneInstanceServesManyThreads() throws Exception {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 200; i++) texts.add(CORPUS.get(i % CORPUS.size()) + " " + i);
        List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
        List<Embedding> sequential = model.embedAll(segments).content();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<List<Embedding>>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) futures.add(pool.submit(() -> model.embedAll(segments).content()));
            for (Future<List<Embedding>> f : futures) {
                List<Embedding> got = f.get();
                for (int i = 0; i < got.size(); i++) assertArrayEquals(sequential.get(i).vector(), got.get(i).vector());
            }
        }
    }

    @Test
    void aTextWithNoKnownTokenIsTheZeroVectorAndScoresNeutrally() {
        String unknown = "\uE000\uE001"; // private-use characters: [UNK] only, which pooling drops
        float[] zero = model.embed(unknown).content().vector();
        assertNotNull(zero);
        assertEquals(0.0, norm(zero));
        InMemoryEmbeddingStore<TextSegment> store = new InMemoryEmbeddingStore<>();
        store.add(Embedding.from(zero), TextSegment.from(unknown));
        assertEquals(0.5, search(store, "anything", 1).getFirst().score(), 1e-9, "langchain4j maps cosine 0 to relevance 0.5");
    }

    private static List<EmbeddingMatch<TextSegment>> search(InMemoryEmbeddingStore<TextSegment> store, String query, int k) {
        return store.search(EmbeddingSearchRequest.builder()
                        .queryEmbedding(model.embed(query).content())
                        .maxResults(k)
                        .build())
                .matches();
    }

    private static double norm(float[] v) {
        return Math.sqrt(Arrays.stream(toDouble(v)).map(x -> x * x).sum());
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) d[i] = v[i];
        return d;
    }
}
