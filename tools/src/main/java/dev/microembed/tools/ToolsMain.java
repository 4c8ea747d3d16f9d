package dev.microembed.tools;

import dev.microembed.cli.SpecFiles;
import dev.microembed.distill.DistillCommand;
import dev.microembed.eval.EvalCommand;
import dev.microembed.speed.CompareCommand;
import dev.microembed.model.Model2VecExport;
import dev.microembed.tokenizer.SentencePieceConverter;
import dev.microembed.train.TrainCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Entry point of the offline tools jar: {@code microembed distill|train|eval|spec|bench --compare|convert-spm|export ...}, one picocli command with
 * a subcommand per tool. Exit codes: 0 done, 1 the work failed, 2 bad arguments (one line on stderr naming the
 * problem; {@code --help} after a command lists its options).
 */
@Command(name = "microembed", mixinStandardHelpOptions = true,
        subcommands = {DistillCommand.class, TrainCommand.class, EvalCommand.class, SpecFiles.class, CompareCommand.class, SentencePieceConverter.class, Model2VecExport.class},
        description = "Offline tools: distil, train and evaluate models, write the shared test vectors.")
public final class ToolsMain implements Runnable {
    @Spec CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command line ({@code "distill", "--config", ...}) and returns its exit code. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new ToolsMain()).setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler(ToolsMain::badArguments);
        // spec parses its own arguments (the runtime command line's parser), so everything after "spec" is passed on.
        cl.getSubcommands().get("spec").setUnmatchedOptionsArePositionalParams(true);
        cl.getSubcommands().get("train").getCommandSpec().usageMessage().footer(TrainCommand.keysAndDefaults());
        return cl;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a command: distill, train, eval, spec, bench --compare, convert-spm or export");
    }

    /** Bad arguments: one line naming the problem and where the options are listed, exit code 2. */
    private static int badArguments(ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        String name = cl.getCommandSpec().qualifiedName();
        cl.getErr().println(name + ": " + e.getMessage() + " (" + name + " --help lists the options)");
        return 2;
    }
}
