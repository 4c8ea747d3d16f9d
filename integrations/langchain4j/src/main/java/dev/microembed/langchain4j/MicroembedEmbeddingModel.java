package dev.microembed.langchain4j;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.model.output.TokenUsage;
import dev.microembed.Microembed;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * microembed as a langchain4j {@link EmbeddingModel}: each {@link TextSegment}'s text becomes a unit vector
 * (or the zero vector, for a text with no known token) of {@link #dimension()} floats, computed in-process
 * from a static token table; nothing is sent anywhere.
 *
 * <pre>{@code
 * try (MicroembedEmbeddingModel model = new MicroembedEmbeddingModel()) {   // the default model
 *     Embedding e = model.embed("Der Hund schläft").content();
 * }
 * }</pre>
 *
 * Thread-safe: one instance serves any number of threads. Per-call parameters of langchain4j's
 * {@code EmbeddingRequest} (such as {@code dimensions}) are not supported, so langchain4j rejects a request
 * that sets them. The {@link TokenUsage} of a response counts the tokens that were pooled (unknown tokens
 * dropped, at most the model's token cap per text). Run the JVM with {@code --add-modules jdk.incubator.vector}
 * for the SIMD kernel; without it the bit-identical scalar kernel is used.
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

    /**
     * A model loaded (and closed) by the caller; {@link #close()} leaves it open, so one {@link Microembed}
     * can back several adapters.
     */
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
    public Response<List<Embedding>> embedAll(List<TextSegment> textSegments) {
        Objects.requireNonNull(textSegments, "textSegments is null");
        int[] ids = new int[model.maxTokens()];
        List<Embedding> out = new ArrayList<>(textSegments.size());
        int tokens = 0;
        for (int i = 0; i < textSegments.size(); i++) {
            TextSegment segment = textSegments.get(i);
            if (segment == null) throw new IllegalArgumentException("textSegments[" + i + "] is null");
            float[] vector = new float[model.dim()];
            int n = model.poolingIds(segment.text(), ids);
            model.pool(ids, n, vector);
            tokens += n;
            out.add(new Embedding(vector));
        }
        return Response.from(out, new TokenUsage(tokens));
    }

    /** The model's dimension, read from its config (no probe call). */
    @Override
    public int dimension() {
        return model.dim();
    }

    /** {@code microembed/} followed by the model folder's name. */
    @Override
    public String modelName() {
        return modelName;
    }

    /** The underlying model (its tokenizer, cap and config). */
    public Microembed microembed() {
        return model;
    }

    /** Unmaps the model if this adapter loaded it; a model passed in by the caller stays open. */
    @Override
    public void close() {
        if (owned) model.close();
    }

    @Override
    public String toString() {
        return "MicroembedEmbeddingModel[" + modelName + ", dim " + model.dim() + "]";
    }
}
