package dev.microembed.cli;

import dev.microembed.Microembed;
import dev.microembed.ModelFormatException;
import dev.microembed.model.Json;
import dev.microembed.model.SafetensorsWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code microembed spec}: writes the files both runtimes test against.
 * {@code spec vectors} writes {@code spec/test-vectors.jsonl} ({"text", "ids", "vector"}) for {@link SpecTexts};
 * {@code spec ids} writes {"text", "ids"} for every line of the given text files. In both, {@code ids} is the
 * tokenizer's complete output (unknown ids included, no cap); the vector is the pooled embedding, which drops
 * unknown ids and keeps the first max_tokens, as base64 of D little-endian float32.
 * A tool, not part of the runtime jar: it lives in the tools jar under the runtime's package name, so it reuses the
 * runtime command line's option parsing ({@link Main}, {@link Args}) on the class path.
 */
@Command(name = "spec", description = "Write the shared test vectors (spec vectors) or token ids of text files (spec ids); spec --help for the options.")
public final class SpecFiles implements Callable<Integer> {
    static final String USAGE = """
            usage: microembed spec vectors [--out spec/test-vectors.jsonl] [--shared DIR] [--model DIR]
                   microembed spec ids --out FILE [--model DIR] TEXTFILE...
              vectors: ~200 texts (tweets from DIR/tweets/*/*/val_text.txt, all scripts, emoji, edge cases)
              ids:     {"text", "ids"} for every line of the text files
            """;

    /** Everything after {@code spec}, parsed by {@link Main#parse} as the runtime commands parse theirs. */
    @Parameters(arity = "0..*", paramLabel = "ARG", description = "vectors [--out FILE] [--shared DIR] [--model DIR] | ids --out FILE [--model DIR] TEXTFILE...")
    List<String> args = new ArrayList<>();

    /** {@code microembed spec ...}; returns the exit code (0 ok, 1 unreadable or corrupt file, 2 bad arguments). */
    @Override
    public Integer call() {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8));
        PrintWriter err = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8), true);
        try {
            return run(args, out, err);
        } finally {
            out.flush();
        }
    }

    static int run(List<String> argv, PrintWriter out, PrintWriter err) {
        try {
            run(argv, out);
            out.flush();
            return 0;
        } catch (UsageException e) {
            out.flush();
            err.println("microembed spec: " + e.getMessage() + " (microembed spec --help lists the options)");
            err.flush();
            return 2;
        } catch (ModelFormatException e) {
            out.flush();
            err.println("microembed spec: bad model: " + e.getMessage());
            err.flush();
            return 1;
        } catch (Main.FileProblem e) {
            out.flush();
            err.println("microembed spec: " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    static void run(List<String> argv, PrintWriter out) {
        Args a = Main.parse(argv, Set.of("--out", "--shared"), Set.of(), out, USAGE);
        if (a.help) return;
        if (a.positionals().isEmpty()) throw new UsageException("spec needs \"vectors\" or \"ids\"");
        String what = a.positionals().get(0);
        List<String> files = a.positionals().subList(1, a.positionals().size());
        switch (what) {
            case "vectors" -> {
                if (!files.isEmpty()) throw new UsageException("spec vectors takes no text files");
                Path shared = a.path("--shared") != null ? a.path("--shared") : SpecTexts.defaultShared();
                Path target = a.path("--out") != null ? a.path("--out") : Path.of("spec", "test-vectors.jsonl");
                List<String> texts = SpecTexts.build(shared);
                try (Microembed m = Main.model(a)) {
                    write(target, vectorLines(m, texts));
                }
                out.println("wrote " + texts.size() + " test vectors to " + target);
            }
            case "ids" -> {
                if (files.isEmpty()) throw new UsageException("spec ids needs at least one text file");
                Path target = Path.of(a.require("--out"));
                try (Microembed m = Main.model(a)) {
                    StringBuilder b = new StringBuilder();
                    int n = 0;
                    for (String f : files) {
                        for (String line : Main.readLines(Path.of(f))) {
                            Map<String, Object> o = new LinkedHashMap<>();
                            o.put("text", line);
                            o.put("ids", m.tokenizer().encode(line));
                            b.append(Json.write(o, false)).append('\n');
                            n++;
                        }
                    }
                    write(target, b.toString());
                    out.println("wrote ids of " + n + " lines to " + target);
                }
            }
            default -> throw new UsageException("spec needs \"vectors\" or \"ids\", got \"" + what + "\"");
        }
    }

    /** One JSON line per text: text, full tokenizer ids, base64 little-endian float32 vector. */
    public static String vectorLines(Microembed m, List<String> texts) {
        StringBuilder b = new StringBuilder();
        for (String t : texts) b.append(vectorLine(m, t)).append('\n');
        return b.toString();
    }

    public static String vectorLine(Microembed m, String text) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("text", text);
        o.put("ids", m.tokenizer().encode(text));
        o.put("vector", base64(m.embed(text)));
        return Json.write(o, false);
    }

    public static String base64(float[] v) {
        ByteBuffer bb = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bb.asFloatBuffer().put(v);
        return Base64.getEncoder().encodeToString(bb.array());
    }

    public static float[] floatsFromBase64(String s) {
        ByteBuffer bb = ByteBuffer.wrap(Base64.getDecoder().decode(s)).order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[bb.remaining() / 4];
        bb.asFloatBuffer().get(v);
        return v;
    }

    private static void write(Path target, String content) {
        try {
            SafetensorsWriter.writeAtomically(target, content.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new Main.FileProblem(target + ": cannot write: " + e.getMessage());
        }
    }

    /** Reads a test-vectors file: each line's text, ids and vector. */
    public record Vector(String text, int[] ids, float[] vector) {}

    public static List<Vector> read(Path file) throws IOException {
        List<Vector> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) continue;
            Map<?, ?> o = (Map<?, ?>) Json.parse(line);
            List<?> ids = (List<?>) o.get("ids");
            int[] a = new int[ids.size()];
            for (int i = 0; i < a.length; i++) a[i] = ((Long) ids.get(i)).intValue();
            out.add(new Vector((String) o.get("text"), a, floatsFromBase64((String) o.get("vector"))));
        }
        return out;
    }
}
