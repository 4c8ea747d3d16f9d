package dev.microembed.tokenizer;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The fused BERT tokenizer's built tables (vocabulary trie, id → trie node, whole-word ids, added-token matchers and
 * maps, normalizer flags) saved in one file per tokenizer.json, so that a later load copies them back in bulk instead
 * of parsing the JSON and building the tries: on a cold JVM that work runs interpreted and was most of the start-up
 * time (docs/speed.md, "Cold start"). Only a tokenizer.json whose sha256 the caller verified is indexed, and the file
 * is found by that sha256, so an index never stands for other JSON.
 *
 * <p>File layout (little-endian): the magic {@code "microembed tokenizer index"}, {@link #FORMAT}, the tokenizer.json's
 * sha256, the stamp of the runtime build that wrote it (jar size and mtime; for a class folder, its files' count,
 * total size and newest mtime), the body's length and CRC32C, then the body as {@link Tokenizer#writeTo} writes it. A
 * file whose header does not match, whose checksum is wrong or that ends early is ignored and rewritten, so an index
 * written by another build, a torn write or a damaged file costs one JSON load, never wrong ids. Written to a
 * temporary file and renamed into place; a failure to write only costs the next load the JSON path.
 * Bump {@link #FORMAT} when what a body means changes without the build stamp changing.
 */
final class TokenizerIndex {
    static final int FORMAT = 1;
    private static final byte[] MAGIC = "microembed tokenizer index".getBytes(StandardCharsets.US_ASCII);
    private static final long MAX_BYTES = 1L << 30;

    private TokenizerIndex() {}

    /** Where the index of the tokenizer.json with this sha256 lives in dir. */
    static Path file(Path dir, String sha256) {
        return dir.resolve(sha256.toLowerCase(java.util.Locale.ROOT) + ".idx");
    }

    /** The tokenizer saved in file for that sha256 by this build, or null when there is none or it does not match. */
    static Tokenizer read(Path file, String sha256) {
        String stamp = BuildStamp.VALUE;
        if (stamp == null) return null;
        try (Arena arena = Arena.ofConfined(); FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < MAGIC.length + 32 || size > MAX_BYTES) return null;
            ByteBuffer all = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena).asByteBuffer();
            In header = new In(all);
            byte[] magic = new byte[MAGIC.length];
            all.get(magic);
            if (!Arrays.equals(magic, MAGIC) || header.getInt() != FORMAT) return null;
            if (!header.getString().equalsIgnoreCase(sha256) || !header.getString().equals(stamp)) return null;
            long bodyLength = all.getLong();
            int crc = all.getInt();
            if (bodyLength != all.remaining()) return null;
            ByteBuffer body = all.slice().order(ByteOrder.LITTLE_ENDIAN);
            CRC32C check = new CRC32C();
            check.update(body.duplicate());
            if ((int) check.getValue() != crc) return null;
            In in = new In(body);
            Tokenizer t = Tokenizer.readFrom(in);
            return body.hasRemaining() ? null : t;
        } catch (IOException | RuntimeException e) {
            return null; // missing, unreadable or damaged: the caller loads the JSON and rewrites the index
        }
    }

    /** Saves t (a fused tokenizer) as the index of the tokenizer.json with this sha256; failures are ignored. */
    static void write(Path file, String sha256, Tokenizer t) {
        String stamp = BuildStamp.VALUE;
        if (stamp == null) return;
        try {
            Out body = new Out(1 << 20);
            t.writeTo(body);
            ByteBuffer b = body.finish();
            CRC32C crc = new CRC32C();
            crc.update(b.duplicate());
            Out header = new Out(256);
            header.ensure(MAGIC.length);
            header.buf.put(MAGIC);
            header.putInt(FORMAT);
            header.putString(sha256);
            header.putString(stamp);
            header.ensure(12);
            header.buf.putLong(b.remaining());
            header.buf.putInt((int) crc.getValue());
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), ".index", ".tmp");
            try {
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    ByteBuffer h = header.finish();
                    while (h.hasRemaining()) ch.write(h);
                    while (b.hasRemaining()) ch.write(b);
                }
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException | RuntimeException e) {
            // read-only cache folder, full disk, a concurrent writer: the index is only an optimisation
        }
    }

    /** The build of this runtime, as a string that changes whenever its classes do (null: unknown, no index). */
    private static final class BuildStamp {
        static final String VALUE = compute();

        private static String compute() {
            try {
                var source = TokenizerIndex.class.getProtectionDomain().getCodeSource();
                if (source == null) return null;
                Path where = Path.of(source.getLocation().toURI());
                BasicFileAttributes a = Files.readAttributes(where, BasicFileAttributes.class);
                if (a.isRegularFile()) return "jar " + a.size() + " " + a.lastModifiedTime().toMillis() + " " + where;
                if (!a.isDirectory()) return null;
                long[] countSizeNewest = new long[3];
                try (var files = Files.walk(where)) {
                    files.forEach(f -> {
                        try {
                            BasicFileAttributes fa = Files.readAttributes(f, BasicFileAttributes.class);
                            if (!fa.isRegularFile()) return;
                            countSizeNewest[0]++;
                            countSizeNewest[1] += fa.size();
                            countSizeNewest[2] = Math.max(countSizeNewest[2], fa.lastModifiedTime().toMillis());
                        } catch (IOException e) {
                            countSizeNewest[2] = Long.MAX_VALUE; // unreadable: a stamp no index matches
                        }
                    });
                }
                return "classes " + countSizeNewest[0] + " " + countSizeNewest[1] + " " + countSizeNewest[2] + " " + where;
            } catch (Exception e) {
                return null;
            }
        }
    }

    /** A growing little-endian buffer; arrays are written as a count and then their elements in one bulk copy. */
    static final class Out {
        private ByteBuffer buf;

        Out(int capacity) {
            buf = ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
        }

        void ensure(long bytes) {
            if (buf.remaining() >= bytes) return;
            long want = Math.max(buf.position() + bytes, 2L * buf.capacity());
            if (want > MAX_BYTES) throw new IllegalStateException("tokenizer index over " + MAX_BYTES + " bytes");
            ByteBuffer bigger = ByteBuffer.allocate((int) want).order(ByteOrder.LITTLE_ENDIAN);
            bigger.put(buf.flip());
            buf = bigger;
        }

        ByteBuffer finish() {
            return buf.flip();
        }

        void putInt(int v) {
            ensure(4);
            buf.putInt(v);
        }

        void putBoolean(boolean v) {
            ensure(1);
            buf.put((byte) (v ? 1 : 0));
        }

        void putString(String s) {
            ensure(4 + 2L * s.length());
            buf.putInt(s.length());
            buf.asCharBuffer().put(s);
            buf.position(buf.position() + 2 * s.length());
        }

        void putInts(int[] a) {
            ensure(4 + 4L * a.length);
            buf.putInt(a.length);
            buf.asIntBuffer().put(a);
            buf.position(buf.position() + 4 * a.length);
        }

        void putLongs(long[] a) {
            ensure(4 + 8L * a.length);
            buf.putInt(a.length);
            buf.asLongBuffer().put(a);
            buf.position(buf.position() + 8 * a.length);
        }

        void putBytes(ByteBuffer b) {
            ensure(4 + b.remaining());
            buf.putInt(b.remaining());
            buf.put(b);
        }

        void putBooleans(boolean[] a) {
            ensure(4 + a.length);
            buf.putInt(a.length);
            for (boolean v : a) buf.put((byte) (v ? 1 : 0));
        }
    }

    /** Reads what {@link Out} wrote; a count larger than what is left throws, so damage cannot ask for huge arrays. */
    static final class In {
        private final ByteBuffer buf;

        In(ByteBuffer buf) {
            this.buf = buf.order(ByteOrder.LITTLE_ENDIAN);
        }

        int getInt() {
            return buf.getInt();
        }

        boolean getBoolean() {
            byte b = buf.get();
            if (b != 0 && b != 1) throw new IllegalStateException("not a boolean");
            return b == 1;
        }

        /** A count of elements of at least one byte each. */
        int getCount() {
            int n = buf.getInt();
            if (n < 0 || n > buf.remaining()) throw new IllegalStateException("count out of range");
            return n;
        }

        private int getCount(int elementBytes) {
            int n = getCount();
            if ((long) n * elementBytes > buf.remaining()) throw new IllegalStateException("count out of range");
            return n;
        }

        String getString() {
            char[] c = new char[getCount(2)];
            buf.asCharBuffer().get(c);
            buf.position(buf.position() + 2 * c.length);
            return new String(c);
        }

        int[] getInts() {
            int[] a = new int[getCount(4)];
            buf.asIntBuffer().get(a);
            buf.position(buf.position() + 4 * a.length);
            return a;
        }

        long[] getLongs() {
            long[] a = new long[getCount(8)];
            buf.asLongBuffer().get(a);
            buf.position(buf.position() + 8 * a.length);
            return a;
        }

        byte[] getBytes() {
            byte[] a = new byte[getCount()];
            buf.get(a);
            return a;
        }

        boolean[] getBooleans() {
            boolean[] a = new boolean[getCount(1)];
            for (int i = 0; i < a.length; i++) a[i] = getBoolean();
            return a;
        }
    }
}
