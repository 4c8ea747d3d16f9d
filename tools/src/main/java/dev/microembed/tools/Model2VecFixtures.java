package dev.microembed.tools;

import dev.microembed.model.Json;
import dev.microembed.model.Model2VecExport;
import dev.microembed.model.SafetensorsWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes the Model2Vec folders the runtime's (and the WebAssembly port's) tests load from
 * {@code runtime/src/test/resources/dev/microembed/model2vec/}: three exports of the runtime's {@code tiny} fixture by
 * {@code export --format model2vec} ({@code wordpiece-f32}: float32; {@code wordpiece-i8}: int8 with one global scale;
 * {@code wordpiece-vocab-quantised}: float16 rows clustered into 40 centroids with mapping and weights) and
 * {@code unigram-f16}: the committed SentencePiece tokenizer {@code tokenizers/spm-unigram-4k.json} with a seeded
 * random F16 table [4000, 16] (no teacher involved; it tests loading and arithmetic, not quality). Deterministic;
 * {@code Model2VecFixturesTest} fails when the committed copy differs. Regenerate from the checkout:
 * {@code java -cp "tools/target/microembed-tools.jar:tools/target/lib/*" dev.microembed.tools.Model2VecFixtures}.
 */
public final class Model2VecFixtures {
    public static final String DIR = "runtime/src/test/resources/dev/microembed/model2vec";
    public static final List<String> FOLDERS = List.of("wordpiece-f32", "wordpiece-i8", "wordpiece-vocab-quantised", "unigram-f16");

    private Model2VecFixtures() {}

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        writeAll(root.resolve(RuntimeFixtures.DIR).resolve("tiny"), root.resolve(DIR), root.resolve(DIR));
        System.out.println("wrote the Model2Vec fixtures to " + root.resolve(DIR));
    }

    /** Writes the folders into {@code out}, from the tiny fixture and the committed tokenizers under {@code committed}. */
    public static void writeAll(Path tiny, Path committed, Path out) throws IOException {
        Model2VecExport.export(tiny, out.resolve("wordpiece-f32"), "float32", 0);
        Model2VecExport.export(tiny, out.resolve("wordpiece-i8"), "int8", 0);
        Model2VecExport.export(tiny, out.resolve("wordpiece-vocab-quantised"), "float16", 40);
        Path uni = Files.createDirectories(out.resolve("unigram-f16"));
        int rows = 4000, dim = 16;
        Random r = new Random(11);
        float[] table = new float[rows * dim];
        for (int i = 0; i < table.length; i++) table[i] = (float) r.nextGaussian();
        new SafetensorsWriter().float16("embeddings", table, rows, dim).write(uni.resolve("model.safetensors"));
        Files.copy(committed.resolve("tokenizers/spm-unigram-4k.json"), uni.resolve("tokenizer.json"), StandardCopyOption.REPLACE_EXISTING);
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("model_type", "model2vec");
        cfg.put("architectures", List.of("StaticModel"));
        cfg.put("tokenizer_name", "spm-unigram-4k (microembed test fixture)");
        cfg.put("apply_pca", (long) dim);
        cfg.put("apply_zipf", true);
        cfg.put("hidden_dim", (long) dim);
        cfg.put("seq_length", 1000000L);
        cfg.put("normalize", true);
        cfg.put("embedding_dtype", "float16");
        Files.writeString(uni.resolve("config.json"), Json.write(cfg, true) + "\n");
    }
}
