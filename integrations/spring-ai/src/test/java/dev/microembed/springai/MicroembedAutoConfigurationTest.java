package dev.microembed.springai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.microembed.Microembed;
import dev.microembed.ModelFormatException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The auto-configuration in real (small) Spring contexts, found the way Boot finds it: through the imports file. */
class MicroembedAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MicroembedAutoConfiguration.class));

    @Test
    void registeredInTheAutoConfigurationImportsFile() throws Exception {
        try (var in = getClass().getResourceAsStream("/META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports")) {
            assertThat(new String(in.readAllBytes()).lines().map(String::strip)).contains(MicroembedAutoConfiguration.class.getName());
        }
    }

    @Test
    void providesTheDefaultModelAsTheEmbeddingModel() {
        runner.run(ctx -> {
            assertThat(ctx).hasSingleBean(Microembed.class).hasSingleBean(EmbeddingModel.class);
            EmbeddingModel model = ctx.getBean(EmbeddingModel.class);
            assertThat(model).isInstanceOf(MicroembedEmbeddingModel.class);
            assertThat(model.dimensions()).isEqualTo(64);
            assertThat(ctx.getBean(Microembed.class).model().dir()).isEqualTo(Microembed.defaultModelDir());
        });
    }

    @Test
    void modelPathPropertyPicksTheFolder() {
        Path dir = Microembed.defaultModelDir().toAbsolutePath(); // a real model folder on disk
        runner.withPropertyValues("microembed.model-path=" + dir).run(ctx -> {
            assertThat(ctx.getBean(MicroembedProperties.class).getModelPath()).isEqualTo(dir);
            assertThat(ctx.getBean(Microembed.class).model().dir()).isEqualTo(dir);
            assertThat(ctx.getBean(EmbeddingModel.class).embed("Hund")).hasSize(64);
        });
    }

    @Test
    void aBadModelPathFailsStartupNamingThePropertyAndTheFile(@TempDir Path empty) {
        runner.withPropertyValues("microembed.model-path=" + empty).run(ctx -> {
            assertThat(ctx).hasFailed();
            Throwable failure = ctx.getStartupFailure();
            assertThat(failure).rootCause().isInstanceOf(ModelFormatException.class);
            assertThat(failure).hasStackTraceContaining("microembed.model-path=" + empty).hasStackTraceContaining("config.json");
        });
    }

    @Test
    void backsOffForAnApplicationsOwnEmbeddingModel() {
        runner.withUserConfiguration(OwnEmbeddingModel.class).run(ctx -> {
            assertThat(ctx).hasSingleBean(EmbeddingModel.class);
            assertThat(ctx.getBean(EmbeddingModel.class)).isInstanceOf(ConstantModel.class);
        });
    }

    @Test
    void reusesAnApplicationsOwnMicroembed() {
        runner.withUserConfiguration(OwnMicroembed.class).run(ctx -> {
            assertThat(ctx).hasSingleBean(Microembed.class);
            MicroembedEmbeddingModel model = ctx.getBean(MicroembedEmbeddingModel.class);
            assertThat(model.microembed()).isSameAs(ctx.getBean(Microembed.class));
        });
    }

    @Test
    void canBeSwitchedOff() {
        runner.withPropertyValues("microembed.enabled=false").run(ctx ->
                assertThat(ctx).doesNotHaveBean(Microembed.class).doesNotHaveBean(EmbeddingModel.class));
    }

    @Test
    void closingTheContextClosesTheModel() {
        AtomicReference<Microembed> seen = new AtomicReference<>();
        runner.run(ctx -> seen.set(ctx.getBean(Microembed.class)));
        assertThrows(IllegalStateException.class, () -> seen.get().embed("after close"));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnEmbeddingModel {
        @Bean
        EmbeddingModel constantModel() {
            return new ConstantModel();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnMicroembed {
        @Bean(destroyMethod = "close")
        Microembed myMicroembed() {
            return Microembed.load(Microembed.defaultModelDir());
        }
    }

    /** An application's own (trivial) EmbeddingModel, only to see the auto-configuration step aside. */
    static final class ConstantModel implements EmbeddingModel {
        @Override
        public EmbeddingResponse call(EmbeddingRequest request) {
            return new EmbeddingResponse(request.getInstructions().stream().map(t -> new Embedding(new float[] {1f}, 0)).toList());
        }

        @Override
        public float[] embed(Document document) {
            return new float[] {1f};
        }

        @Override
        public List<float[]> embed(List<String> texts) {
            return texts.stream().map(t -> new float[] {1f}).toList();
        }
    }
}
