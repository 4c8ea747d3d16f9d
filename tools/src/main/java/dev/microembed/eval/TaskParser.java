package dev.microembed.eval;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Parses task arguments ({@code sts:FILE}, {@code sts:EN.csv+XX.csv}, {@code bitext:A,B},
 * {@code classify:TRAIN_TEXT,TRAIN_LABELS,TEST_TEXT,TEST_LABELS}); a glob or folder expands to one
 * task per file (see docs/evaluation.md for the expansion rules).
 */
public final class TaskParser {
    private TaskParser() {}

    public static List<Task> parse(List<String> specs) throws IOException {
        List<Task> tasks = new ArrayList<>();
        for (String s : specs) tasks.addAll(parse(s));
        Map<String, Task> unique = new LinkedHashMap<>();
        for (Task t : tasks) {
            Task prev = unique.putIfAbsent(t.id(), t);
            if (prev != null && !prev.equals(t)) {
                // same short name from different folders: disambiguate by index rather than drop
                unique.put(t.id() + "#" + unique.size(), rename(t, t.id() + "#" + unique.size()));
            }
        }
        return List.copyOf(unique.values());
    }

    public static List<Task> parse(String spec) throws IOException {
        int colon = spec.indexOf(':');
        if (colon < 0) throw new IllegalArgumentException("task '" + spec + "' must start with sts:, bitext: or classify:");
        String kind = spec.substring(0, colon), arg = spec.substring(colon + 1);
        if (arg.isEmpty()) throw new IllegalArgumentException("task '" + spec + "' names no data");
        return switch (kind) {
            case "sts" -> sts(spec, arg);
            case "bitext" -> bitext(spec, arg);
            case "classify" -> classify(spec, arg);
            default -> throw new IllegalArgumentException("unknown task kind '" + kind + "' in '" + spec
                    + "' (expected sts, bitext or classify)");
        };
    }

    private static List<Task> sts(String spec, String arg) throws IOException {
        List<Task> out = new ArrayList<>();
        int plus = arg.indexOf('+');
        if (plus >= 0) {
            List<Path> firsts = expand(spec, arg.substring(0, plus), ".csv");
            if (firsts.size() != 1) throw new IllegalArgumentException("'" + spec + "': the first file of a cross-lingual STS task must be one file");
            Path first = firsts.get(0);
            for (Path second : expand(spec, arg.substring(plus + 1), ".csv")) {
                if (second.equals(first)) continue;
                String id = "sts:" + stem(first) + "+" + stem(second);
                out.add(new Task.Sts(id, language(first) + "-" + language(second), first, second));
            }
        } else {
            for (Path f : expand(spec, arg, ".csv")) out.add(new Task.Sts("sts:" + stem(f), language(f), f, null));
        }
        return out;
    }

    private static List<Task> bitext(String spec, String arg) throws IOException {
        String[] parts = arg.split(",", -1);
        if (parts.length == 2) {
            Path a = existing(spec, parts[0]), b = existing(spec, parts[1]);
            return List.of(bitextTask(a, b));
        }
        if (parts.length != 1) throw new IllegalArgumentException("'" + spec + "': expected bitext:FILE_A,FILE_B or bitext:GLOB|DIR");
        // group the expanded files by name without extension; each group of two is one aligned pair
        Map<String, List<Path>> groups = new TreeMap<>();
        for (Path p : expand(spec, arg, null)) {
            String n = p.getFileName().toString();
            int dot = n.lastIndexOf('.');
            if (dot <= 0 || n.endsWith(".md")) continue;
            groups.computeIfAbsent(p.resolveSibling(n.substring(0, dot)).toString(), k -> new ArrayList<>()).add(p);
        }
        List<Task> out = new ArrayList<>();
        for (var e : groups.entrySet()) {
            List<Path> g = e.getValue();
            if (g.size() != 2) continue;
            Path a = g.get(0), b = g.get(1);
            // Tatoeba naming xxx-eng.xxx / xxx-eng.eng: put the non-English side first
            if (ext(a).equals("eng")) {
                Path t = a;
                a = b;
                b = t;
            }
            out.add(bitextTask(a, b));
        }
        if (out.isEmpty()) throw new IllegalArgumentException("'" + spec + "': no pair of files NAME.x / NAME.y found");
        return out;
    }

    private static Task bitextTask(Path a, Path b) {
        String n = a.getFileName().toString();
        int dot = n.lastIndexOf('.');
        String stemA = dot > 0 ? n.substring(0, dot) : n;
        String id = stemA.equals(stem(b)) ? "bitext:" + stemA : "bitext:" + stem(a) + "," + stem(b);
        String lang = dot > 0 ? ext(a) : stem(a);
        return new Task.Bitext(id, lang, a, b);
    }

    private static List<Task> classify(String spec, String arg) throws IOException {
        String[] parts = arg.split(",", -1);
        if (parts.length == 4) {
            Path[] p = new Path[4];
            for (int i = 0; i < 4; i++) p[i] = existing(spec, parts[i]);
            Path dir = p[2].toAbsolutePath().getParent();
            String name = dir == null ? stem(p[2]) : dir.getFileName().toString();
            return List.of(new Task.Classify("classify:" + name, name, p[0], p[1], p[2], p[3]));
        }
        if (parts.length != 1) {
            throw new IllegalArgumentException("'" + spec + "': expected classify:TRAIN_TEXT,TRAIN_LABELS,TEST_TEXT,TEST_LABELS or classify:DIR|GLOB");
        }
        // folders holding train_text.txt, train_labels.txt and val_ or test_ text/labels
        List<Task> out = new ArrayList<>();
        for (Path dir : expandDirs(spec, arg)) {
            Path trT = dir.resolve("train_text.txt"), trL = dir.resolve("train_labels.txt");
            String split = Files.exists(dir.resolve("test_text.txt")) ? "test" : "val";
            Path teT = dir.resolve(split + "_text.txt"), teL = dir.resolve(split + "_labels.txt");
            if (!Files.exists(trT) || !Files.exists(teT)) continue;
            String name = dir.getParent() == null ? dir.getFileName().toString()
                    : dir.getParent().getFileName() + "/" + dir.getFileName();
            out.add(new Task.Classify("classify:" + name, dir.getFileName().toString(), trT, trL, teT, teL));
        }
        if (out.isEmpty()) throw new IllegalArgumentException("'" + spec + "': no folder with train_text.txt and val_text.txt (or test_text.txt)");
        return out;
    }

    private static Path existing(String spec, String p) {
        Path path = Path.of(p);
        if (!Files.isRegularFile(path)) throw new IllegalArgumentException("'" + spec + "': file not found: " + p);
        return path;
    }

    /** Files named by a path, folder (its files with {@code ext}, or all) or glob; sorted. */
    static List<Path> expand(String spec, String pattern, String ext) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!isGlob(pattern)) {
            Path p = Path.of(pattern);
            if (Files.isRegularFile(p)) return List.of(p);
            if (!Files.isDirectory(p)) throw new IllegalArgumentException("'" + spec + "': no such file or folder: " + pattern);
            try (Stream<Path> s = Files.list(p)) {
                s.filter(Files::isRegularFile).filter(f -> ext == null || f.toString().endsWith(ext)).sorted().forEach(out::add);
            }
        } else {
            for (Path m : glob(pattern)) if (Files.isRegularFile(m)) out.add(m);
        }
        if (out.isEmpty()) throw new IllegalArgumentException("'" + spec + "': '" + pattern + "' matches no file");
        return out;
    }

    private static List<Path> expandDirs(String spec, String pattern) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!isGlob(pattern)) {
            Path p = Path.of(pattern);
            if (!Files.isDirectory(p)) throw new IllegalArgumentException("'" + spec + "': no such folder: " + pattern);
            out.add(p);
            // a folder of task folders (tweets/xlm-t) expands to its children
            if (!Files.exists(p.resolve("train_text.txt"))) {
                out.clear();
                try (Stream<Path> s = Files.list(p)) {
                    s.filter(Files::isDirectory).sorted().forEach(out::add);
                }
            }
        } else {
            for (Path m : glob(pattern)) if (Files.isDirectory(m)) out.add(m);
        }
        return out;
    }

    static boolean isGlob(String s) {
        return s.contains("*") || s.contains("?") || s.contains("[") || s.contains("{");
    }

    /** Matches a glob against paths under its longest literal prefix folder. */
    static List<Path> glob(String pattern) throws IOException {
        String norm = pattern.replace('\\', '/');
        String[] segs = norm.split("/");
        StringBuilder base = new StringBuilder();
        int i = 0;
        for (; i < segs.length - 1 && !isGlob(segs[i]); i++) base.append(segs[i]).append('/');
        Path root = base.isEmpty() ? Path.of(".") : Path.of(base.toString());
        if (!Files.isDirectory(root)) return List.of();
        String rest = String.join("/", java.util.Arrays.copyOfRange(segs, i, segs.length));
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + rest);
        int depth = rest.contains("**") ? Integer.MAX_VALUE : segs.length - i;
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root, depth)) {
            s.filter(p -> !p.equals(root) && m.matches(root.relativize(p))).sorted()
                    .map(p -> base.isEmpty() ? root.relativize(p) : p).forEach(out::add);
        }
        return out;
    }

    static String stem(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    private static String ext(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(dot + 1) : "";
    }

    /** Language code guessed from a file name like {@code stsb-de-dev.csv}: the 2-3 letter token. */
    static String language(Path p) {
        String[] toks = stem(p).split("[-_.]");
        for (String t : toks) {
            if (t.matches("[a-z]{2,3}") && !t.equals("dev") && !t.equals("val") && !t.equals("sts")) return t;
        }
        return stem(p);
    }

    private static Task rename(Task t, String id) {
        return switch (t) {
            case Task.Sts s -> new Task.Sts(id, s.language(), s.first(), s.second());
            case Task.Bitext b -> new Task.Bitext(id, b.language(), b.a(), b.b());
            case Task.Classify c -> new Task.Classify(id, c.language(), c.trainText(), c.trainLabels(), c.testText(), c.testLabels());
        };
    }
}
