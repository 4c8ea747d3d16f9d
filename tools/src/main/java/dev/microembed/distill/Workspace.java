package dev.microembed.distill;

import dev.microembed.model.Json;
import dev.microembed.model.SafetensorsWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The work directory of one config ({@code .distill-work/<name>/} by default) and the pipeline's memory:
 * {@code pipeline.json} records, per stage, whether it finished, how long it took and the metrics it measured,
 * so {@code --resume} and {@code --only} runs add up to one manifest.
 */
public final class Workspace {
    private final DistillConfig config;
    private final Path dir, outDir;
    private final Map<String, Object> state;
    private final PrintStream log;

    @SuppressWarnings("unchecked")
    public Workspace(DistillConfig config, Path dir, Path outDir, PrintStream log) throws IOException {
        this.config = config;
        this.dir = dir.toAbsolutePath().normalize();
        this.outDir = outDir.toAbsolutePath().normalize();
        this.log = log;
        Files.createDirectories(this.dir);
        Path f = this.dir.resolve("pipeline.json");
        Map<String, Object> s = new LinkedHashMap<>();
        if (Files.isRegularFile(f)) {
            try {
                s = (Map<String, Object>) Json.parse(Files.readString(f));
            } catch (RuntimeException e) {
                log.println("warning: ignoring unreadable " + f + ": " + e.getMessage());
            }
        }
        s.computeIfAbsent("stages", k -> new LinkedHashMap<String, Object>());
        this.state = s;
    }

    public DistillConfig config() { return config; }
    public Path dir() { return dir; }
    public Path outDir() { return outDir; }
    public PrintStream log() { return log; }

    public Path file(String name) { return dir.resolve(name); }

    public boolean exists(String name) { return Files.isRegularFile(dir.resolve(name)); }

    @SuppressWarnings("unchecked")
    public synchronized Map<String, Object> stageState(String stage) {
        return (Map<String, Object>) ((Map<String, Object>) state.get("stages"))
                .computeIfAbsent(stage, k -> new LinkedHashMap<String, Object>());
    }

    /** The metrics map of a stage; changes are persisted by {@link #save()}. */
    @SuppressWarnings("unchecked")
    public synchronized Map<String, Object> metrics(String stage) {
        return (Map<String, Object>) stageState(stage).computeIfAbsent("metrics", k -> new LinkedHashMap<String, Object>());
    }

    @SuppressWarnings("unchecked")
    public synchronized Map<String, Object> stages() { return (Map<String, Object>) state.get("stages"); }

    public synchronized void save() throws IOException {
        SafetensorsWriter.writeAtomically(dir.resolve("pipeline.json"), (Json.write(state, true) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    public void writeJson(String name, Object value) throws IOException {
        SafetensorsWriter.writeAtomically(dir.resolve(name), (Json.write(value, true) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    public Object readJson(String name) throws IOException {
        return Json.parse(Files.readString(dir.resolve(name)));
    }

    public void writeString(String name, String text) throws IOException {
        SafetensorsWriter.writeAtomically(dir.resolve(name), text.getBytes(StandardCharsets.UTF_8));
    }
}
