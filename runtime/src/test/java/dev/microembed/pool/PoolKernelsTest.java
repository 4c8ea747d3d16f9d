package dev.microembed.pool;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PoolKernelsTest {
    @Test
    void selectionFallsBackToScalar() {
        assertSame(ScalarPoolKernel.INSTANCE, PoolKernels.select(false, true));
        assertSame(ScalarPoolKernel.INSTANCE, PoolKernels.select(true, false));
        assertTrue(PoolKernels.vectorModulePresent(), "the tests run with --add-modules jdk.incubator.vector");
        assertTrue(PoolKernels.best().name().startsWith("vector-"), PoolKernels.best().name());
    }

    /** A JVM started without the incubator module must load the runtime, pick the scalar twin and give the same bits. */
    @Test
    void forkedJvmWithoutIncubatorModuleUsesScalarTwin() throws Exception {
        String withModule = probe(true);
        String without = probe(false);
        assertTrue(withModule.startsWith("vector-"), withModule);
        assertTrue(without.startsWith("scalar "), without);
        assertEquals(withModule.split(" ")[1], without.split(" ")[1], "vector and scalar bits differ");
    }

    private static String probe(boolean addModule) throws Exception {
        String cp = location(PoolKernels.class) + java.io.File.pathSeparator + location(KernelProbe.class);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (addModule) cmd.addAll(List.of("--add-modules", "jdk.incubator.vector"));
        cmd.addAll(List.of("-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", cp, KernelProbe.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        String[] lines = out.strip().split("\n");
        return lines[lines.length - 1];
    }

    private static String location(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
