package dev.rashomon.bench.multiplicity;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code bench/run multiplicity [--rows N] [--models M] [--out DIR] [--seed S] [--rounds R]}: with R rounds the
 * three Spark contenders run R times in turn in the same JVM; the first round runs the job cold.
 */
record BenchOptions(long rows, int models, Path out, long seed, int rounds) {
    static final String USAGE = "usage: bench/run multiplicity [--rows N (1000000)] [--models M (50)] [--out DIR (out/bench)] [--seed S (7)]"
            + " [--rounds R (1)]";

    static BenchOptions parse(List<String> args) {
        long rows = 1_000_000;
        int models = 50;
        Path out = Path.of("out/bench");
        long seed = 7;
        int rounds = 1;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--help")) {
                throw new IllegalArgumentException(USAGE);
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(arg + " needs a value; " + USAGE);
            }
            String value = args.get(++i);
            switch (arg) {
                case "--rows" -> rows = Long.parseLong(value);
                case "--models" -> models = Integer.parseInt(value);
                case "--out" -> out = Path.of(value);
                case "--seed" -> seed = Long.parseLong(value);
                case "--rounds" -> rounds = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown option " + arg + "; " + USAGE);
            }
        }
        if (rows < 1 || models < 2 || rounds < 1) {
            throw new IllegalArgumentException("--rows and --rounds must be ≥ 1 and --models ≥ 2; " + USAGE);
        }
        return new BenchOptions(rows, models, out, seed, rounds);
    }

    /** The ε of every contender: from the best model alone to the whole pool (see PredictionGenerator). */
    static final List<Double> EPSILONS = List.of(0.0, 0.005, 0.01, 0.02, 0.05);
    static final double THRESHOLD = 0.5;
}
