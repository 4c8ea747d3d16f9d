package dev.microembed.springai;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.SimpleVectorStore;
import org.springframework.ai.vectorstore.VectorStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot application that declares nothing but a SimpleVectorStore on "the" EmbeddingModel: the
 * auto-configuration supplies microembed, and English queries find their translations among other languages.
 */
@SpringBootTest(classes = SimpleVectorStoreSpringBootTest.App.class)
class SimpleVectorStoreSpringBootTest {
    static final List<String> CORPUS = List.of(
            "Der Hund schläft auf dem Sofa",
            "Die Börse ist heute stark gefallen",
            "Mi pasaporte caduca el mes que viene",
            "J'adore cette chanson");

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        VectorStore vectorStore(EmbeddingModel embeddingModel) {
            return SimpleVectorStore.builder(embeddingModel).build();
        }
    }

    @Autowired
    EmbeddingModel embeddingModel;

    @Autowired
    VectorStore vectorStore;

    @Test
    void storesAndRetrievesDocumentsThroughSimpleVectorStore() {
        assertThat(embeddingModel).isInstanceOf(MicroembedEmbeddingModel.class);
        assertThat(embeddingModel.dimensions()).isEqualTo(64);

        vectorStore.add(CORPUS.stream().map(t -> new Document(t, java.util.Map.of("source", "test"))).toList());
        String[][] queryAndTranslation = {
                {"The dog is sleeping on the sofa", CORPUS.get(0)},
                {"Stock prices dropped a lot today", CORPUS.get(1)},
                {"Where can I renew my passport?", CORPUS.get(2)},
                {"I love this song", CORPUS.get(3)},
        };
        for (String[] qt : queryAndTranslation) {
            List<Document> hits = vectorStore.similaritySearch(SearchRequest.builder().query(qt[0]).topK(CORPUS.size()).build());
            // SimpleVectorStore's default threshold (0) leaves out texts of negative cosine, so maybe fewer than 4.
            assertThat(hits).isNotEmpty().hasSizeLessThanOrEqualTo(CORPUS.size());
            assertThat(hits.getFirst().getText()).as("best match for \"%s\": %s", qt[0], hits).isEqualTo(qt[1]);
            if (hits.size() > 1) assertThat(hits.get(0).getScore()).isGreaterThan(hits.get(1).getScore());
            assertThat(hits.getFirst().getMetadata()).containsEntry("source", "test");
        }
        // The threshold reaches SimpleVectorStore: set between the best and the second score of this model, only the
        // best is left (a fixed number would test the shipped model's geometry, not the plumbing).
        List<Document> all = vectorStore.similaritySearch(SearchRequest.builder().query("I love this song").topK(4).build());
        assertThat(all.size()).isGreaterThan(1);
        double between = (all.get(0).getScore() + all.get(1).getScore()) / 2;
        List<Document> strict = vectorStore.similaritySearch(SearchRequest.builder()
                .query("I love this song").topK(4).similarityThreshold(between).build());
        assertThat(strict).extracting(Document::getText).containsExactly(CORPUS.get(3));
    }
}
