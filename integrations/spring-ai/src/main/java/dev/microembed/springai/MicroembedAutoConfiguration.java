package dev.microembed.springai;

import dev.microembed.Microembed;
import dev.microembed.ModelFormatException;
import java.nio.file.Path;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Spring Boot auto-configuration: a {@link Microembed} bean (the folder of property {@code microembed.model-path},
 * else the default model), closed with the context, and a {@link MicroembedEmbeddingModel} as the application's
 * Spring AI {@link EmbeddingModel}. Each backs off when the application defines a bean of that type;
 * {@code microembed.enabled=false} turns both off.
 */
@AutoConfiguration
@ConditionalOnClass({EmbeddingModel.class, Microembed.class})
@ConditionalOnProperty(prefix = "microembed", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(MicroembedProperties.class)
public class MicroembedAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public Microembed microembed(MicroembedProperties properties) {
        Path path = properties.getModelPath();
        if (path == null) return Microembed.loadDefault();
        try {
            return Microembed.load(path);
        } catch (ModelFormatException e) {
            throw new IllegalStateException("microembed.model-path=" + path + " is not a usable model folder: " + e.getMessage(), e);
        }
    }

    @Bean
    @ConditionalOnMissingBean(EmbeddingModel.class)
    public MicroembedEmbeddingModel microembedEmbeddingModel(Microembed microembed) {
        return new MicroembedEmbeddingModel(microembed);
    }
}
