package dev.microembed.distill;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.microembed.Microembed;
import dev.microembed.eval.StaticEncoder;
import dev.microembed.eval.StsScorer;
import dev.microembed.model.Json;
import dev.microembed.model.SafetensorsReader;
import dev.microembed.teacher.OnnxTeacher;
import dev.microembed.teacher.Pooling;
import dev.microembed.tokenizer.TestTokenizers;
import dev.microembed.tools.ToolsMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CI pipeline test: {@code distill --config tools/configs/tiny.json} end to end, interrupted once in the
 * teacher stage and resumed, then the result loaded with the runtime and checked against the reference tokenizer.
 */
@Tag("heavy")
class TinyPipelineTest {
    /** The command line {@code microembed distill ARGS...}. */
    static String[] distill(String... args) {
        List<String> all = new ArrayList<>(List.of("distill"));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    static Path root() { return Path.of(System.getProperty("microembed.root", ".")).toAbsolutePath().normalize(); }

    @Test
    void tinyConfigRunsEndToEndResumesAfterAKillAndLoadsInTheRuntime(@TempDir Path tmp) throws Exception {
        Path config = root().resolve("tools/configs/tiny.json");
        Path work = tmp.resolve("work"), out = tmp.resolve("model");
        String[] args = {"--config", config.toString(), "--work", work.toString(), "--out", out.toString()};

        // The parallel stage reads an installed-data folder: the readers' fixture stands in for the installer's.
        System.setProperty("microembed.training_data", dev.microembed.data.Fixtures.trainingData(tmp.resolve("training-data")).toString());
        System.setProperty(TeacherEmbeddingStage.SIMULATED_KILL, "3");
        try {
            assertEquals(1, ToolsMain.run(distill(args)), "the simulated kill must stop the run");
        } finally {
            System.clearProperty(TeacherEmbeddingStage.SIMULATED_KILL);
        }
        long partialBytes = Files.size(work.resolve(TeacherEmbeddingStage.PARTIAL));
        assertTrue(partialBytes > 0, "checkpoint rows on disk");

        List<String> resumeArgs = new ArrayList<>(List.of(args));
        resumeArgs.add("--resume");
        assertEquals(0, ToolsMain.run(distill(resumeArgs.toArray(String[]::new))));
        assertFalse(Files.exists(work.resolve(TeacherEmbeddingStage.PARTIAL)), "checkpoint removed when the stage finished");

        // Rows computed before the kill equal a fresh teacher computation.
        String tokJson = Files.readString(work.resolve("tokenizer.json"));
        Artifacts.Matrix table = Artifacts.readMatrix(work.resolve("token-embeddings.safetensors"), "embeddings");
        List<String> texts = TeacherEmbeddingStage.tokenTexts(tokJson, table.rows(), "query: ");
        try (OnnxTeacher t = OnnxTeacher.e5SmallV2()) {
            int[] rows = {0, 5, 200, 300};
            float[][] fresh = t.embed(List.of(texts.get(rows[0]), texts.get(rows[1]), texts.get(rows[2]), texts.get(rows[3])), Pooling.MEAN);
            for (int k = 0; k < rows.length; k++) {
                float[] row = new float[table.cols()];
                System.arraycopy(table.data(), rows[k] * table.cols(), row, 0, table.cols());
                assertTrue(StsScorer.cosine(row, fresh[k]) > 0.9999, "row " + rows[k]);
            }
        }

        // The model folder: required files, manifest with metrics, under 10 MB.
        for (String f : List.of("model.safetensors", "tokenizer.json", "config.json", "pca.safetensors", "manifest.json"))
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        Map<?, ?> manifest = (Map<?, ?>) Json.parse(Files.readString(out.resolve("manifest.json")));
        Map<?, ?> metrics = (Map<?, ?>) manifest.get("metrics");
        assertTrue(((Map<?, ?>) metrics.get("sts_dev_spearman_x100_model_int8")).containsKey("en-de"));
        assertTrue(((Map<?, ?>) metrics.get("sts_dev_spearman_x100_teacher")).containsKey("de"));
        // Every input with its sha256: the files outside the work dir (Tatoeba too, which the train stage reads), the
        // teacher inside its jar, the installed training data per source in summary; plus the commit and the JDK.
        List<String> inputPaths = new ArrayList<>();
        List<String> trainingData = new ArrayList<>();
        for (Object o : (List<?>) manifest.get("inputs")) {
            Map<?, ?> in = (Map<?, ?>) o;
            if (in.get("training_data") != null) {
                trainingData.add((String) in.get("training_data"));
                assertTrue(((String) in.get("files_sha256")).matches("[0-9a-f]{64}"), in.toString());
            } else {
                inputPaths.add((String) in.get("path"));
                assertTrue(((String) in.get("sha256")).matches("[0-9a-f]{64}"), in.toString());
            }
        }
        for (String p : List.of("${data}/vocab/mbert-cased-vocab.txt", "${data}/sts/stsb-multi-mt/stsb-de-dev.csv",
                "${data}/sts/stsb-multi-mt/stsb-en-train.csv", "${data}/parallel/tatoeba/deu-eng.deu", "${data}/parallel/tatoeba/deu-eng.eng",
                "classpath:/e5-small-v2.onnx"))
            assertTrue(inputPaths.contains(p), p + " in " + inputPaths);
        assertEquals(inputPaths.size(), new java.util.HashSet<>(inputPaths).size(), "each input once");
        assertEquals(List.of("freedict", "debian-descriptions", "gettext", "cldr", "english_corpus"), trainingData);
        assertTrue(((String) manifest.get("git_commit")).matches("[0-9a-f]{40}|unknown"));
        assertEquals(Runtime.version().toString(), ((Map<?, ?>) manifest.get("jdk")).get("version"));
        long bytes;
        try (Stream<Path> l = Files.list(out)) { bytes = l.mapToLong(p -> p.toFile().length()).sum(); }
        assertTrue(bytes < 10_000_000, bytes + " bytes");

        // A second --resume run has nothing left to do.
        long t0 = System.nanoTime();
        assertEquals(0, ToolsMain.run(distill(resumeArgs.toArray(String[]::new))));
        assertTrue((System.nanoTime() - t0) / 1e9 < 60);

        // The runtime loads it and agrees with the reference: Hugging Face tokenizers' ids, and float pooling of the
        // dequantised int8 table.
        List<String> sentences = List.of("A man is playing a guitar.", "Ein Mann spielt Gitarre. 🎸😀", "#MAGA lol that's gonna be fun…",
                "", "   ", "日本語のテキスト", "[UNK] ##ing");
        try (Microembed me = Microembed.load(out); HuggingFaceTokenizer ref = TestTokenizers.reference(Files.readString(out.resolve("tokenizer.json")));
             SafetensorsReader r = SafetensorsReader.open(out.resolve("model.safetensors"))) {
            assertEquals(64, me.dim());
            long[] shape = r.shape("embeddings");
            Quantizer.Quantized q = new Quantizer.Quantized(r.int8("embeddings"), r.floats("scales"), (int) shape[0], (int) shape[1]);
            StaticEncoder refEnc = new StaticEncoder(me.tokenizer(), q.dequantize().data(), (int) shape[1], r.has("weights") ? r.floats("weights") : null);
            float[][] expected = refEnc.apply(sentences);
            for (int i = 0; i < sentences.size(); i++) {
                String s = sentences.get(i);
                assertArrayEquals(TestTokenizers.referenceIds(ref, s), me.tokenizer().encode(s), "token ids of '" + s + "'");
                float[] v = me.embed(s);
                boolean zero = true;
                for (float x : expected[i]) zero &= x == 0;
                if (zero) for (float x : v) assertEquals(0f, x);
                else assertTrue(Microembed.cosine(v, expected[i]) > 0.99999, s);
            }
        }
    }
}
