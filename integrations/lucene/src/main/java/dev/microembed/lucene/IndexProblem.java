package dev.microembed.lucene;

/**
 * Why an index cannot be built or opened, in words a user can act on (the commands print the message and
 * exit with 1): a missing or unreadable file, a directory that is not a microembed index, an index built
 * with another model, a finished index that would be overwritten without {@code --force}.
 */
public final class IndexProblem extends RuntimeException {
    public IndexProblem(String message) {
        super(message);
    }

    public IndexProblem(String message, Throwable cause) {
        super(message, cause);
    }
}
