package dev.microembed.cli;

/** Bad command-line arguments: the CLI prints the message and the usage and exits with code 2. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
