package dev.microembed.springai;

import dev.microembed.Microembed;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingOptions;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.embedding.EmbeddingResponseMetadata;

/**
 * microembed as a Spring AI {@link EmbeddingModel}: each text becomes a unit vector (or the zero vector, for a
 * text with no known token) of {@link #dimensions()} floats, computed in-process from a static token table.
 * In a Spring Boot application {@link MicroembedAutoConfiguration} provides one; elsewhere construct it.
 *
 * <pre>{@code
 * try (MicroembedEmbeddingModel model = new MicroembedEmbeddingModel()) {   // the default model
 *     float[] v = model.embed("Der Hund schläft");
 * }
 * }</pre>
 *
 * Thread-safe. {@link #dimensions()} reads the model's config (no probe call). Request options: a
 * {@code dimensions} other than the model's is rejected ({@link IllegalArgumentException}), the {@code model}
 * name is ignored (there is one model per instance). The usage of a response counts the tokens pooled (unknown
 * tokens dropped, at most the model's token cap per text). Run the JVM with
 * {@code --add-modules jdk.incubator.vector} for the SIMD kernel; without it the bit-identical scalar kernel is used.
 */
public final class MicroembedEmbeddingModel implements EmbeddingModel, AutoCloseable {
    private final Microembed model;
    private final boolean owned;
    private final String modelName;

    /** The default model: see {@link Microembed#loadDefault()} (the model packed in the runtime jar, unless overridden). */
    public MicroembedEmbeddingModel() {
        this(Microembed.loadDefault(), true);
    }

    /** The model in folder {@code modelDir} ({@code config.json}, {@code model.safetensors}, {@code tokenizer.json}). */
    public MicroembedEmbeddingModel(Path modelDir) {
        this(Microembed.load(Objects.requireNonNull(modelDir, "modelDir is null")), true);
    }

    /** A model loaded (and closed) by the caller; {@link #close()} leaves it open. */
    public MicroembedEmbeddingModel(Microembed model) {
        this(Objects.requireNonNull(model, "model is null"), false);
    }

    private MicroembedEmbeddingModel(Microembed model, boolean owned) {
        this.model = model;
        this.owned = owned;
        Path dir = model.model().dir().getFileName();
        this.modelName = "microembed/" + (dir == null ? "model" : dir);
    }

    @Override
    public EmbeddingResponse call(EmbeddingRequest request) {
        Objects.requireNonNull(request, "request is null");
        EmbeddingOptions options = request.getOptions();
        if (options != null && options.getDimensions() != null && options.getDimensions() != model.dim())
            throw new IllegalArgumentException("dimensions " + options.getDimensions() + " requested, but " + modelName
                    + " has " + model.dim() + " (a static model cannot change its dimension per request)");
        List<String> texts = request.getInstructions();
        int[] ids = new int[model.maxTokens()];
        List<Embedding> out = new ArrayList<>(texts.size());
        int tokens = 0;
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            if (text == null) throw new IllegalArgumentException("text " + i + " of the request is null");
            float[] vector = new float[model.dim()];
            int n = model.poolingIds(text, ids);
            model.pool(ids, n, vector);
            tokens += n;
            out.add(new Embedding(vector, i));
        }
        return new EmbeddingResponse(out, new EmbeddingResponseMetadata(modelName, new DefaultUsage(tokens, 0, tokens)));
    }

    /** The embedding of the document's text ({@link #getEmbeddingContent(Document)}); a media-only document is refused. */
    @Override
    public float[] embed(Document document) {
        Objects.requireNonNull(document, "document is null");
        String text = getEmbeddingContent(document);
        if (text == null)
            throw new IllegalArgumentException("document " + document.getId() + " has no text (microembed embeds text only)");
        return embed(text);
    }

    @Override
    public float[] embed(String text) {
        Objects.requireNonNull(text, "text is null");
        return model.embed(text);
    }

    /** The model's dimension, read from its config (no probe call). */
    @Override
    public int dimensions() {
        return model.dim();
    }

    /** {@code microembed/} followed by the model folder's name; also the model name of every response. */
    public String modelName() {
        return modelName;
    }

    /** The underlying model (its tokenizer, cap and config). */
    public Microembed microembed() {
        return model;
    }

    /** Unmaps the model if this instance loaded it; a model passed in by the caller stays open. */
    @Override
    public void close() {
        if (owned) model.close();
    }

    @Override
    public String toString() {
        return "MicroembedEmbeddingModel[" + modelName + ", dim " + model.dim() + "]";
    }
}
