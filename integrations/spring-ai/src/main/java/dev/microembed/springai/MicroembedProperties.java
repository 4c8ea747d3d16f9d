package dev.microembed.springai;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings under {@code microembed.*}. */
@ConfigurationProperties(prefix = "microembed")
public class MicroembedProperties {
    /** Whether to provide the microembed beans at all (default true). */
    private boolean enabled = true;

    /** A model folder (config.json, model.safetensors, tokenizer.json); unset: the default model. */
    private Path modelPath;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Path getModelPath() {
        return modelPath;
    }

    public void setModelPath(Path modelPath) {
        this.modelPath = modelPath;
    }
}
