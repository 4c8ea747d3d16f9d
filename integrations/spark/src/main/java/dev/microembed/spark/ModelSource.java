package dev.microembed.spark;

import dev.microembed.Microembed;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Objects;
import org.apache.spark.SparkFiles;

/**
 * Where an executor finds its model. Serializable and tiny: it travels with each task, and every executor JVM
 * resolves it to a local folder and loads that folder once ({@link ExecutorModels}).
 *
 * <ul>
 *   <li>{@link #defaultModel()}: what {@link Microembed#loadDefault()} finds on the executor (system property
 *       {@code microembed.model}, then {@code vocab/} under {@code microembed.home} or the working directory,
 *       then the model packed in the runtime jar, unpacked once per machine into the cache folder).</li>
 *   <li>{@link #path(String)}: a model folder that every executor can read at the same local path (a shared
 *       file system, a volume, a container image). It is memory-mapped, so it must be a local path, not hdfs:// or s3://.</li>
 *   <li>{@link #sparkFile(String)}: a folder shipped by Spark — {@code sc.addFile(dir, true)} or
 *       {@code --archives model.zip#name} — found on each executor with {@link SparkFiles#get(String)}.</li>
 * </ul>
 */
public final class ModelSource implements Serializable {
    private static final long serialVersionUID = 1L;

    enum Kind { DEFAULT, PATH, SPARK_FILE }

    private final Kind kind;
    private final String location;

    private ModelSource(Kind kind, String location) {
        this.kind = kind;
        this.location = location;
    }

    /** The executor's default model (the model packed in the runtime jar unless a system property says otherwise). */
    public static ModelSource defaultModel() {
        return new ModelSource(Kind.DEFAULT, "");
    }

    /** A model folder at this local path on every executor. */
    public static ModelSource path(String dir) {
        if (Objects.requireNonNull(dir, "dir").isBlank()) throw new IllegalArgumentException("empty model path");
        return new ModelSource(Kind.PATH, dir);
    }

    /** A model folder shipped with {@code addFile(dir, true)}, {@code addArchive} or {@code --archives}, by its file name. */
    public static ModelSource sparkFile(String name) {
        if (Objects.requireNonNull(name, "name").isBlank() || name.contains("/")) {
            throw new IllegalArgumentException("a SparkFiles name is a bare file name, not a path: '" + name + "'");
        }
        return new ModelSource(Kind.SPARK_FILE, name);
    }

    /** The local folder this source names in the current JVM (for the packed default model: unpacking it first). */
    Path resolve() {
        return switch (kind) {
            case DEFAULT -> Microembed.defaultModelDir();
            case PATH -> Path.of(location);
            case SPARK_FILE -> Path.of(SparkFiles.get(location));
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelSource m && m.kind == kind && m.location.equals(location);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + location.hashCode();
    }

    @Override
    public String toString() {
        return switch (kind) {
            case DEFAULT -> "default model";
            case PATH -> "model folder " + location;
            case SPARK_FILE -> "SparkFiles " + location;
        };
    }
}
