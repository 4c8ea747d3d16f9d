package dev.microembed.data;

import dev.microembed.model.ModelFolder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The installed training-data folder and its {@code sources.tsv} (written by {@code scripts/install-training-data.sh}:
 * {@code kind \t package \t version \t file \t sha256}, file relative to the folder). Every file a reader uses is read
 * through {@link #read(Path)}, which hashes it and remembers it for the report; a file whose SHA-256 differs from the one
 * the installer recorded is an error (the data changed under the recorded versions).
 */
public final class InstalledFiles {
    public static final String INSTALLER = "scripts/install-training-data.sh";

    /** One line of sources.tsv. */
    public record Source(String kind, String pkg, String version, String file, String sha256) {}

    /** A file that was read: path relative to the folder, its SHA-256, and its package and version when recorded. */
    public record Read(String file, String sha256, String pkg, String version) {}

    private final Path dir;
    private final Map<String, Source> sources = new LinkedHashMap<>();
    private final Map<String, Read> read = new TreeMap<>();

    public InstalledFiles(Path dir) throws IOException {
        this.dir = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(this.dir))
            throw new IllegalStateException("training data folder " + this.dir + " not found: install it with " + INSTALLER
                    + " " + this.dir + " (see docs/training-data.md)");
        Path tsv = this.dir.resolve("sources.tsv");
        if (Files.isRegularFile(tsv)) {
            int n = 0;
            for (String line : Files.readAllLines(tsv, StandardCharsets.UTF_8)) {
                n++;
                if (line.isBlank() || (n == 1 && line.startsWith("kind\t"))) continue;
                String[] f = line.split("\t", -1);
                if (f.length != 5) throw new IllegalStateException(tsv + ":" + n + ": expected 5 tab-separated fields");
                sources.put(f[3], new Source(f[0], f[1], f[2], f[3], f[4]));
            }
        }
    }

    public Path dir() { return dir; }

    public boolean hasSourcesTsv() { return !sources.isEmpty(); }

    /** The source folder of a kind ({@code dir/freedict}...), which must exist and hold files. */
    public Path kindDir(String kind) throws IOException {
        Path p = dir.resolve(kind);
        boolean empty = true;
        if (Files.isDirectory(p)) try (var s = Files.list(p)) { empty = s.findAny().isEmpty(); }
        if (empty)
            throw new IllegalStateException("training data source '" + kind + "' not installed: " + p + " is missing or empty (run "
                    + INSTALLER + " " + dir + ")");
        return p;
    }

    public String relative(Path file) {
        return dir.relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }

    /** Reads a whole file, records it, and checks it against sources.tsv. */
    public byte[] read(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        String rel = relative(file);
        String sha = ModelFolder.sha256(b);
        Source s = sources.get(rel);
        if (s != null && !s.sha256().equalsIgnoreCase(sha))
            throw new IllegalStateException(file + " changed since the installer recorded it (sha256 " + sha + ", sources.tsv "
                    + s.sha256() + "): re-run " + INSTALLER);
        synchronized (read) {
            read.put(rel, new Read(rel, sha, s == null ? null : s.pkg(), s == null ? null : s.version()));
        }
        return b;
    }

    /** The files read so far whose path starts with {@code prefix} (e.g. "freedict/"), sorted. */
    public List<Read> readUnder(String prefix) {
        List<Read> out = new ArrayList<>();
        synchronized (read) {
            for (Read r : read.values()) if (r.file().startsWith(prefix)) out.add(r);
        }
        return out;
    }
}
