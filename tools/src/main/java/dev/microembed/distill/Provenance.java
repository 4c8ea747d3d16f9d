package dev.microembed.distill;

import dev.microembed.model.ModelFolder;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What {@code manifest.json} records about where a model came from: every input the stages declare
 * ({@link Stage#inputs}) that is not a work-dir artifact, with its sha256 and size; the installed training data in
 * summary (per source the number of files read and a digest of their sha256s, as the parallel stage recorded them);
 * the git commit of the checkout and the JDK.
 */
final class Provenance {
    private Provenance() {}

    /** The manifest's {@code "inputs"}: files and classpath resources in stage order (each once), then the training data. */
    static List<Object> inputs(Workspace ws, List<Stage> stages) throws IOException {
        DistillConfig c = ws.config();
        List<Object> out = new ArrayList<>();
        LinkedHashSet<String> seen = new LinkedHashSet<>();
        for (Stage st : stages)
            for (String in : st.inputs()) {
                // Work-dir artifacts are products of earlier stages; folders are summarised below by the stage that read them.
                if (Stage.inWorkDir(in) || in.endsWith("/")) continue;
                boolean resource = in.startsWith(Stage.CLASSPATH);
                String key = resource ? in : Path.of(in).toAbsolutePath().normalize().toString(); // one file, however spelled
                if (seen.add(key)) out.add(resource ? resource(in) : file(c, Path.of(key)));
            }
        out.addAll(trainingData(c, ws.metrics("parallel")));
        return out;
    }

    private static Map<String, Object> file(DistillConfig c, Path p) throws IOException {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("path", display(c, p));
        e.put("sha256", ModelFolder.sha256(p));
        e.put("bytes", Files.size(p));
        return e;
    }

    /** A classpath resource (the teacher inside its jar): the jar it came from, its sha256 and size. */
    private static Map<String, Object> resource(String input) throws IOException {
        String name = input.substring(Stage.CLASSPATH.length());
        URL url = Provenance.class.getResource(name);
        if (url == null) throw new IllegalStateException(name + " is not on the classpath");
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("path", input);
        String u = url.toString();
        if (u.startsWith("jar:") && u.contains("!/")) e.put("jar", Path.of(u.substring(0, u.indexOf("!/"))).getFileName().toString());
        try (InputStream in = url.openStream()) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            long bytes = 0;
            for (int n; (n = in.read(buf)) > 0; bytes += n) md.update(buf, 0, n);
            // The one streaming sha256: a resource inside a jar has no file for ModelFolder.sha256(Path) to map.
            e.put("sha256", HexFormat.of().formatHex(md.digest()));
            e.put("bytes", bytes);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
        return e;
    }

    /**
     * The installed training data the parallel stage read, from its metrics: per source and for the English corpus the
     * folder, the number of files read, {@code files_sha256} (sha256 of their sorted {@code path sha256} lines, paths
     * relative to the installed folder; the full list is in the work dir's {@code parallel-report.json}) and the packages
     * with their versions.
     */
    private static List<Object> trainingData(DistillConfig c, Map<String, Object> parallel) {
        List<Object> out = new ArrayList<>();
        if (!(parallel.get("dir") instanceof String dir)) return out;
        Map<String, Object> parts = new LinkedHashMap<>();
        if (parallel.get("sources") instanceof Map<?, ?> sources) for (var e : sources.entrySet()) parts.put((String) e.getKey(), e.getValue());
        if (parallel.get("english_corpus") != null) parts.put("english_corpus", parallel.get("english_corpus"));
        for (var e : parts.entrySet()) {
            if (!(e.getValue() instanceof Map<?, ?> m)) continue;
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("training_data", e.getKey());
            entry.put("dir", display(c, e.getKey().equals("english_corpus") ? Path.of(dir) : Path.of(dir).resolve(e.getKey())));
            entry.put("files", m.get("files"));
            entry.put("files_sha256", m.get("files_sha256"));
            entry.put("packages", m.get("packages"));
            out.add(entry);
        }
        return out;
    }

    /** {@code git rev-parse HEAD} in the checkout, or "unknown" (no git, not a checkout). */
    static String gitCommit(Path root) {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "HEAD").directory(root.toFile()).redirectErrorStream(true).start();
            String outText = new String(p.getInputStream().readAllBytes()).strip();
            if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && outText.matches("[0-9a-f]{40}")) return outText;
        } catch (IOException e) {
            // no git on this machine
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "unknown";
    }

    /** The JDK that built the model. */
    static Map<String, Object> jdk() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", Runtime.version().toString());
        m.put("vendor", System.getProperty("java.vendor"));
        return m;
    }

    /**
     * Paths as the manifest shows them, so it does not depend on the machine: under the shared data folder
     * {@code ${data}/...}, under the installed training data {@code ${training_data}/...}, inside the checkout relative to it.
     */
    static String display(DistillConfig c, Path p) {
        Path abs = p.toAbsolutePath().normalize();
        if (abs.startsWith(c.dataDir())) return "${data}/" + c.dataDir().relativize(abs);
        if (abs.startsWith(DistillConfig.trainingDataDir())) return ("${training_data}/" + DistillConfig.trainingDataDir().relativize(abs)).replaceAll("/$", "");
        if (abs.startsWith(c.root())) return c.root().relativize(abs).toString();
        return abs.toString();
    }
}
