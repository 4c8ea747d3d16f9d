package dev.microembed.cli;

import dev.microembed.Microembed;
import dev.microembed.ModelFormatException;
import dev.microembed.model.Json;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code microembed} command (the launcher runs {@code java -jar runtime/target/microembed.jar}). Exit codes:
 * 0 success, 1 unreadable or corrupt file (model or input), 2 bad arguments.
 */
public final class Main {
    static final String USAGE = """
            usage: microembed <command> [options]

              search --query TEXT --corpus FILE [-k 10]   embed every line of FILE, print the k lines most similar to TEXT
              similarity TEXT TEXT                         cosine similarity of two texts
              embed [--format jsonl|tsv]                   embed each line of standard input (jsonl: {"text","vector"}; tsv: the values)
              tokenize TEXT                                tokens and ids (unknown tokens are marked; they are dropped before pooling)
              bench --input FILE [--seconds S]             single-thread latency: each line embedded many times after warm-up
              info                                         model folder, dimensions, pooling kernel

            every command: --model DIR (default: -Dmicroembed.model, else vocab/ of the checkout), --help
            exit codes: 0 ok, 1 unreadable or corrupt file, 2 bad arguments
            """;

    private Main() {}

    public static void main(String[] argv) {
        PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), 1 << 16));
        PrintWriter err = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8), true);
        int code = run(List.of(argv), System.in, out, err);
        out.flush();
        err.flush();
        if (code != 0) System.exit(code);
    }

    /** Runs one command; returns the exit code. */
    static int run(List<String> argv, InputStream in, PrintWriter out, PrintWriter err) {
        if (argv.isEmpty() || argv.get(0).equals("--help") || argv.get(0).equals("-h") || argv.get(0).equals("help")) {
            (argv.isEmpty() ? err : out).print(USAGE);
            return argv.isEmpty() ? 2 : 0;
        }
        String command = argv.get(0);
        List<String> rest = argv.subList(1, argv.size());
        try {
            switch (command) {
                case "search" -> search(rest, out);
                case "similarity" -> similarity(rest, out);
                case "embed" -> embed(rest, in, out);
                case "tokenize" -> tokenize(rest, out);
                case "bench" -> Bench.run(rest, out);
                case "info" -> info(rest, out);
                default -> throw new UsageException("unknown command \"" + command + "\"");
            }
            out.flush();
            return 0;
        } catch (UsageException e) {
            out.flush();
            err.println("microembed: " + e.getMessage());
            err.println();
            err.print(USAGE);
            return 2;
        } catch (ModelFormatException e) {
            out.flush();
            err.println("microembed: bad model: " + e.getMessage());
            return 1;
        } catch (FileProblem e) {
            out.flush();
            err.println("microembed: " + e.getMessage());
            return 1;
        }
    }

    /** An input file that cannot be read (exit code 1). */
    static final class FileProblem extends RuntimeException {
        FileProblem(String message) {
            super(message);
        }
    }

    static Args parse(List<String> argv, Set<String> valued, Set<String> flags, PrintWriter out, String usage) {
        java.util.Set<String> v = new java.util.HashSet<>(valued);
        v.add("--model");
        Args a = new Args(argv, v, flags);
        if (a.help) {
            out.print(usage);
            out.flush();
        }
        return a;
    }

    static Microembed model(Args a) {
        Path dir = a.path("--model");
        return dir != null ? Microembed.load(dir) : Microembed.loadDefault();
    }

    /** Lines of a UTF-8 text file (malformed bytes become U+FFFD), without line terminators. */
    static List<String> readLines(Path file) {
        try (InputStream s = Files.newInputStream(file)) {
            return readLines(s);
        } catch (NoSuchFileException e) {
            throw new FileProblem(file + ": file not found");
        } catch (IOException | UncheckedIOException e) {
            throw new FileProblem(file + ": cannot read: " + e.getMessage());
        }
    }

    static List<String> readLines(InputStream s) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(s, StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        for (String line; (line = r.readLine()) != null; ) lines.add(line);
        return lines;
    }

    private static void search(List<String> argv, PrintWriter out) {
        Args a = parse(argv, Set.of("--query", "--corpus", "-k"), Set.of(), out,
                "usage: microembed search --query TEXT --corpus FILE [-k 10] [--model DIR]\n  prints the k lines of FILE most similar to TEXT: rank, cosine, line number, line\n");
        if (a.help) return;
        a.positionalCount(0, 0, "no positional arguments");
        String query = a.require("--query");
        Path corpus = Path.of(a.require("--corpus"));
        int k = a.integer("-k", 10, 1, Integer.MAX_VALUE);
        List<String> lines = readLines(corpus);
        try (Microembed m = model(a)) {
            float[] q = m.embed(query);
            float[][] vectors = new float[lines.size()][m.dim()];
            for (int i = 0; i < vectors.length; i++) m.embed(lines.get(i), vectors[i]);
            int[] best = Microembed.topK(q, vectors, k);
            out.println("rank\tcosine\tline\ttext");
            for (int r = 0; r < best.length; r++)
                out.printf(Locale.ROOT, "%d\t%.4f\t%d\t%s%n", r + 1, Microembed.cosine(q, vectors[best[r]]), best[r] + 1, lines.get(best[r]));
        }
    }

    private static void similarity(List<String> argv, PrintWriter out) {
        Args a = parse(argv, Set.of(), Set.of(), out, "usage: microembed similarity TEXT TEXT [--model DIR]\n  prints the cosine similarity of the two texts' embeddings\n");
        if (a.help) return;
        a.positionalCount(2, 2, "two texts");
        try (Microembed m = model(a)) {
            out.printf(Locale.ROOT, "%.6f%n", Microembed.cosine(m.embed(a.positionals().get(0)), m.embed(a.positionals().get(1))));
        }
    }

    private static void embed(List<String> argv, InputStream in, PrintWriter out) {
        Args a = parse(argv, Set.of("--format"), Set.of(), out,
                "usage: microembed embed [--format jsonl|tsv] [--model DIR] < lines\n  jsonl: {\"text\": line, \"vector\": [...]} per line; tsv: the vector's values, tab-separated, one line per input line\n");
        if (a.help) return;
        a.positionalCount(0, 0, "no positional arguments (texts come from standard input)");
        String format = a.get("--format") == null ? "jsonl" : a.get("--format");
        if (!format.equals("jsonl") && !format.equals("tsv")) throw new UsageException("--format must be jsonl or tsv, got " + format);
        try (Microembed m = model(a)) {
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            float[] v = new float[m.dim()];
            StringBuilder b = new StringBuilder();
            for (String line; (line = r.readLine()) != null; ) {
                m.embed(line, v);
                b.setLength(0);
                if (format.equals("jsonl")) {
                    b.append("{\"text\":").append(Json.write(line, false)).append(",\"vector\":[");
                    for (int d = 0; d < v.length; d++) b.append(d == 0 ? "" : ",").append(v[d]);
                    b.append("]}");
                } else {
                    for (int d = 0; d < v.length; d++) b.append(d == 0 ? "" : "\t").append(v[d]);
                }
                out.println(b);
            }
        } catch (IOException e) {
            throw new FileProblem("standard input: " + e.getMessage());
        }
    }

    private static void tokenize(List<String> argv, PrintWriter out) {
        Args a = parse(argv, Set.of(), Set.of(), out, "usage: microembed tokenize TEXT [--model DIR]\n  prints each token and its id; unknown tokens are dropped before pooling\n");
        if (a.help) return;
        a.positionalCount(1, 1, "one text");
        try (Microembed m = model(a)) {
            var tok = m.tokenizer();
            int[] ids = tok.encode(a.positionals().get(0));
            int known = 0;
            out.println("token\tid");
            for (int id : ids) {
                boolean unknown = id == tok.unknownId();
                if (!unknown) known++;
                out.println(tok.token(id) + "\t" + id + (unknown ? "\t(unknown, dropped)" : ""));
            }
            out.println(ids.length + " tokens, " + Math.min(known, m.maxTokens()) + " pooled" + (known > m.maxTokens() ? " (capped at " + m.maxTokens() + ")" : ""));
        }
    }

    private static void info(List<String> argv, PrintWriter out) {
        Args a = parse(argv, Set.of(), Set.of(), out, "usage: microembed info [--model DIR]\n");
        if (a.help) return;
        a.positionalCount(0, 0, "no positional arguments");
        try (Microembed m = model(a)) {
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("model", m.model().dir().toAbsolutePath().toString());
            info.put("vocab_size", m.model().vocabSize());
            info.put("dim", m.dim());
            info.put("pooling", m.model().weightedPooling() ? "weighted_mean" : "mean");
            info.put("max_tokens", m.maxTokens());
            info.put("kernel", m.kernelName());
            out.println(Json.write(info, true));
        }
    }
}
