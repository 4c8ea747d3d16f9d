package dev.microembed.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A tiny option parser: {@code --name value} or {@code --name=value} options, flags, and positionals. */
final class Args {
    private final Map<String, String> options = new HashMap<>();
    private final List<String> positionals = new ArrayList<>();
    final boolean help;

    Args(List<String> argv, Set<String> valued, Set<String> flags) {
        boolean h = false, rest = false;
        for (int i = 0; i < argv.size(); i++) {
            String a = argv.get(i);
            if (rest || !a.startsWith("-") || a.equals("-")) {
                positionals.add(a);
            } else if (a.equals("--")) {
                rest = true;
            } else if (a.equals("--help") || a.equals("-h")) {
                h = true;
            } else {
                String name = a, value = null;
                int eq = a.indexOf('=');
                if (eq > 0) {
                    name = a.substring(0, eq);
                    value = a.substring(eq + 1);
                }
                if (flags.contains(name) && value == null) {
                    options.put(name, "true");
                } else if (valued.contains(name)) {
                    if (value == null) {
                        if (i + 1 >= argv.size()) throw new UsageException(name + " needs a value");
                        value = argv.get(++i);
                    }
                    if (options.put(name, value) != null) throw new UsageException(name + " given twice");
                } else {
                    throw new UsageException("unknown option " + a);
                }
            }
        }
        help = h;
    }

    String get(String name) {
        return options.get(name);
    }

    String require(String name) {
        String v = options.get(name);
        if (v == null) throw new UsageException("missing " + name);
        return v;
    }

    boolean flag(String name) {
        return options.containsKey(name);
    }

    Path path(String name) {
        String v = options.get(name);
        return v == null ? null : Path.of(v);
    }

    int integer(String name, int def, int min, int max) {
        String v = options.get(name);
        if (v == null) return def;
        try {
            int x = Integer.parseInt(v.strip());
            if (x < min || x > max) throw new UsageException(name + " must be in " + min + ".." + max + ", got " + v);
            return x;
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be an integer, got \"" + v + "\"");
        }
    }

    double decimal(String name, double def, double min, double max) {
        String v = options.get(name);
        if (v == null) return def;
        try {
            double x = Double.parseDouble(v.strip());
            if (!(x >= min && x <= max)) throw new UsageException(name + " must be in " + min + ".." + max + ", got " + v);
            return x;
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be a number, got \"" + v + "\"");
        }
    }

    List<String> positionals() {
        return positionals;
    }

    void positionalCount(int min, int max, String what) {
        if (positionals.size() < min || positionals.size() > max)
            throw new UsageException("expected " + what + ", got " + positionals.size() + " argument" + (positionals.size() == 1 ? "" : "s"));
    }
}
