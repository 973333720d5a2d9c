package dev.rashomon.cli;

import dev.rashomon.run.UserError;
import java.util.ArrayList;
import java.util.List;

/**
 * The job's part of a command line:
 * {@code <job> --config FILE [--set key=value]… [--quiet | --progress] [--help]}.
 *
 * @param job the job name, or null when only --help was asked for
 * @param quiet say nothing while working
 * @param progress show Spark's progress even when stderr is not a terminal
 */
public record JobArguments(String job, String config, List<String> overrides, boolean help, boolean quiet,
                           boolean progress) {

    public static JobArguments parse(List<String> args) {
        String job = null;
        String config = null;
        List<String> overrides = new ArrayList<>();
        boolean help = false;
        boolean quiet = false;
        boolean progress = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--help", "-h" -> help = true;
                case "--quiet", "-q" -> quiet = true;
                case "--progress" -> progress = true;
                case "--config" -> config = value(args, ++i, arg);
                case "--set" -> overrides.add(value(args, ++i, arg));
                default -> {
                    if (arg.startsWith("--config=")) {
                        config = arg.substring("--config=".length());
                    } else if (arg.startsWith("--set=")) {
                        overrides.add(arg.substring("--set=".length()));
                    } else if (arg.startsWith("-")) {
                        throw new UserError("unknown option " + arg + " (see --help)");
                    } else if (job == null) {
                        job = arg;
                    } else {
                        throw new UserError("unexpected argument '" + arg + "' (see --help)");
                    }
                }
            }
        }
        if (!help && job == null) {
            throw new UserError("no job named (see --help)");
        }
        if (!help && config == null) {
            throw new UserError("--config FILE is required for job " + job);
        }
        if (quiet && progress) {
            throw new UserError("--quiet and --progress contradict each other; give one");
        }
        return new JobArguments(job, config, List.copyOf(overrides), help, quiet, progress);
    }

    private static String value(List<String> args, int index, String option) {
        if (index >= args.size()) {
            throw new UserError(option + " needs a value");
        }
        return args.get(index);
    }
}
