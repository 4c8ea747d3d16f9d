package dev.microembed.eval;

import dev.microembed.model.Json;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Everything a run prints or writes: the terminal table, the JSON file and the Markdown report with
 * PNG charts (quality per task group and language; quality against texts/s).
 */
public final class Report {
    /** Results of one run plus what is needed to describe it. */
    public record Run(List<String> models, Map<String, String> descriptions, Map<String, String> skipped,
                      List<Result> results, String command, Map<String, Object> meta) {}

    /** Task groups, in display order: name, predicate on a result. */
    static String group(Result r) {
        return switch (r.kind()) {
            case "sts" -> r.task().contains("+") ? "STS cross-lingual" : "STS";
            case "bitext" -> "Bitext retrieval";
            case "classify" -> "Classification";
            default -> "Speed";
        };
    }

    static String metricLabel(String group) {
        return switch (group) {
            case "STS", "STS cross-lingual" -> "Spearman x100";
            case "Bitext retrieval" -> "accuracy % (mean of both directions)";
            case "Classification" -> "macro-F1 x100";
            default -> "";
        };
    }

    private static final List<String> GROUPS = List.of("STS", "STS cross-lingual", "Bitext retrieval", "Classification");

    /** Mean primary value per (group, model); NaN when the model has no result in the group. */
    static Map<String, Map<String, Double>> groupMeans(Run run) {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        for (String g : GROUPS) {
            Map<String, Double> perModel = new LinkedHashMap<>();
            for (String m : run.models()) {
                double s = 0;
                int c = 0;
                for (Result r : run.results()) {
                    if (r.primary() && r.model().equals(m) && group(r).equals(g) && Double.isFinite(r.value())) {
                        s += r.value();
                        c++;
                    }
                }
                if (c > 0) perModel.put(m, s / c);
            }
            if (!perModel.isEmpty()) out.put(g, perModel);
        }
        return out;
    }

    /** Mean cell text: the mean, with "(k/N tasks)" when the model ran only k of the group's N tasks. */
    static String meanCell(Run run, String group, String model, Map<String, Map<String, Double>> means) {
        Double v = means.getOrDefault(group, Map.of()).get(model);
        if (v == null) return "-";
        int total = tasksOf(run, group).size();
        long k = run.results().stream().filter(r -> r.primary() && r.model().equals(model) && group(r).equals(group)).count();
        return k < total ? fmt(v) + " (" + k + "/" + total + ")" : fmt(v);
    }

    static Double speed(Run run, String model, String metric) {
        for (Result r : run.results()) if (r.kind().equals("speed") && r.model().equals(model) && r.metric().equals(metric)) return r.value();
        return null;
    }

    // ---------------------------------------------------------------- terminal

    public static String table(Run run) {
        List<String> models = run.models();
        List<String> header = new ArrayList<>();
        header.add("task");
        header.addAll(models);
        List<List<String>> rows = new ArrayList<>();
        for (String g : GROUPS) {
            List<String> tasks = tasksOf(run, g);
            if (tasks.isEmpty()) continue;
            rows.add(null);
            List<String> title = new ArrayList<>();
            title.add("[" + g + ": " + metricLabel(g) + "]");
            for (int i = 0; i < models.size(); i++) title.add("");
            rows.add(title);
            for (String t : tasks) {
                List<String> row = new ArrayList<>();
                row.add(t);
                for (String m : models) row.add(fmt(primary(run, m, t)));
                rows.add(row);
            }
            List<String> mean = new ArrayList<>();
            mean.add("mean (" + tasks.size() + " tasks)");
            Map<String, Map<String, Double>> gm = groupMeans(run);
            for (String m : models) mean.add(meanCell(run, g, m, gm));
            rows.add(mean);
        }
        if (run.results().stream().anyMatch(r -> r.kind().equals("speed"))) {
            rows.add(null);
            List<String> title = new ArrayList<>();
            title.add("[Speed and memory: tweets, one thread]");
            for (int i = 0; i < models.size(); i++) title.add("");
            rows.add(title);
            for (String[] s : SPEED_ROWS) {
                List<String> row = new ArrayList<>();
                row.add(s[1]);
                for (String m : models) {
                    Double v = speed(run, m, s[0]);
                    row.add(v == null ? "-" : String.format(Locale.ROOT, s[2], v));
                }
                rows.add(row);
            }
        }
        return render(header, rows);
    }

    static final String[][] SPEED_ROWS = {
            {"texts_per_s", "texts/s", "%.0f"}, {"latency_p50_ms", "latency p50 ms", "%.3f"},
            {"latency_p99_ms", "latency p99 ms", "%.3f"}, {"load_ms", "load ms", "%.0f"},
            {"heap_after_load_mb", "heap after load MB", "%.1f"}, {"rss_after_load_mb", "RSS after load MB", "%.0f"},
            {"rss_after_run_mb", "RSS after run MB", "%.0f"}};

    private static String render(List<String> header, List<List<String>> rows) {
        int[] w = new int[header.size()];
        for (int i = 0; i < w.length; i++) w[i] = header.get(i).length();
        for (List<String> r : rows) {
            if (r == null || r.get(0).startsWith("[")) continue;
            for (int i = 0; i < w.length; i++) w[i] = Math.max(w[i], r.get(i).length());
        }
        StringBuilder b = new StringBuilder();
        line(b, header, w);
        int total = 0;
        for (int x : w) total += x + 2;
        for (List<String> r : rows) {
            if (r == null) b.append("-".repeat(total)).append('\n');
            else if (r.get(0).startsWith("[")) b.append(r.get(0)).append('\n');
            else line(b, r, w);
        }
        return b.toString();
    }

    private static void line(StringBuilder b, List<String> cells, int[] w) {
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            if (i == 0) b.append(c).append(" ".repeat(w[i] - c.length()));
            else b.append(" ".repeat(w[i] - c.length() + 2)).append(c);
        }
        b.append('\n');
    }

    static List<String> tasksOf(Run run, String g) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (Result r : run.results()) if (r.primary() && group(r).equals(g)) out.add(r.task());
        return new ArrayList<>(out);
    }

    static Double primary(Run run, String model, String task) {
        for (Result r : run.results()) if (r.primary() && r.model().equals(model) && r.task().equals(task)) return r.value();
        return null;
    }

    static String fmt(Double v) {
        return v == null || !Double.isFinite(v) ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }

    // ---------------------------------------------------------------- JSON

    public static void writeJson(Run run, Path file) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("command", run.command());
        root.put("meta", run.meta());
        root.put("models", run.descriptions());
        root.put("skipped", run.skipped());
        List<Object> entries = new ArrayList<>();
        for (Result r : run.results()) entries.add(r.toJson());
        root.put("results", entries);
        writeAtomically(file, Json.write(root, true) + "\n");
    }

    static void writeAtomically(Path file, String text) throws IOException {
        Path abs = file.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path tmp = Files.createTempFile(abs.getParent(), abs.getFileName().toString(), ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    // ---------------------------------------------------------------- Markdown + charts

    public static void writeMarkdown(Run run, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        StringBuilder md = new StringBuilder();
        md.append("# microembed evaluation report\n\n");
        md.append("Command: `").append(run.command()).append("`  \n");
        for (var e : run.meta().entrySet()) md.append(e.getKey()).append(": ").append(e.getValue()).append("  \n");
        if (run.meta().containsKey("not_run")) md.append("\nA mean shown as \"x (k/N)\" covers only the k of the group's N tasks that model ran (see not_run).\n");
        md.append("\n## Models\n\n| model | what |\n|---|---|\n");
        for (String m : run.models()) md.append("| ").append(m).append(" | ").append(run.descriptions().getOrDefault(m, "")).append(" |\n");
        for (var e : run.skipped().entrySet()) md.append("| ").append(e.getKey()).append(" | skipped: ").append(e.getValue()).append(" |\n");

        Map<String, Map<String, Double>> means = groupMeans(run);
        md.append("\n## Summary (mean over the tasks of each group)\n\n");
        md.append(markdownTable(run, means));
        if (run.results().stream().anyMatch(r -> r.kind().equals("speed"))) {
            md.append("\n## Speed and memory\n\nTweets from `tweets/xlm-t/*/val_text.txt`, one text per call on one calling thread, after warm-up; each model in a fresh JVM.\n\n");
            md.append("| model |");
            for (String[] s : SPEED_ROWS) md.append(' ').append(s[1]).append(" |");
            md.append("\n|---|");
            for (int i = 0; i < SPEED_ROWS.length; i++) md.append("---:|");
            md.append('\n');
            for (String m : run.models()) {
                if (speed(run, m, "texts_per_s") == null) continue;
                md.append("| ").append(m).append(" |");
                for (String[] s : SPEED_ROWS) {
                    Double v = speed(run, m, s[0]);
                    md.append(' ').append(v == null ? "-" : String.format(Locale.ROOT, s[2], v)).append(" |");
                }
                md.append('\n');
            }
            Path png = dir.resolve("quality-vs-speed.png");
            if (speedChart(run, means, png)) md.append("\n![quality vs speed](quality-vs-speed.png)\n");
        }
        for (String g : GROUPS) {
            List<String> tasks = tasksOf(run, g);
            if (tasks.isEmpty()) continue;
            md.append("\n## ").append(g).append(" (").append(metricLabel(g)).append(")\n\n");
            String file = "quality-" + g.toLowerCase(Locale.ROOT).replaceAll("[^a-z]+", "-") + ".png";
            groupChart(run, g, tasks, dir.resolve(file));
            md.append("![").append(g).append("](").append(file).append(")\n\n");
            md.append("| task | n |");
            for (String m : run.models()) md.append(' ').append(m).append(" |");
            md.append("\n|---|---:|");
            for (int i = 0; i < run.models().size(); i++) md.append("---:|");
            md.append('\n');
            for (String t : tasks) {
                int n = run.results().stream().filter(r -> r.task().equals(t)).mapToInt(Result::n).max().orElse(0);
                md.append("| ").append(t).append(" | ").append(n).append(" |");
                for (String m : run.models()) md.append(' ').append(fmt(primary(run, m, t))).append(" |");
                md.append('\n');
            }
        }
        md.append("\nAll numbers, including secondary metrics (Pearson, accuracy, per-direction retrieval), are in the JSON file of the run.\n");
        writeAtomically(dir.resolve("README.md"), md.toString());
    }

    private static String markdownTable(Run run, Map<String, Map<String, Double>> means) {
        StringBuilder md = new StringBuilder("| group | metric |");
        for (String m : run.models()) md.append(' ').append(m).append(" |");
        md.append("\n|---|---|");
        for (int i = 0; i < run.models().size(); i++) md.append("---:|");
        md.append('\n');
        for (var e : means.entrySet()) {
            md.append("| ").append(e.getKey()).append(" (").append(tasksOf(run, e.getKey()).size()).append(" tasks) | ")
                    .append(metricLabel(e.getKey())).append(" |");
            for (String m : run.models()) md.append(' ').append(meanCell(run, e.getKey(), m, means)).append(" |");
            md.append('\n');
        }
        return md.toString();
    }

    static final Color[] PALETTE = {new Color(0xD62728), new Color(0xFF7F0E), new Color(0x1F77B4), new Color(0x17BECF),
            new Color(0x2CA02C), new Color(0x9467BD), new Color(0x8C564B), new Color(0xE377C2), new Color(0x7F7F7F)};

    private static void groupChart(Run run, String g, List<String> tasks, Path png) throws IOException {
        int width = Math.max(900, Math.min(2400, 140 + tasks.size() * (30 + 12 * run.models().size())));
        CategoryChart c = new CategoryChartBuilder().width(width).height(520).title(g + " - " + metricLabel(g))
                .xAxisTitle("language (or task)").yAxisTitle(metricLabel(g)).build();
        style(c.getStyler());
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        c.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        c.getStyler().setXAxisLabelRotation(tasks.size() > 8 ? 45 : 0);
        c.getStyler().setAvailableSpaceFill(0.85);
        c.getStyler().setOverlapped(false);
        c.getStyler().setYAxisMin(g.startsWith("STS") ? null : 0.0);
        c.getStyler().setYAxisMax(g.startsWith("STS") ? null : 100.0);
        List<String> labels = new ArrayList<>();
        for (String t : tasks) labels.add(shortLabel(run, t));
        int color = 0;
        List<Color> colors = new ArrayList<>();
        for (String m : run.models()) {
            List<Double> ys = new ArrayList<>();
            boolean any = false;
            for (String t : tasks) {
                Double v = primary(run, m, t);
                any |= v != null && Double.isFinite(v);
                ys.add(v == null || !Double.isFinite(v) ? null : v); // no bar, not a zero bar
            }
            Color col = PALETTE[color++ % PALETTE.length];
            if (!any) continue;
            c.addSeries(m, labels, ys);
            colors.add(col);
        }
        if (colors.isEmpty()) return;
        c.getStyler().setSeriesColors(colors.toArray(Color[]::new));
        BitmapEncoder.saveBitmap(c, png.toString().replaceAll("\\.png$", ""), BitmapEncoder.BitmapFormat.PNG);
    }

    /** The language (or pair) when unique among the group's tasks, else the task id without its kind. */
    private static String shortLabel(Run run, String task) {
        for (Result r : run.results()) {
            if (r.task().equals(task)) {
                String lang = r.language();
                long same = run.results().stream().filter(x -> x.primary() && group(x).equals(group(r)) && x.language().equals(lang))
                        .map(Result::task).distinct().count();
                return same == 1 ? lang : task.substring(task.indexOf(':') + 1);
            }
        }
        return task;
    }

    /**
     * Quality against speed: one panel per task group (its mean primary metric against texts/s on a
     * log axis), one coloured point per model with the same colour in every panel, panels tiled
     * two per row into one PNG.
     */
    private static boolean speedChart(Run run, Map<String, Map<String, Double>> means, Path png) throws IOException {
        List<java.awt.image.BufferedImage> panels = new ArrayList<>();
        for (String g : means.keySet()) {
            XYChart c = new XYChartBuilder().width(640).height(420).title(g)
                    .xAxisTitle("texts per second, one thread (log scale)").yAxisTitle(metricLabel(g)).build();
            style(c.getStyler());
            c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            c.getStyler().setXAxisLogarithmic(true);
            c.getStyler().setLegendVisible(false); // one shared legend above the panels
            c.getStyler().setPlotGridVerticalLinesVisible(false);
            c.getStyler().setMarkerSize(13);
            c.getStyler().setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            int color = 0, added = 0;
            double lo = Double.MAX_VALUE, hi = 0;
            for (String m : run.models()) {
                Color col = PALETTE[color++ % PALETTE.length];
                Double tps = speed(run, m, "texts_per_s"), v = means.get(g).get(m);
                if (tps == null || v == null || !(tps > 0)) continue;
                XYSeries s = c.addSeries(m, List.of(tps), List.of(v));
                s.setMarker(SeriesMarkers.CIRCLE);
                s.setMarkerColor(col);
                lo = Math.min(lo, tps);
                hi = Math.max(hi, tps);
                added++;
            }
            if (added == 0) continue;
            // pad the log axis by half a decade on each side so edge points are not clipped
            c.getStyler().setXAxisMin(Math.pow(10, Math.floor(Math.log10(lo) - 0.5)));
            c.getStyler().setXAxisMax(Math.pow(10, Math.ceil(Math.log10(hi) + 0.5)));
            c.getStyler().setYAxisMin(0.0);
            c.getStyler().setYAxisMax(100.0);
            panels.add(BitmapEncoder.getBufferedImage(c));
        }
        if (panels.isEmpty()) return false;
        int cols = Math.min(2, panels.size()), rows = (panels.size() + 1) / 2;
        int w = panels.get(0).getWidth(), h = panels.get(0).getHeight(), top = 80;
        var img = new java.awt.image.BufferedImage(cols * w, rows * h + top, java.awt.image.BufferedImage.TYPE_INT_RGB);
        var g2 = img.createGraphics();
        g2.setRenderingHint(java.awt.RenderingHints.KEY_TEXT_ANTIALIASING, java.awt.RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g2.setColor(Color.WHITE);
        g2.fillRect(0, 0, img.getWidth(), img.getHeight());
        g2.setColor(Color.BLACK);
        g2.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g2.drawString("Quality against speed (speed: tweets, one text per call, one thread; up and right is better)", 16, 27);
        // shared legend: one coloured dot per model, same colours as the bar charts
        g2.setRenderingHint(java.awt.RenderingHints.KEY_ANTIALIASING, java.awt.RenderingHints.VALUE_ANTIALIAS_ON);
        g2.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        int x = 20, color = 0;
        for (String m : run.models()) {
            Color col = PALETTE[color++ % PALETTE.length];
            Double tps = speed(run, m, "texts_per_s");
            if (tps == null) continue;
            String label = m;
            g2.setColor(col);
            g2.fillOval(x, 47, 14, 14);
            g2.setColor(Color.BLACK);
            g2.drawString(label, x + 20, 60);
            x += 20 + g2.getFontMetrics().stringWidth(label) + 28;
        }
        for (int i = 0; i < panels.size(); i++) g2.drawImage(panels.get(i), (i % 2) * w, top + (i / 2) * h, null);
        g2.dispose();
        javax.imageio.ImageIO.write(img, "png", png.toFile());
        return true;
    }

    private static void style(org.knowm.xchart.style.AxesChartStyler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotGridLinesColor(new Color(0xDDDDDD));
        s.setPlotBorderVisible(false);
        s.setLegendBorderColor(Color.WHITE);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setAntiAlias(true);
    }
}
