package dev.microembed.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifiedDigestsTest {
    @TempDir
    Path dir;

    @Test
    void remembersASettledFileAndRehashesItOnceItChanges() throws Exception {
        Path f = dir.resolve("model.safetensors");
        Files.writeString(f, "first");
        Thread.sleep((VerifiedDigests.SETTLE_SECONDS + 1) * 1000L); // ctime cannot be set back, so let it settle
        Path memo = dir.resolve("cache").resolve(VerifiedDigests.FILE_NAME);
        VerifiedDigests d = VerifiedDigests.at(memo);
        assertEquals(ModelFolder.sha256(f), d.sha256(f));
        d.save();
        assertTrue(Files.readString(memo).contains(ModelFolder.sha256(f)), "a settled file is remembered");

        // same size, mtime set back to the old value: ctime still changes, so the new content is hashed
        FileTime mtime = Files.getLastModifiedTime(f);
        Files.writeString(f, "other");
        Files.setLastModifiedTime(f, mtime);
        assertEquals(ModelFolder.sha256(f), VerifiedDigests.at(memo).sha256(f));
    }

    @Test
    void aFreshFileIsNotRemembered() throws Exception {
        Path f = dir.resolve("tokenizer.json");
        Files.writeString(f, "{}");
        Path memo = dir.resolve(VerifiedDigests.FILE_NAME);
        VerifiedDigests d = VerifiedDigests.at(memo);
        assertEquals(ModelFolder.sha256(f), d.sha256(f));
        d.save();
        assertTrue(Files.notExists(memo));
    }
}
