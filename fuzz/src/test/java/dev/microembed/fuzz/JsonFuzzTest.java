package dev.microembed.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.microembed.model.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;

/**
 * Any text through the runtime's JSON reader (config.json and the safetensors header; seeds are real config.json
 * files): it parses or throws {@link IllegalArgumentException} with a message, never a StackOverflowError on deep
 * nesting; what it parses writes back to JSON that parses to an equal value.
 */
@Tag("heavy")
class JsonFuzzTest {
    @FuzzTest
    void fuzz(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        Object value;
        try {
            value = Json.parse(text);
        } catch (IllegalArgumentException e) {
            FuzzSupport.checkRejection(e);
            return;
        }
        String written;
        try {
            written = Json.write(value, (data.length & 1) == 0);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("JSON cannot hold")) return; // 1e999 reads as infinity
            throw e;
        }
        Object again = Json.parse(written);
        if (!java.util.Objects.equals(again, value)) throw new AssertionError("round trip changed the value: " + FuzzSupport.escape(text) + " -> " + FuzzSupport.escape(written));
    }
}
