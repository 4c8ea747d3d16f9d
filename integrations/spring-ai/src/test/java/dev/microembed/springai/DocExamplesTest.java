package dev.microembed.springai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples of docs/integrations.md are real code: every {@code ```java} block is compiled (all together, against
 * this module's test class path, which holds the runtime, both integrations, langchain4j, Spring AI and Spring Boot);
 * any error or deprecation warning fails the test with its line in the page. The examples with a {@code main} that
 * are not Spring Boot applications are then run. The microembed artifacts of the {@code ```xml} snippets must
 * carry the project's version.
 */
class DocExamplesTest {
    static final Path DOC = Path.of(System.getProperty("microembed.docs", "../../docs/integrations.md")).toAbsolutePath().normalize();
    static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    static final Pattern PUBLIC_TYPE = Pattern.compile(
            "^public\\s+(?:(?:final|abstract|sealed)\\s+)*(?:class|record|interface|enum)\\s+(\\w+)", Pattern.MULTILINE);

    /** One fenced block: its info string, its text, and the page line of its first code line. */
    record Block(String lang, String code, int firstLine) {}

    static List<Block> blocks(List<String> lines) {
        List<Block> out = new ArrayList<>();
        String lang = null;
        StringBuilder code = null;
        int first = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (code == null) {
                Matcher open = Pattern.compile("^ {0,3}```\\s*([\\w-]*)\\s*$").matcher(line);
                if (open.matches()) {
                    lang = open.group(1).toLowerCase(Locale.ROOT);
                    code = new StringBuilder();
                    first = i + 2; // 1-based line of the block's first code line
                }
            } else if (line.strip().equals("```")) {
                out.add(new Block(lang, code.toString(), first));
                code = null;
            } else {
                code.append(line).append('\n');
            }
        }
        if (code != null) fail(DOC + ": the block opened at line " + (first - 1) + " is never closed");
        return out;
    }

    @Test
    void javaExamplesCompileAndRun(@TempDir Path work) throws Exception {
        List<Block> java = blocks(Files.readAllLines(DOC)).stream().filter(b -> b.lang().equals("java")).toList();
        assertTrue(java.size() >= 4, "expected the library, langchain4j and Spring AI examples in " + DOC + ", found " + java.size() + " java blocks");

        Path src = work.resolve("src"), out = work.resolve("classes");
        Files.createDirectories(out);
        Map<Path, Block> sourceOf = new HashMap<>();
        List<String> mains = new ArrayList<>();
        for (Block b : java) {
            Matcher pkg = PACKAGE.matcher(b.code()), type = PUBLIC_TYPE.matcher(b.code());
            if (!pkg.find() || !type.find())
                fail(DOC + ":" + b.firstLine() + ": an example must be a whole compilation unit with a package line and a public type");
            String qualified = pkg.group(1) + "." + type.group(1);
            Path file = src.resolve(qualified.replace('.', '/') + ".java");
            if (sourceOf.containsKey(file)) fail(DOC + ":" + b.firstLine() + ": " + qualified + " is declared twice in the page");
            Files.createDirectories(file.getParent());
            Files.writeString(file, b.code());
            sourceOf.put(file.toAbsolutePath().normalize(), b);
            if (b.code().contains("static void main(String[] args)") && !b.code().contains("@SpringBootApplication")) mains.add(qualified);
        }

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<String> options = List.of("-d", out.toString(), "-classpath", testClassPath(), "-proc:none",
                    "-Xlint:deprecation,removal,unchecked,rawtypes", "-encoding", "UTF-8");
            boolean ok = javac.getTask(null, files, diagnostics, options, null, files.getJavaFileObjectsFromPaths(sourceOf.keySet())).call();
            List<String> problems = new ArrayList<>();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() == Diagnostic.Kind.NOTE || d.getKind() == Diagnostic.Kind.OTHER) continue;
                Block b = d.getSource() == null ? null : sourceOf.get(Path.of(d.getSource().toUri()).toAbsolutePath().normalize());
                String where = b == null ? DOC.toString() : DOC + ":" + (b.firstLine() + d.getLineNumber() - 1);
                problems.add(where + ": " + d.getKind().toString().toLowerCase(Locale.ROOT) + ": " + d.getMessage(Locale.ROOT));
            }
            if (!ok || !problems.isEmpty()) fail("the examples of " + DOC + " do not compile cleanly:\n" + String.join("\n", problems));
        }

        assertTrue(mains.size() >= 3, "runnable examples: " + mains);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {out.toUri().toURL()}, getClass().getClassLoader())) {
            for (String name : mains) {
                String printed = runMain(loader.loadClass(name));
                assertTrue(!printed.isBlank(), name + " printed nothing");
            }
        }
    }

    @Test
    void mavenSnippetsNameTheProjectVersion() throws IOException {
        String version = System.getProperty("microembed.version");
        List<Block> xml = blocks(Files.readAllLines(DOC)).stream().filter(b -> b.lang().equals("xml")).toList();
        Pattern ours = Pattern.compile("<groupId>dev\\.microembed</groupId>\\s*<artifactId>([\\w-]+)</artifactId>\\s*<version>([^<]+)</version>");
        List<String> artifacts = new ArrayList<>();
        for (Block b : xml) {
            Matcher m = ours.matcher(b.code());
            while (m.find()) {
                artifacts.add(m.group(1));
                if (version != null) assertEquals(version, m.group(2), DOC + ":" + b.firstLine() + ": " + m.group(1));
            }
        }
        assertTrue(artifacts.containsAll(List.of("microembed", "microembed-langchain4j", "microembed-spring-ai")), "snippets: " + artifacts);
    }

    /** Runs {@code main(new String[0])}, returning what it printed; an exception fails with the example's name. */
    static String runMain(Class<?> example) throws Exception {
        Method main = example.getMethod("main", String[].class);
        assertTrue(Modifier.isStatic(main.getModifiers()), example + ".main is not static");
        PrintStream saved = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            main.invoke(null, (Object) new String[0]);
        } catch (InvocationTargetException e) {
            throw new AssertionError("the example " + example.getName() + " of " + DOC + " failed: " + e.getCause(), e.getCause());
        } finally {
            System.setOut(saved);
        }
        String printed = buffer.toString(StandardCharsets.UTF_8);
        saved.print(example.getSimpleName() + " printed:\n" + printed);
        return printed;
    }

    /** The test class path; Surefire may hand the fork a manifest-only jar, whose Class-Path then lists it. */
    static String testClassPath() throws IOException {
        List<String> entries = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            entries.add(e);
            if (e.endsWith(".jar") && Path.of(e).getFileName().toString().startsWith("surefirebooter")) {
                try (JarFile jar = new JarFile(e)) {
                    Manifest mf = jar.getManifest();
                    String cp = mf == null ? null : mf.getMainAttributes().getValue("Class-Path");
                    if (cp != null) for (String url : cp.trim().split("\\s+")) entries.add(Path.of(java.net.URI.create(url)).toString());
                }
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
