package dev.microembed.eval;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Disk cache of embeddings: one file per (model cacheId, exact list of texts), so repeated runs and
 * tasks that share a side (cross-lingual STS reuses each language's sentences) skip the expensive
 * teacher. The key hashes every text, so a changed data file never hits a stale entry. Files are
 * written atomically (temp + rename); a corrupt file is ignored and rewritten.
 */
public final class EmbeddingCache {
    private static final int MAGIC = 0x4D454543; // "MEEC"
    private final Path dir;

    public EmbeddingCache(Path dir) {
        this.dir = dir;
    }

    public static String key(String cacheId, List<String> texts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(cacheId.getBytes(StandardCharsets.UTF_8));
            for (String t : texts) {
                md.update((byte) 0);
                md.update(t.getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 40);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private Path file(String model, String key) {
        return dir.resolve(model.replaceAll("[^A-Za-z0-9._-]", "_")).resolve(key + ".f32");
    }

    public boolean contains(String model, String key) {
        return Files.isRegularFile(file(model, key));
    }

    /** Cached vectors, or null when absent or unreadable. */
    public float[][] get(String model, String key, int n) {
        Path f = file(model, key);
        if (!Files.isRegularFile(f)) return null;
        try {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
            if (b.remaining() < 12 || b.getInt() != MAGIC) return null;
            int rows = b.getInt(), dim = b.getInt();
            if (rows != n || dim < 0 || b.remaining() != (long) rows * dim * 4) return null;
            float[][] out = new float[rows][dim];
            for (float[] row : out) for (int d = 0; d < dim; d++) row[d] = b.getFloat();
            return out;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    public void put(String model, String key, float[][] vectors) throws IOException {
        int dim = vectors.length == 0 ? 0 : vectors[0].length;
        ByteBuffer b = ByteBuffer.allocate(12 + vectors.length * dim * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).putInt(vectors.length).putInt(dim);
        for (float[] row : vectors) for (float v : row) b.putFloat(v);
        Path f = file(model, key);
        Files.createDirectories(f.getParent());
        Path tmp = Files.createTempFile(f.getParent(), key, ".tmp");
        Files.write(tmp, b.array());
        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
