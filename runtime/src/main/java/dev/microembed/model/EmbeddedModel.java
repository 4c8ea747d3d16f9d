package dev.microembed.model;

import dev.microembed.ModelFormatException;
import dev.microembed.json.JsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * The default model packed inside the runtime jar (the build copies {@code vocab/} to
 * {@code dev/microembed/default-model/}). A memory map needs a real file, so the first use unpacks it
 * once into a cache folder named after the checksum of its {@code config.json}; later loads map that
 * folder directly. The unpacked files are verified by {@link ModelFolder} like any other model.
 */
public final class EmbeddedModel {
    static final String RESOURCE_DIR = "/dev/microembed/default-model/";

    private EmbeddedModel() {}

    /** True when this jar carries a default model. */
    public static boolean present() {
        return EmbeddedModel.class.getResource(RESOURCE_DIR + ModelFolder.CONFIG) != null;
    }

    /** The unpacked folder (unpacking on first use), under {@code cacheRoot}. */
    public static Path unpack(Path cacheRoot) {
        byte[] config = read(ModelFolder.CONFIG);
        Path dir = cacheRoot.resolve("default-" + ModelFolder.sha256(config).substring(0, 16));
        if (Files.isRegularFile(dir.resolve(ModelFolder.CONFIG))) return dir;
        try {
            Files.createDirectories(cacheRoot);
            Path tmp = Files.createTempDirectory(cacheRoot, ".unpack");
            Object files = ((Map<?, ?>) ((Map<?, ?>) JsonReader.parse(config)).get("microembed")).get("files");
            for (Object name : ((Map<?, ?>) files).keySet()) {
                try (InputStream in = open(name.toString())) {
                    Files.copy(in, tmp.resolve(name.toString()));
                }
            }
            Files.write(tmp.resolve(ModelFolder.CONFIG), config); // last: its presence marks a complete folder
            try {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) { // another process unpacked it first
                if (!Files.isRegularFile(dir.resolve(ModelFolder.CONFIG))) throw raced;
            }
            return dir;
        } catch (IOException | RuntimeException e) {
            throw new ModelFormatException(dir, "cannot unpack the default model packed in the jar: " + e.getMessage(), e);
        }
    }

    private static byte[] read(String name) {
        try (InputStream in = open(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ModelFormatException(Path.of(RESOURCE_DIR + name), "unreadable in the jar: " + e.getMessage(), e);
        }
    }

    private static InputStream open(String name) {
        InputStream in = EmbeddedModel.class.getResourceAsStream(RESOURCE_DIR + name);
        if (in == null) throw new ModelFormatException(Path.of(RESOURCE_DIR + name), "missing from the jar");
        return in;
    }
}
