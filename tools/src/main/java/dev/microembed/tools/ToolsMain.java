package dev.microembed.tools;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;

/**
 * Entry point of the offline tools jar: {@code microembed distill|train|eval|spec ...}. Each command is
 * one class with {@code public static int run(String[] args)} returning the process exit code.
 */
public final class ToolsMain {
    private static final Map<String, String> COMMANDS = Map.of(
            "distill", "dev.microembed.distill.DistillCommand",
            "train", "dev.microembed.train.TrainCommand",
            "eval", "dev.microembed.eval.EvalCommand",
            "spec", "dev.microembed.cli.SpecFiles");

    public static void main(String[] args) throws Exception {
        String cls = args.length == 0 ? null : COMMANDS.get(args[0]);
        if (cls == null) {
            System.err.println("usage: microembed {distill|train|eval|spec} [options]   (--help after a command for its options)");
            System.exit(2);
        }
        Method run = Class.forName(cls).getMethod("run", String[].class);
        int code = (int) run.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        System.exit(code);
    }
}
