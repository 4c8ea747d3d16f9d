package dev.microembed;

import java.nio.file.Path;

/**
 * The one exception a model folder raises when a file is missing, truncated, corrupt or hostile.
 * The message always names the file and the problem, so a user can act on it.
 */
public final class ModelFormatException extends RuntimeException {
    private final Path file;

    public ModelFormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public ModelFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The file that failed to load. */
    public Path file() {
        return file;
    }
}
