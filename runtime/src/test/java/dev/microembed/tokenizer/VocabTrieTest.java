package dev.microembed.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hash trie agrees with a HashMap on lookups, prefixes and key reconstruction, in both slot layouts. */
class VocabTrieTest {

    @Test
    void agreesWithAMapInBothLayouts() {
        Random r = new Random(7);
        Map<String, Integer> map = new HashMap<>();
        String alphabet = "ab#\u00e9\u4e2d\ud83d\ude00\u0000\uffff";
        while (map.size() < 3000) {
            StringBuilder b = new StringBuilder();
            int len = r.nextInt(8); // includes the empty key
            for (int i = 0; i < len; i++) b.append(alphabet.charAt(r.nextInt(alphabet.length())));
            map.putIfAbsent(b.toString(), r.nextInt(1 << 25));
        }
        List<String> keys = new ArrayList<>(map.keySet());
        int total = 0;
        for (String k : keys) total += k.length();
        char[] chars = new char[total];
        int[] start = new int[keys.size()], length = new int[keys.size()], value = new int[keys.size()];
        int p = 0, max = 0;
        for (int k = 0; k < keys.size(); k++) {
            keys.get(k).getChars(0, keys.get(k).length(), chars, p);
            start[k] = p;
            length[k] = keys.get(k).length();
            value[k] = map.get(keys.get(k));
            max = Math.max(max, value[k]);
            p += length[k];
        }
        for (boolean side : new boolean[] {false, true}) {
            int[] nodes = new int[keys.size()];
            VocabTrie t = VocabTrie.build(chars, start, length, value, keys.size(), max, nodes, side);
            for (int k = 0; k < keys.size(); k++) {
                assertEquals(map.get(keys.get(k)), t.get(keys.get(k)));
                assertEquals(keys.get(k), t.keyOf(nodes[k]));
            }
            for (int i = 0; i < 3000; i++) { // absent keys and prefixes
                StringBuilder b = new StringBuilder();
                int len = 1 + r.nextInt(9);
                for (int j = 0; j < len; j++) b.append(alphabet.charAt(r.nextInt(alphabet.length())));
                String s = b.toString();
                assertEquals(map.getOrDefault(s, VocabTrie.NONE), t.get(s));
                int node = t.walk(s);
                boolean isPrefix = false;
                for (String k : keys) if (k.length() > s.length() && k.startsWith(s)) { isPrefix = true; break; }
                if (node != VocabTrie.NONE) assertEquals(isPrefix, t.hasChildren(node), s);
                else assertTrue(!isPrefix && !map.containsKey(s));
            }
        }
    }

    @Test
    void duplicateKeyIsAnError() {
        char[] chars = "abab".toCharArray();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VocabTrie.build(chars, new int[] {0, 2}, new int[] {2, 2}, new int[] {1, 2}, 2, 2));
        assertTrue(e.getMessage().contains("\"ab\""), e.getMessage());
    }
}
