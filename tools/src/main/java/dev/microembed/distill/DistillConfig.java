package dev.microembed.distill;

import dev.microembed.eval.StsScorer;
import dev.microembed.model.Json;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A distillation config ({@code tools/configs/*.json}): a JSON object of sections, read with defaults.
 * Paths are relative to the repository root; {@code ${data}} expands to the shared data folder
 * ({@code ../shared/data} next to the checkout, or {@code <microembed.shared>/data} when that system property is set);
 * {@code ${training_data}} to the folder {@code scripts/install-training-data.sh} installs into by default (system property
 * {@code microembed.training_data}, else environment variable {@code MICROEMBED_TRAINING_DATA}, else
 * {@code ~/.cache/microembed/training-data}).
 * A path component may contain {@code *} wildcards; matches are sorted so runs are reproducible.
 */
public final class DistillConfig {
    private final Map<String, Object> root;
    private final Path file, repoRoot, dataDir;

    private DistillConfig(Map<String, Object> root, Path file, Path repoRoot, Path dataDir) {
        this.root = root;
        this.file = file;
        this.repoRoot = repoRoot;
        this.dataDir = dataDir;
    }

    @SuppressWarnings("unchecked")
    public static DistillConfig load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("config file not found: " + file);
        Object o;
        try {
            o = Json.parse(Files.readString(file));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        if (!(o instanceof Map)) throw new IllegalArgumentException(file + ": the config must be a JSON object");
        Path root = repoRoot();
        String shared = System.getProperty("microembed.shared");
        Path data = shared != null ? Path.of(shared).resolve("data") : root.resolve("../shared/data");
        return new DistillConfig((Map<String, Object>) o, file, root, data.normalize().toAbsolutePath());
    }

    /** The checkout: system property microembed.home (set by the launcher) or microembed.root (tests), else the working directory. */
    public static Path repoRoot() {
        String p = System.getProperty("microembed.home", System.getProperty("microembed.root", "."));
        return Path.of(p).toAbsolutePath().normalize();
    }

    public Path file() { return file; }
    public Path root() { return repoRoot; }
    public Path dataDir() { return dataDir; }
    public Map<String, Object> raw() { return root; }

    public String name() {
        String n = file.getFileName().toString();
        return str(root, "name", n.endsWith(".json") ? n.substring(0, n.length() - 5) : n);
    }

    /** A section (empty when absent). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> section(String key) {
        Object o = root.get(key);
        if (o == null) return new LinkedHashMap<>();
        if (!(o instanceof Map)) throw bad(key, "must be an object");
        return (Map<String, Object>) o;
    }

    public boolean has(String key) { return root.get(key) != null; }

    public IllegalArgumentException bad(String key, String what) {
        return new IllegalArgumentException(file + ": \"" + key + "\" " + what);
    }

    public String str(Map<String, Object> s, String key, String def) {
        Object o = s.get(key);
        if (o == null) return def;
        if (!(o instanceof String v)) throw bad(key, "must be a string");
        return v;
    }

    public int integer(Map<String, Object> s, String key, int def) {
        Object o = s.get(key);
        if (o == null) return def;
        if (!(o instanceof Long v) || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) throw bad(key, "must be an integer");
        return (int) (long) v;
    }

    public double number(Map<String, Object> s, String key, double def) {
        Object o = s.get(key);
        if (o == null) return def;
        if (!(o instanceof Number v)) throw bad(key, "must be a number");
        return v.doubleValue();
    }

    public boolean bool(Map<String, Object> s, String key, boolean def) {
        Object o = s.get(key);
        if (o == null) return def;
        if (!(o instanceof Boolean v)) throw bad(key, "must be true or false");
        return v;
    }

    public List<String> strings(Map<String, Object> s, String key, List<String> def) {
        Object o = s.get(key);
        if (o == null) return def;
        if (!(o instanceof List<?> l)) throw bad(key, "must be an array of strings");
        List<String> out = new ArrayList<>();
        for (Object x : l) {
            if (!(x instanceof String v)) throw bad(key, "must be an array of strings");
            out.add(v);
        }
        return out;
    }

    public List<Double> numbers(Map<String, Object> s, String key, List<Double> def) {
        Object o = s.get(key);
        if (o == null) return def;
        if (!(o instanceof List<?> l)) throw bad(key, "must be an array of numbers");
        List<Double> out = new ArrayList<>();
        for (Object x : l) {
            if (!(x instanceof Number v)) throw bad(key, "must be an array of numbers");
            out.add(v.doubleValue());
        }
        return out;
    }

    /** The STS dev languages scored by default: English and the ten languages of stsb-multi-mt. */
    public static final List<String> STS_LANGUAGES = List.of("en", "de", "es", "fr", "it", "ja", "nl", "pl", "pt", "ru", "zh");

    /**
     * The STS dev sets of the {@code "eval"} section, which the stages select and report with: {@code sts_dir} (default
     * {@code ${data}/sts/stsb-multi-mt}), {@code languages}, {@code max_pairs} per language (0 = all), {@code cross}.
     */
    public StsScorer devSts() throws IOException {
        Map<String, Object> s = section("eval");
        return StsScorer.read(devStsDir(), strings(s, "languages", STS_LANGUAGES), integer(s, "max_pairs", 0), bool(s, "cross", true));
    }

    /** The folder of the STS dev files ({@code "eval".sts_dir}). */
    public Path devStsDir() { return path(str(section("eval"), "sts_dir", "${data}/sts/stsb-multi-mt")); }

    /** The STS dev files {@link #devSts} reads, as stage inputs. */
    public List<String> devStsFiles() {
        List<String> out = new ArrayList<>();
        for (String l : strings(section("eval"), "languages", STS_LANGUAGES)) out.add(StsScorer.devFile(devStsDir(), l).toString());
        return out;
    }

    /** The {@code "teacher".model} as {@code OnnxTeacher.byName} takes it: a name, or a folder path resolved against the checkout. */
    public String teacher() {
        String model = str(section("teacher"), "model", "e5-small-v2");
        return model.startsWith("/") || model.startsWith(".") ? path(model).toString() : model;
    }

    /** The installed training data folder that {@code ${training_data}} names (see the class comment). */
    public static Path trainingDataDir() {
        String p = System.getProperty("microembed.training_data");
        if (p == null || p.isEmpty()) p = System.getenv("MICROEMBED_TRAINING_DATA");
        if (p == null || p.isEmpty()) p = Path.of(System.getProperty("user.home"), ".cache", "microembed", "training-data").toString();
        return Path.of(p).toAbsolutePath().normalize();
    }

    /** A path from the config: ${data} and ${training_data} expanded, relative paths against the repository root. */
    public Path path(String spec) {
        String s = spec.replace("${data}", dataDir.toString());
        if (s.contains("${training_data}")) s = s.replace("${training_data}", trainingDataDir().toString());
        Path p = Path.of(s);
        return (p.isAbsolute() ? p : repoRoot.resolve(p)).normalize();
    }

    /** Expands a path pattern with {@code *} wildcards into the sorted list of existing regular files. */
    public List<Path> glob(String spec) throws IOException {
        Path p = path(spec);
        if (!p.toString().contains("*")) {
            if (!Files.isRegularFile(p)) throw new IllegalArgumentException(file + ": input file not found: " + p);
            return List.of(p);
        }
        Path base = p.getRoot();
        int firstWild = 0;
        for (; firstWild < p.getNameCount(); firstWild++) {
            if (p.getName(firstWild).toString().contains("*")) break;
            base = base.resolve(p.getName(firstWild));
        }
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + p);
        List<Path> out = new ArrayList<>();
        if (Files.isDirectory(base)) {
            try (Stream<Path> walk = Files.walk(base, p.getNameCount() - firstWild)) {
                walk.filter(Files::isRegularFile).filter(m::matches).sorted().forEach(out::add);
            }
        }
        if (out.isEmpty()) throw new IllegalArgumentException(file + ": no input file matches " + p);
        return out;
    }
}
