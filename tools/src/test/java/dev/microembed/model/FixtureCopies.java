package dev.microembed.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Copies of model folders for tests. */
final class FixtureCopies {
    private FixtureCopies() {}

    /** A copy of a microembed folder whose config.json lacks the microembed object: what Model2Vec sees of it. */
    @SuppressWarnings("unchecked")
    static Path withoutMicroembedKey(Path src, Path dst) throws IOException {
        Files.createDirectories(dst);
        for (String f : new String[] {"model.safetensors", "tokenizer.json"}) Files.copy(src.resolve(f), dst.resolve(f));
        Map<String, Object> cfg = (Map<String, Object>) Json.parse(Files.readString(src.resolve("config.json")));
        cfg.remove("microembed");
        Files.writeString(dst.resolve("config.json"), Json.write(cfg, true));
        return dst;
    }
}
