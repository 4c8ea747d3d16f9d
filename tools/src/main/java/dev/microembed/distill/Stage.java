package dev.microembed.distill;

import java.util.List;

/** One pipeline stage: reads artifacts from the work directory, writes its outputs there atomically. */
public interface Stage {
    /** The name used by {@code --only} and in the manifest. */
    String name();

    /** Artifact file names (in the work directory, or absolute for the export) this stage writes. */
    List<String> outputs();

    /**
     * Runs the stage. With {@code resume} a stage that checkpoints continues from its last checkpoint;
     * without it, it starts over. Metrics go to {@link Workspace#metrics(String)}.
     */
    void run(Workspace ws, boolean resume) throws Exception;
}
