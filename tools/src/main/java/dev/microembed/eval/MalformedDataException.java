package dev.microembed.eval;

import java.nio.file.Path;

/** Bad evaluation input: names the file, the 1-based line and what is wrong with it. */
public final class MalformedDataException extends IllegalArgumentException {
    private final String file;
    private final int line;

    public MalformedDataException(String file, int line, String reason) {
        super(file + ":" + line + ": " + reason);
        this.file = file;
        this.line = line;
    }

    public MalformedDataException(Path file, int line, String reason) {
        this(file.toString(), line, reason);
    }

    /** The file (or source name) the problem was found in. */
    public String file() {
        return file;
    }

    /** 1-based line number, or 0 when the problem concerns the whole file. */
    public int line() {
        return line;
    }
}
