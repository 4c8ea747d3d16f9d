package dev.microembed.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sha256 of model files, computed once per file identity instead of on every load (see docs/model-format.md,
 * "Checksums"). A file's identity is its real path, size, modification time, change time (ctime, which no user call
 * can set back) and file key (device and inode); any write, copy, rename over or truncation changes one of them, and
 * then the file is hashed again. A file whose mtime or ctime is less than {@link #SETTLE_SECONDS} old is not
 * remembered (a write in the same timestamp tick could otherwise go unseen), so it is hashed on every load until it
 * has settled. The memo is one small text file, {@code verified-sha256.tsv}, in the user's microembed cache folder
 * ({@code -Dmicroembed.cache}, else {@code $XDG_CACHE_HOME/microembed}, else {@code ~/.cache/microembed}), rewritten
 * atomically (temporary file + rename); a missing, unreadable or malformed memo only costs the hashing.
 * {@code -Dmicroembed.verify=always} hashes every file on every load and neither reads nor writes the memo.
 *
 * <p>What it protects against is what the checksums are for: a corrupted, truncated, half-copied or edited file.
 * It is not a defence against someone who can write the user's cache folder.
 */
final class VerifiedDigests {
    static final String FILE_NAME = "verified-sha256.tsv";
    static final int SETTLE_SECONDS = 2;
    private static final String HEADER = "microembed verified-sha256 v1";
    private static final int MAX_ENTRIES = 256;

    private final Path memoFile;
    /** identity line (everything but the hash) to sha256; insertion order = age, oldest first. */
    private final Map<String, String> entries = new LinkedHashMap<>();
    private boolean changed;

    private VerifiedDigests(Path memoFile) {
        this.memoFile = memoFile;
        if (memoFile != null) read();
    }

    /** The memo of this user (or one that remembers nothing with {@code -Dmicroembed.verify=always}). */
    static VerifiedDigests open() {
        if ("always".equals(System.getProperty("microembed.verify"))) return new VerifiedDigests(null);
        return new VerifiedDigests(cacheRoot().resolve(FILE_NAME));
    }

    /** A memo kept in the given file (tests). */
    static VerifiedDigests at(Path memoFile) {
        return new VerifiedDigests(memoFile);
    }

    /** The user's microembed cache folder (the same rule as the default model's unpacked copy). */
    static Path cacheRoot() {
        String explicit = System.getProperty("microembed.cache");
        if (explicit != null && !explicit.isBlank()) return Path.of(explicit);
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("microembed");
    }

    /** The sha256 (lower-case hex) of file: remembered when its identity is unchanged, else computed (and remembered once settled). */
    String sha256(Path file) {
        String identity = memoFile == null ? null : identity(file);
        if (identity != null) {
            String known = entries.get(identity);
            if (known != null) return known;
        }
        String hash = ModelFolder.sha256(file);
        if (identity != null && identity(file) instanceof String after && after.equals(identity) && settled(file)) {
            entries.put(identity, hash);
            while (entries.size() > MAX_ENTRIES) entries.remove(entries.keySet().iterator().next());
            changed = true;
        }
        return hash;
    }

    /** Writes the memo if it learned something; a failure to write is ignored (the next load hashes again). */
    void save() {
        if (!changed || memoFile == null) return;
        changed = false;
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        for (Map.Entry<String, String> e : entries.entrySet()) b.append(e.getValue()).append('\t').append(e.getKey()).append('\n');
        try {
            Files.createDirectories(memoFile.getParent());
            Path tmp = Files.createTempFile(memoFile.getParent(), ".verified", ".tmp");
            try {
                Files.writeString(tmp, b, StandardCharsets.UTF_8);
                Files.move(tmp, memoFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException | RuntimeException e) {
            // read-only home, full disk, a concurrent writer: the memo is only an optimisation
        }
    }

    private void read() {
        try {
            if (!Files.isRegularFile(memoFile)) return;
            String text = Files.readString(memoFile, StandardCharsets.UTF_8);
            int at = text.indexOf('\n');
            if (at < 0 || !text.substring(0, at).equals(HEADER)) return;
            for (int next; at + 1 < text.length(); at = next) {
                next = text.indexOf('\n', at + 1);
                if (next < 0) return; // a torn last line: ignore it
                int tab = text.indexOf('\t', at + 1);
                if (tab != at + 1 + 64 || tab > next) continue;
                entries.put(text.substring(tab + 1, next), text.substring(at + 1, tab));
            }
        } catch (IOException | RuntimeException e) {
            entries.clear();
        }
    }

    /** real path, size, mtime, ctime and file key of file, one tab-separated line; null if any is unavailable. */
    private static String identity(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            Object key = a.fileKey();
            if (!a.isRegularFile() || key == null) return null;
            String real = file.toRealPath().toString();
            if (real.indexOf('\n') >= 0 || real.indexOf('\t') >= 0) return null; // not representable in the memo's lines
            return a.size() + "\t" + nanos(a.lastModifiedTime()) + "\t" + ctimeNanos(file) + "\t" + key + "\t" + real;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long ctimeNanos(Path file) throws IOException {
        try {
            return nanos((FileTime) Files.getAttribute(file, "unix:ctime"));
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return -1; // no ctime on this platform: size, mtime and file key only
        }
    }

    private static boolean settled(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            long newest = Math.max(nanos(a.lastModifiedTime()), Math.max(0, ctimeNanos(file)));
            return System.currentTimeMillis() * 1_000_000L - newest > SETTLE_SECONDS * 1_000_000_000L;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static long nanos(FileTime t) {
        return t.to(java.util.concurrent.TimeUnit.NANOSECONDS);
    }
}
