package dev.microembed.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java examples of docs/lucene.md compile against this module (each ```java block is one public class). */
class DocExamplesTest {
    @TempDir
    Path tmp;

    @Test
    void javaBlocksOfTheGuideCompile() throws IOException {
        Path doc = Path.of(System.getProperty("microembed.root", "../.."), "docs/lucene.md");
        Matcher blocks = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(doc));
        List<JavaFileObject> sources = new ArrayList<>();
        while (blocks.find()) {
            String code = blocks.group(1);
            Matcher name = Pattern.compile("public (?:final )?class (\\w+)").matcher(code);
            assertTrue(name.find(), "each java block of docs/lucene.md is a public class:\n" + code);
            sources.add(new SimpleJavaFileObject(URI.create("string:///" + name.group(1) + ".java"), JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return code;
                }
            });
        }
        assertFalse(sources.isEmpty(), "docs/lucene.md has Java examples");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        boolean ok = javac.getTask(diagnostics, null, null,
                List.of("-d", tmp.toString(), "-classpath", System.getProperty("java.class.path"), "-proc:none"), null, sources).call();
        assertEquals("", diagnostics.toString());
        assertTrue(ok);
    }
}
