package dev.microembed.lucene.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The machine a measurement ran on, for reports: CPU model and count (lscpu, else /proc/cpuinfo), load. */
final class Machine {
    private Machine() {}

    static String describe() {
        String model = null, cpus = null, threads = null;
        try {
            Process p = new ProcessBuilder("lscpu").redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            for (String line : text.split("\n")) {
                String[] kv = line.split(":", 2);
                if (kv.length < 2) continue;
                String k = kv[0].strip(), v = kv[1].strip();
                if (k.equals("Model name") && model == null) model = v;
                if (k.equals("CPU(s)")) cpus = v;
                if (k.equals("Thread(s) per core")) threads = v;
            }
        } catch (IOException | InterruptedException e) {
            // fall back to /proc/cpuinfo
        }
        if (model == null) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/cpuinfo")))
                    if (line.startsWith("model name")) {
                        model = line.substring(line.indexOf(':') + 1).strip();
                        break;
                    }
            } catch (IOException e) {
                model = System.getProperty("os.arch");
            }
        }
        return model + ", " + (cpus != null ? cpus : Integer.toString(Runtime.getRuntime().availableProcessors())) + " CPUs"
                + (threads != null ? " (" + threads + " thread(s) per core)" : "") + ", " + Runtime.getRuntime().availableProcessors()
                + " available to the JVM";
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
