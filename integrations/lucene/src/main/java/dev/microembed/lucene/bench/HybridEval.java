package dev.microembed.lucene.bench;

import dev.microembed.Microembed;
import dev.microembed.lucene.Fusion;
import dev.microembed.lucene.IndexSearch;
import dev.microembed.lucene.MicroembedLucene;
import dev.microembed.lucene.cli.LuceneMain;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.ByteBuffersDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code microembed index-eval}: which ranking finds the right text, on the retrieval-style tasks of the shared
 * data, each run through a real index of this module's layout (in memory):
 * <ul>
 *   <li>Tatoeba, both directions, every language: the held-out tail of {@code xxx-eng.xxx} / {@code .eng}
 *       (the lines the training stage never sees); one side is indexed, each line of the other side is a query,
 *       its translation the answer.</li>
 *   <li>STS-B English dev, pairs with gold score at least 4 as paraphrases: the distinct second sentences of all
 *       dev pairs are indexed, each positive pair's first sentence is a query and its second the answer (and the
 *       reverse direction).</li>
 * </ul>
 * A hit counts when its text equals the answer's (duplicated lines count as found). Metrics: accuracy@1 and
 * MRR@10, ×100; Tatoeba is the mean over languages.
 */
@Command(name = "index-eval", mixinStandardHelpOptions = true, version = "microembed-lucene 0.1.0-SNAPSHOT", sortOptions = false,
        description = {"Measures vector, BM25 and hybrid fusions (RRF, weighted) on Tatoeba (both",
                "directions) and STS-B paraphrase retrieval (docs/lucene.md)."})
public final class HybridEval extends LuceneMain.Base {
    /** Tatoeba languages of the dev suite (tools' EvalCommand.DEV_TATOEBA), reported as a second Tatoeba figure. */
    static final List<String> DEV_TATOEBA = List.of("deu", "fra", "spa", "ita", "por", "nld", "pol", "rus", "jpn",
            "cmn", "ara", "hin", "tur", "kor", "vie", "heb", "ell", "swe", "fin", "ind", "ukr", "ces", "hun", "ron");

    @Option(names = "--data", paramLabel = "DIR", description = "Shared data folder (default: ../shared/data of the checkout).")
    Path data;

    @Option(names = "--depth", paramLabel = "N", description = "Hits of each list that hybrid search fuses (default ${DEFAULT-VALUE}).")
    int depth = IndexSearch.DEFAULT_DEPTH;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the Markdown report here.")
    Path out;

    /** One retrieval task: queries with the text each should find, over a list of documents. */
    record Task(String group, String name, List<String> docs, List<String> queries, List<String> answers) {}

    /** A ranking made from the vector list and the BM25 list of one query. */
    record Method(String name, BiFunction<ScoreDoc[], ScoreDoc[], ScoreDoc[]> rank) {}

    static List<Method> methods() {
        List<Method> m = new ArrayList<>();
        m.add(new Method("vector", (v, b) -> v));
        m.add(new Method("bm25", (v, b) -> b));
        for (Fusion f : List.of(new Fusion.Rrf(60), new Fusion.Weighted(0.7), new Fusion.Weighted(0.5), new Fusion.Weighted(0.9)))
            m.add(new Method("hybrid " + label(f), f::fuse));
        return m;
    }

    static String label(Fusion f) {
        return switch (f) {
            case Fusion.Rrf r -> "RRF k=" + r.k();
            case Fusion.Weighted w -> String.format(Locale.ROOT, "weighted %.1f/%.1f", w.semanticWeight(), 1 - w.semanticWeight());
        };
    }

    @Override
    public Integer call() throws IOException {
        if (depth < 10) throw usage("--depth must be at least 10, got " + depth);
        Path dir = SharedData.require(data != null ? data : SharedData.defaultDir());
        long t0 = System.nanoTime();
        List<Task> tasks = tasks(dir);
        List<Method> methods = methods();
        // per task, per method: {acc@1, MRR@10}
        Map<Task, double[][]> results = new LinkedHashMap<>();
        try (Microembed m = loadModel()) {
            for (Task t : tasks) results.put(t, evaluate(m, t, methods, depth));
        }
        String report = report(commandLine(), dir, tasks, methods, results, (System.nanoTime() - t0) / 1e9);
        PrintWriter o = out();
        o.print(report);
        o.flush();
        if (out != null) {
            if (out.getParent() != null) Files.createDirectories(out.getParent());
            Files.writeString(out, report);
        }
        return 0;
    }

    static List<Task> tasks(Path data) {
        List<Task> tasks = new ArrayList<>();
        for (String lang : SharedData.tatoebaLanguages(data)) {
            List<String> xxx = SharedData.lines(data.resolve("parallel/tatoeba/" + lang + "-eng." + lang));
            List<String> eng = SharedData.lines(data.resolve("parallel/tatoeba/" + lang + "-eng.eng"));
            int n = Math.min(xxx.size(), eng.size()), h = SharedData.heldOut(n);
            if (h == 0) continue;
            List<String> x = xxx.subList(n - h, n), e = eng.subList(n - h, n);
            tasks.add(new Task("tatoeba xxx→eng", lang, e, x, e));
            tasks.add(new Task("tatoeba eng→xxx", lang, x, e, x));
        }
        List<List<String>> sts = SharedData.csv(data.resolve("sts/stsb-multi-mt/stsb-en-dev.csv"));
        List<String> s1 = new ArrayList<>(), s2 = new ArrayList<>();
        LinkedHashSet<String> all1 = new LinkedHashSet<>(), all2 = new LinkedHashSet<>();
        for (List<String> r : sts) {
            if (r.size() != 3) continue;
            all1.add(r.get(0));
            all2.add(r.get(1));
            if (Double.parseDouble(r.get(2).strip()) >= 4.0) {
                s1.add(r.get(0));
                s2.add(r.get(1));
            }
        }
        tasks.add(new Task("STS-B en s1→s2", "en-dev", List.copyOf(all2), s1, s2));
        tasks.add(new Task("STS-B en s2→s1", "en-dev", List.copyOf(all1), s2, s1));
        return tasks;
    }

    /** Builds the task's index in memory and scores every method; returns per method {acc@1, MRR@10}. */
    static double[][] evaluate(Microembed model, Task t, List<Method> methods, int depth) throws IOException {
        ByteBuffersDirectory dir = new ByteBuffersDirectory();
        IndexWriterConfig cfg = new IndexWriterConfig(MicroembedLucene.analyzer())
                .setCodec(MicroembedLucene.codec(MicroembedLucene.DEFAULT_MAX_CONN, MicroembedLucene.DEFAULT_BEAM_WIDTH));
        try (IndexWriter w = new IndexWriter(dir, cfg)) {
            for (int i = 0; i < t.docs().size(); i++) w.addDocument(MicroembedLucene.document(model, i + 1, t.docs().get(i)));
        }
        double[][] sums = new double[methods.size()][2];
        try (DirectoryReader reader = DirectoryReader.open(dir)) {
            IndexSearch s = IndexSearch.over(reader, model);
            StoredFields stored = reader.storedFields();
            String[] textOf = new String[reader.maxDoc()];
            for (int d = 0; d < textOf.length; d++) textOf[d] = stored.document(d).get(MicroembedLucene.TEXT);
            for (int q = 0; q < t.queries().size(); q++) {
                String query = t.queries().get(q), answer = t.answers().get(q);
                ScoreDoc[] v = s.vector(model.embed(query), depth), b = s.keyword(query, depth);
                for (int mi = 0; mi < methods.size(); mi++) {
                    ScoreDoc[] ranked = methods.get(mi).rank().apply(v, b);
                    for (int p = 0; p < Math.min(10, ranked.length); p++) {
                        if (textOf[ranked[p].doc].equals(answer)) {
                            if (p == 0) sums[mi][0]++;
                            sums[mi][1] += 1.0 / (p + 1);
                            break;
                        }
                    }
                }
            }
        }
        int n = t.queries().size();
        for (double[] r : sums) {
            r[0] = 100 * r[0] / n;
            r[1] = 100 * r[1] / n;
        }
        return sums;
    }

    static String report(String command, Path data, List<Task> tasks, List<Method> methods, Map<Task, double[][]> results, double seconds) {
        // groups: the task groups, plus the 24 dev-suite Tatoeba languages of each direction
        Map<String, List<double[][]>> groups = new LinkedHashMap<>();
        Map<String, Integer> queries = new LinkedHashMap<>();
        for (Task t : tasks) {
            groups.computeIfAbsent(t.group(), g -> new ArrayList<>()).add(results.get(t));
            queries.merge(t.group(), t.queries().size(), Integer::sum);
        }
        for (Task t : tasks) {
            if (!t.group().startsWith("tatoeba") || !DEV_TATOEBA.contains(t.name())) continue;
            String g = t.group() + " (24 dev langs)";
            groups.computeIfAbsent(g, k -> new ArrayList<>()).add(results.get(t));
            queries.merge(g, t.queries().size(), Integer::sum);
        }
        List<String> main = groups.keySet().stream().filter(g -> !g.contains("dev langs")).toList();
        StringBuilder b = new StringBuilder();
        b.append("# Hybrid search on retrieval-style tasks (microembed index-eval)\n\n");
        b.append("Command: `").append(command).append("`. Date: ").append(LocalDate.now()).append(". Data: `").append(data).append("`. Run time: ")
                .append(String.format(Locale.ROOT, "%.0f s", seconds)).append(".\n\n");
        b.append("Each task is a real Lucene index of this module's layout (in memory: int8 HNSW vectors with exact rescoring, ")
                .append("BM25 over StandardAnalyzer terms). Hybrid methods fuse the top-100 of each list. ")
                .append("Tatoeba: held-out tail of every language pair (the lines training never sees), one side indexed, ")
                .append("the other side queries; mean over languages. STS-B: English dev pairs with score ≥ 4; ")
                .append("the distinct sentences of the other column (all dev pairs) are indexed.\n\n");
        b.append("| method |");
        for (String g : groups.keySet()) b.append(' ').append(g).append(" acc@1 | MRR@10 |");
        b.append(" mean MRR@10 (").append(main.size()).append(" groups) |\n|---|");
        b.append("---:|".repeat(2 * groups.size() + 1)).append('\n');
        for (int mi = 0; mi < methods.size(); mi++) {
            b.append("| ").append(methods.get(mi).name()).append(" |");
            double meanMrr = 0;
            for (var e : groups.entrySet()) {
                double acc = 0, mrr = 0;
                for (double[][] r : e.getValue()) {
                    acc += r[mi][0];
                    mrr += r[mi][1];
                }
                acc /= e.getValue().size();
                mrr /= e.getValue().size();
                if (main.contains(e.getKey())) meanMrr += mrr / main.size();
                b.append(String.format(Locale.ROOT, " %.1f | %.1f |", acc, mrr));
            }
            b.append(String.format(Locale.ROOT, " **%.1f** |%n", meanMrr));
        }
        b.append("\nQueries per group: ");
        queries.forEach((g, n) -> b.append(g).append(' ').append(n).append("; "));
        b.setLength(b.length() - 2);
        b.append(".\n");
        return b.toString();
    }
}
