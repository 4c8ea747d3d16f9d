package dev.microembed.model;

import static org.junit.jupiter.api.Assertions.*;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void compactOutputIsOneLineAndRoundTrips() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("text", "line\nbreak \uD800 lone \uD83D\uDE00 pair \u0001");
        m.put("nested", Map.of("a", List.of(1L, 2.5, true)));
        m.put("ids", new int[] {1, 2});
        String s = Json.write(m, false);
        assertFalse(s.contains("\n"), s);
        Map<?, ?> back = (Map<?, ?>) Json.parse(s);
        assertEquals(m.get("text"), back.get("text"));
        assertEquals(List.of(1L, 2L), back.get("ids"));
        assertTrue(Json.write(m, true).contains("\n"));
    }

    @Test
    void rejectsMalformedAndHostileInput() {
        for (String bad : new String[] {"", "{", "{\"a\":1,}", "[1 2]", "{\"a\":1,\"a\":2}", "\"\\x\"", "01x", "nul", "{} x"})
            assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[".repeat(100_000)), "deep nesting must not overflow the stack");
    }
}
