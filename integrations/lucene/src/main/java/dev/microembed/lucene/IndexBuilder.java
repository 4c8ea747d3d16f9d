package dev.microembed.lucene;

import dev.microembed.Microembed;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.lucene.index.ConcurrentMergeScheduler;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexFormatTooNewException;
import org.apache.lucene.index.IndexFormatTooOldException;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.IOUtils;

/**
 * Builds a persistent index of a text file, one document per non-blank line ({@link MicroembedLucene}
 * describes the fields), resumably and atomically:
 * <ol>
 *   <li>The build happens in {@link #workDir(Path) DIR.tmp-build} beside the target {@code DIR}. Every
 *       {@link #commitEvery(long) N lines} or {@link #commitInterval(Duration) T seconds} it commits, with the
 *       number of lines consumed in the commit's user data ({@link IndexInfo}).</li>
 *   <li>A build that was killed is resumed by running it again: the work directory's last commit says which
 *       line comes next; whatever was added after that commit is discarded by Lucene. A work directory of
 *       another corpus, model or HNSW setting (content hashes differ) is discarded and the build starts over.</li>
 *   <li>At the end the segments are merged into one (unless {@link #forceMerge(boolean) disabled}), the last
 *       commit is marked complete and the work directory is renamed to {@code DIR}. A finished index already at
 *       {@code DIR} is replaced only with {@link #force(boolean)}; a {@code DIR} that is not a microembed index
 *       is never touched.</li>
 * </ol>
 * Two builds of the same target exclude each other through Lucene's write lock on the work directory.
 */
public final class IndexBuilder {
    public static final long DEFAULT_COMMIT_EVERY = 100_000;
    public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofSeconds(60);
    /** Names Lucene gives the files of an index directory. */
    private static final Pattern LUCENE_FILE = Pattern.compile("segments_[0-9a-z]+|pending_segments_[0-9a-z]+|write\\.lock|_[0-9a-z]+.*");

    private final Path corpus, index;
    private boolean force, forceMerge = true;
    private long commitEvery = DEFAULT_COMMIT_EVERY;
    private Duration commitInterval = DEFAULT_COMMIT_INTERVAL;
    private int maxConn = MicroembedLucene.DEFAULT_MAX_CONN, beamWidth = MicroembedLucene.DEFAULT_BEAM_WIDTH;
    private double ramBufferMb = 256;
    private PrintStream progress;
    private Consumer<String> log = message -> {};
    private long interruptAfter = -1;

    /** What a build did: the index and its record, the line it resumed after (0: a fresh build), timings. */
    public record Result(Path index, IndexInfo info, long resumedAfterLine, double seconds, double mergeSeconds) {}

    /** Thrown by the test hook {@link #interruptAfter(long)}: the build stops as if killed. */
    static final class SimulatedKill extends RuntimeException {
        SimulatedKill(long line) {
            super("simulated kill after line " + line);
        }
    }

    public IndexBuilder(Path corpus, Path index) {
        this.corpus = corpus;
        this.index = index.toAbsolutePath().normalize();
    }

    /** Replace a finished index at the target (default false: refuse). */
    public IndexBuilder force(boolean force) {
        this.force = force;
        return this;
    }

    /** Merge into one segment before the final commit (default true: one HNSW graph, fastest queries). */
    public IndexBuilder forceMerge(boolean forceMerge) {
        this.forceMerge = forceMerge;
        return this;
    }

    /** Commit at least every {@code lines} lines. */
    public IndexBuilder commitEvery(long lines) {
        if (lines < 1) throw new IllegalArgumentException("commitEvery must be >= 1");
        this.commitEvery = lines;
        return this;
    }

    /** Commit at least this often. */
    public IndexBuilder commitInterval(Duration interval) {
        this.commitInterval = interval;
        return this;
    }

    /** HNSW graph parameters (Lucene's defaults: 16, 100). */
    public IndexBuilder hnsw(int maxConn, int beamWidth) {
        if (maxConn < 1 || maxConn > 512) throw new IllegalArgumentException("maxConn must be in 1..512, got " + maxConn);
        if (beamWidth < 1 || beamWidth > 3200) throw new IllegalArgumentException("beamWidth must be in 1..3200, got " + beamWidth);
        this.maxConn = maxConn;
        this.beamWidth = beamWidth;
        return this;
    }

    /** IndexWriter RAM buffer (default 256 MB). */
    public IndexBuilder ramBufferMb(double mb) {
        this.ramBufferMb = mb;
        return this;
    }

    /** Draw a progress bar on this stream (default: none). */
    public IndexBuilder progress(PrintStream stream) {
        this.progress = stream;
        return this;
    }

    /** Where notes go (resuming, discarding a stale work directory, merging). */
    public IndexBuilder log(Consumer<String> log) {
        this.log = log;
        return this;
    }

    /** Test hook: stop, as a kill would, right after adding this line (nothing after the last commit survives). */
    IndexBuilder interruptAfter(long line) {
        this.interruptAfter = line;
        return this;
    }

    /** The directory a build of {@code index} works in until it is renamed into place. */
    public static Path workDir(Path index) {
        Path abs = index.toAbsolutePath().normalize();
        return abs.resolveSibling(abs.getFileName() + ".tmp-build");
    }

    private enum Target { ABSENT, EMPTY_DIR, REPLACE }

    /** Builds (or resumes, or just finishes) the index of the corpus with {@code model}. */
    public Result build(Microembed model) {
        long t0 = System.nanoTime();
        if (index.getParent() == null) throw new IndexProblem(index + ": cannot build an index at the file system root");
        Target target = inspectTarget();
        CorpusStats stats = CorpusStats.of(corpus);
        Path modelDir = model.model().dir().toAbsolutePath().normalize();
        IndexInfo wanted = new IndexInfo(corpus.toAbsolutePath().normalize().toString(), stats.sha256(), modelDir.toString(),
                MicroembedLucene.modelFingerprint(modelDir), model.dim(), maxConn, beamWidth, 0, 0, false);
        Path work = workDir(index);
        try {
            Files.createDirectories(index.getParent());
            if (Files.exists(work) && !Files.isDirectory(work)) throw new IndexProblem(work + " exists and is not a directory; remove it");
            if (Files.isDirectory(work) && !onlyLuceneFiles(work))
                throw new IndexProblem(work + " (the work directory of this build) holds files that are not Lucene's; remove it");
            Files.createDirectories(work);
            IndexInfo done = null;
            long resumedAfter;
            double mergeSeconds = 0;
            try (Directory dir = FSDirectory.open(work)) {
                IndexWriter w = openWriter(dir, work);
                try {
                    IndexInfo partial = IndexInfo.fromUserData(userData(w));
                    long startLine = 0, texts = 0;
                    if (partial != null && partial.sameBuild(wanted) && w.getDocStats().numDocs == partial.texts()) {
                        startLine = partial.lines();
                        texts = partial.texts();
                        if (startLine > 0 && !partial.complete())
                            log.accept("resuming the build in " + work + " after line " + startLine + " (" + texts + " texts already indexed)");
                    } else if (partial != null || w.getDocStats().maxDoc > 0) {
                        log.accept("discarding a partial build of another corpus, model or HNSW setting in " + work);
                        w.deleteAll();
                    }
                    resumedAfter = startLine;
                    if (partial != null && partial.sameBuild(wanted) && partial.complete()) {
                        done = partial; // killed between the last commit and the rename: only the rename is left
                    } else {
                        commit(w, wanted.progress(startLine, texts, false));
                        long[] end = addLines(model, w, wanted, startLine, texts, stats.lines());
                        if (end[1] > 0) {
                            commit(w, wanted.progress(end[0], end[1], false)); // every line is in: a resume only merges
                            int segments = SegmentInfos.readLatestCommit(dir).size();
                            if (forceMerge && segments > 1) {
                                log.accept("merging " + segments + " segments into one");
                                long tm = System.nanoTime();
                                w.forceMerge(1);
                                mergeSeconds = (System.nanoTime() - tm) / 1e9;
                            }
                            done = wanted.progress(end[0], end[1], true);
                            commit(w, done);
                        }
                    }
                } finally {
                    w.close(); // commitOnClose is false: anything after the last commit is rolled back
                }
            }
            if (done == null) {
                deleteTree(work);
                throw new IndexProblem(corpus + ": no non-blank line to index");
            }
            moveIntoPlace(work, target);
            return new Result(index, done, resumedAfter, (System.nanoTime() - t0) / 1e9, mergeSeconds);
        } catch (IOException e) {
            throw new IndexProblem(work + ": " + describe(e), e);
        }
    }

    /** Adds the lines after {@code startLine}; returns {lines consumed, texts indexed}. */
    private long[] addLines(Microembed model, IndexWriter w, IndexInfo wanted, long startLine, long texts, long totalLines) throws IOException {
        long line = 0, lastCommitLine = startLine, lastCommitNanos = System.nanoTime();
        ProgressBar bar = progress == null ? null : new ProgressBarBuilder().setTaskName("index").setInitialMax(Math.max(totalLines, 1))
                .setUnit(" lines", 1).showSpeed()
                .setStyle(System.console() != null ? ProgressBarStyle.COLORFUL_UNICODE_BLOCK : ProgressBarStyle.ASCII).setUpdateIntervalMillis(1000).setConsumer(new ConsoleProgressBarConsumer(progress))
                .startsFrom(startLine, Duration.ZERO).build();
        try (BufferedReader r = reader(corpus)) {
            for (String text; (text = r.readLine()) != null; ) {
                line++;
                if (line <= startLine) continue;
                if (!text.isBlank()) {
                    w.addDocument(MicroembedLucene.document(model, line, text));
                    texts++;
                }
                if (bar != null && (line & 255) == 0) bar.stepTo(line);
                if (line == interruptAfter) throw new SimulatedKill(line);
                if (line - lastCommitLine >= commitEvery || System.nanoTime() - lastCommitNanos >= commitInterval.toNanos()) {
                    commit(w, wanted.progress(line, texts, false));
                    lastCommitLine = line;
                    lastCommitNanos = System.nanoTime();
                }
            }
            if (bar != null) bar.stepTo(Math.max(line, startLine));
        } finally {
            if (bar != null) bar.close();
        }
        return new long[] {Math.max(line, startLine), texts};
    }

    private IndexWriterConfig config(IndexWriterConfig.OpenMode mode) {
        ConcurrentMergeScheduler merges = new ConcurrentMergeScheduler();
        merges.setMaxMergesAndThreads(2, 1); // one merge thread: indexing and merging share at most two cores
        return new IndexWriterConfig(MicroembedLucene.analyzer()).setCodec(MicroembedLucene.codec(maxConn, beamWidth))
                .setOpenMode(mode).setCommitOnClose(false).setRAMBufferSizeMB(ramBufferMb).setMergeScheduler(merges);
    }

    private IndexWriter openWriter(Directory dir, Path work) throws IOException {
        try {
            return new IndexWriter(dir, config(IndexWriterConfig.OpenMode.CREATE_OR_APPEND));
        } catch (LockObtainFailedException e) {
            throw new IndexProblem("another build is writing " + work + " (its write.lock is held)", e);
        } catch (CorruptIndexException | IndexFormatTooOldException | IndexFormatTooNewException e) {
            log.accept("discarding an unreadable partial build in " + work + " (" + e.getMessage() + ")");
            return new IndexWriter(dir, config(IndexWriterConfig.OpenMode.CREATE));
        }
    }

    private static Map<String, String> userData(IndexWriter w) {
        Map<String, String> m = new HashMap<>();
        Iterable<Map.Entry<String, String>> data = w.getLiveCommitData();
        if (data != null) for (var e : data) m.put(e.getKey(), e.getValue());
        return m;
    }

    private static void commit(IndexWriter w, IndexInfo info) throws IOException {
        w.setLiveCommitData(info.toUserData().entrySet());
        w.commit();
    }

    /** Checks the target: absent, an empty directory, or a microembed index that --force may replace. */
    private Target inspectTarget() {
        if (!Files.exists(index)) return Target.ABSENT;
        if (!Files.isDirectory(index)) throw new IndexProblem(index + " exists and is not a directory");
        try (Stream<Path> s = Files.list(index)) {
            if (s.findAny().isEmpty()) return Target.EMPTY_DIR;
        } catch (IOException e) {
            throw new IndexProblem(index + ": cannot read: " + describe(e), e);
        }
        IndexInfo info;
        try {
            info = readInfo(index);
        } catch (IOException e) {
            info = null;
        }
        if (info == null) throw new IndexProblem(index + " exists and is not a microembed index; not touching it (choose another --index or remove it)");
        if (!force)
            throw new IndexProblem(index + " already holds an index (" + info.texts() + " texts of " + info.corpus() + "); pass --force to replace it");
        return Target.REPLACE;
    }

    /** The microembed record of the latest commit in {@code dir}; null when there is no commit or not ours. */
    static IndexInfo readInfo(Path dir) throws IOException {
        try (Directory d = FSDirectory.open(dir)) {
            if (!DirectoryReader.indexExists(d)) return null;
            return IndexInfo.fromUserData(SegmentInfos.readLatestCommit(d).getUserData());
        }
    }

    private void moveIntoPlace(Path work, Target target) throws IOException {
        Path old = index.resolveSibling(index.getFileName() + ".tmp-old");
        if (Files.exists(old)) deleteTree(old); // left by a build killed during the swap below
        if (target == Target.EMPTY_DIR) Files.delete(index);
        if (target == Target.REPLACE) Files.move(index, old, StandardCopyOption.ATOMIC_MOVE);
        Files.move(work, index, StandardCopyOption.ATOMIC_MOVE);
        IOUtils.fsync(index.getParent(), true);
        if (target == Target.REPLACE) deleteTree(old);
    }

    private static boolean onlyLuceneFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.allMatch(p -> Files.isRegularFile(p) && LUCENE_FILE.matcher(p.getFileName().toString()).matches());
        }
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    static String describe(IOException e) {
        if (e instanceof NoSuchFileException) return "not found: " + e.getMessage();
        if (e instanceof AccessDeniedException) return "permission denied: " + e.getMessage();
        if (e instanceof DirectoryNotEmptyException) return "directory not empty: " + e.getMessage();
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    static BufferedReader reader(Path file) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        return new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder), 1 << 16);
    }

    /** SHA-256 and line count of the corpus, in one pass. */
    record CorpusStats(String sha256, long lines) {
        static CorpusStats of(Path corpus) {
            if (!Files.exists(corpus)) throw new IndexProblem(corpus + ": file not found");
            if (!Files.isRegularFile(corpus)) throw new IndexProblem(corpus + ": not a regular file");
            try (InputStream in = Files.newInputStream(corpus)) {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                byte[] buf = new byte[1 << 20];
                long lines = 0, size = 0;
                byte last = '\n';
                for (int n; (n = in.read(buf)) > 0; ) {
                    md.update(buf, 0, n);
                    for (int i = 0; i < n; i++) if (buf[i] == '\n') lines++;
                    last = buf[n - 1];
                    size += n;
                }
                if (size > 0 && last != '\n') lines++;
                return new CorpusStats(HexFormat.of().formatHex(md.digest()), lines);
            } catch (IOException e) {
                throw new IndexProblem(corpus + ": cannot read: " + describe(e), e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
