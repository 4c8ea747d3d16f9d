package dev.microembed.fuzz;

import dev.microembed.Microembed;
import dev.microembed.model.ModelFolder;
import dev.microembed.pool.PoolKernels;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Run in a forked JVM by {@link MappedFileFaultTest}: loads a copy of the shipped model, embeds a few texts, then
 * changes model.safetensors under the live mapping and embeds again. Prints one line
 * {@code OUTCOME <mode> <kernel> unchanged|changed|exception <class>: <message>} and exits 0 if the JVM lived.
 * Modes: truncate (to 8 bytes), rewrite (the table's bytes overwritten in place, same length), replace (a
 * changed copy renamed over the file).
 */
public final class MappedFileFault {
    private static final String[] TEXTS = {"hello world", "Der Hund schläft 🐶", "the cat sat on the mat", "你好", "lol #love"};

    public static void main(String[] args) throws Exception {
        String mode = args[0], kernel = args[1];
        Path dir = Path.of(args[2]);
        for (String f : new String[] {ModelFolder.CONFIG, ModelFolder.TOKENIZER, ModelFolder.MODEL, "pca.safetensors"})
            if (Files.exists(FuzzSupport.vocab().resolve(f))) Files.copy(FuzzSupport.vocab().resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        Path model = dir.resolve(ModelFolder.MODEL);
        try (Microembed m = kernel.equals("scalar") ? Microembed.load(dir, PoolKernels.scalar()) : Microembed.load(dir)) {
            float[][] before = new float[TEXTS.length][];
            for (int i = 0; i < TEXTS.length; i++) before[i] = m.embed(TEXTS[i]);
            switch (mode) {
                case "truncate" -> {
                    try (FileChannel ch = FileChannel.open(model, StandardOpenOption.WRITE)) {
                        ch.truncate(8);
                    }
                }
                case "rewrite" -> {
                    long size = Files.size(model);
                    try (FileChannel ch = FileChannel.open(model, StandardOpenOption.WRITE)) {
                        ByteBuffer junk = ByteBuffer.allocate(1 << 16);
                        for (int i = 0; i < junk.capacity(); i++) junk.put(i, (byte) (i * 31 + 7));
                        for (long at = 4096; at < size - 1024; at += junk.capacity()) {
                            junk.clear();
                            junk.limit((int) Math.min(junk.capacity(), size - 1024 - at));
                            ch.write(junk, at);
                        }
                    }
                }
                case "replace" -> {
                    Path tmp = dir.resolve("model.safetensors.new");
                    byte[] b = Files.readAllBytes(model);
                    for (int i = 4096; i < b.length - 1024; i++) b[i] = (byte) (i * 31 + 7);
                    Files.write(tmp, b);
                    Files.move(tmp, model, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
                default -> throw new IllegalArgumentException(mode);
            }
            String outcome;
            try {
                boolean same = true;
                for (int i = 0; i < TEXTS.length; i++) same &= Arrays.equals(before[i], m.embed(TEXTS[i]));
                outcome = same ? "unchanged" : "changed";
            } catch (Throwable t) {
                outcome = "exception " + t.getClass().getName() + ": " + t.getMessage();
            }
            System.out.println("OUTCOME " + mode + " " + kernel + " " + outcome);
        }
        // a fresh load of the changed folder is the checksum's job
        try (Microembed again = Microembed.load(dir)) {
            System.out.println("RELOAD " + mode + " loaded");
        } catch (RuntimeException e) {
            System.out.println("RELOAD " + mode + " " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
