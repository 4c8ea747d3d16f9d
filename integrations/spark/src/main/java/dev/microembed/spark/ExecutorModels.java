package dev.microembed.spark;

import dev.microembed.Microembed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The models of this JVM: one {@link Microembed} per model folder, loaded (memory-mapped) on first use and
 * shared by every task thread of the executor for the JVM's lifetime. {@link Microembed} is thread-safe, so
 * concurrent tasks embed with one instance; {@link ConcurrentHashMap#computeIfAbsent} makes the first tasks
 * wait for a single load instead of mapping the table several times. Entries are keyed by the folder's real
 * path, so the default model and {@code ModelSource.path} of the same folder share one instance.
 */
public final class ExecutorModels {
    private static final ConcurrentHashMap<Path, Microembed> MODELS = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<ModelSource, Path> RESOLVED = new ConcurrentHashMap<>();
    private static final AtomicInteger LOADS = new AtomicInteger();

    private ExecutorModels() {}

    /** The model for {@code source} in this JVM, loading it the first time. */
    public static Microembed get(ModelSource source) {
        Path dir = RESOLVED.computeIfAbsent(source, ExecutorModels::realPath);
        return MODELS.computeIfAbsent(dir, d -> {
            LOADS.incrementAndGet();
            return Microembed.load(d);
        });
    }

    /** How many models this JVM has loaded so far (tests check that tasks share one). */
    public static int loads() {
        return LOADS.get();
    }

    private static Path realPath(ModelSource source) {
        Path dir = source.resolve();
        try {
            return Files.exists(dir) ? dir.toRealPath() : dir.toAbsolutePath().normalize();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve " + source + " (" + dir + ")", e);
        }
    }
}
