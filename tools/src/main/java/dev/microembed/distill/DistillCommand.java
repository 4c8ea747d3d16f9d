package dev.microembed.distill;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code microembed distill --config FILE [--resume] [--only STAGE] [--work DIR] [--out DIR]}: exit code 0 done,
 * 1 a stage failed, 2 bad arguments or an unreadable config.
 */
@Command(name = "distill", mixinStandardHelpOptions = true,
        description = "Distil a transformer teacher into a static int8 token table (the model folder in vocab/).")
public final class DistillCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "Pipeline config, e.g. tools/configs/full.json")
    Path config;

    @Option(names = "--resume", description = "Skip finished stages and continue the interrupted one from its checkpoint")
    boolean resume;

    @Option(names = "--only", paramLabel = "STAGE", description = "Run one stage alone (its inputs must exist): ${COMPLETION-CANDIDATES}")
    Pipeline.StageName only;

    @Option(names = "--work", paramLabel = "DIR", description = "Work directory (default .distill-work/<config name>/)")
    Path work;

    @Option(names = "--out", paramLabel = "DIR", description = "Model output folder (default: the config's \"output\", else vocab/)")
    Path out;

    @Override
    public Integer call() throws Exception {
        DistillConfig c;
        try {
            c = DistillConfig.load(config.toAbsolutePath());
        } catch (IllegalArgumentException e) {
            System.err.println("microembed distill: " + e.getMessage());
            return 2;
        }
        Path workDir = work != null ? work : c.root().resolve(".distill-work").resolve(c.name());
        Path outDir = out != null ? out : c.path(c.str(c.raw(), "output", "vocab"));
        Workspace ws = new Workspace(c, workDir, outDir, System.err);
        try {
            new Pipeline(ws).run(resume, only);
            return 0;
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("microembed distill: " + e.getMessage());
            if (Boolean.getBoolean("microembed.debug")) e.printStackTrace();
            return 1;
        }
    }
}
