package dev.microembed.distill;

import java.util.List;

/**
 * One pipeline stage: reads artifacts from the work directory and files outside it, writes its outputs to the work
 * directory atomically.
 */
public interface Stage {
    /** Prefix of an input that is a resource on the classpath (a teacher inside its jar). */
    String CLASSPATH = "classpath:";

    /** The name used by {@code --only} and in the manifest. */
    String name();

    /**
     * What this stage reads. A plain name is an artifact in the work directory, written by an earlier stage (the
     * pipeline checks it exists before the stage runs); an absolute path is a file outside it (vocabulary, corpora,
     * dev sets, a teacher folder's model), or, ending in {@code /}, a folder whose files the stage records itself (the
     * installed training data); {@value #CLASSPATH}{@code /name} is a classpath resource. The export stage lists every
     * input that is not a work-dir artifact, with its sha256, in {@code manifest.json}.
     */
    List<String> inputs();

    /** Artifact file names (in the work directory, or absolute for the export) this stage writes. */
    List<String> outputs();

    /**
     * Runs the stage. With {@code resume} a stage that checkpoints continues from its last checkpoint;
     * without it, it starts over. Metrics go to {@link Workspace#metrics(String)}.
     */
    void run(Workspace ws, boolean resume) throws Exception;

    /** Whether an input names a work-dir artifact (not a file, folder or resource outside the work directory). */
    static boolean inWorkDir(String input) {
        return !input.startsWith("/") && !input.startsWith(CLASSPATH) && !java.nio.file.Path.of(input).isAbsolute();
    }
}
