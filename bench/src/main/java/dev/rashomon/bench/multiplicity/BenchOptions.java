package dev.rashomon.bench.multiplicity;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code bench/run multiplicity [--rows N] [--models M] [--out DIR] [--seed S] [--rounds R] [--cold]}: with R rounds
 * the three Spark contenders run R times in turn in the same JVM, where the first round runs the job cold; with
 * {@code --cold} each contender of each round runs in a fresh JVM of its own, as {@code spark-submit} runs it.
 * {@code --contender} and {@code --result} are that fresh JVM's: run one contender, write its reading there.
 */
record BenchOptions(long rows, int models, Path out, long seed, int rounds, boolean cold, String contender, Path result) {
    static final String USAGE = "usage: bench/run multiplicity [--rows N (1000000)] [--models M (50)] [--out DIR (out/bench)] [--seed S (7)]"
            + " [--rounds R (1)] [--cold]";

    static BenchOptions parse(List<String> args) {
        long rows = 1_000_000;
        int models = 50;
        Path out = Path.of("out/bench");
        long seed = 7;
        int rounds = 1;
        boolean cold = false;
        String contender = null;
        Path result = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--help")) {
                throw new IllegalArgumentException(USAGE);
            }
            if (arg.equals("--cold")) {
                cold = true;
                continue;
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
                case "--contender" -> contender = value;
                case "--result" -> result = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + arg + "; " + USAGE);
            }
        }
        if (rows < 1 || models < 2 || rounds < 1) {
            throw new IllegalArgumentException("--rows and --rounds must be ≥ 1 and --models ≥ 2; " + USAGE);
        }
        if ((contender == null) != (result == null)) {
            throw new IllegalArgumentException("--contender and --result go together; " + USAGE);
        }
        return new BenchOptions(rows, models, out, seed, rounds, cold, contender, result);
    }

    /** Where the job contenders write their configs and outputs. */
    Path runs() {
        return out.resolve("runs").resolve("multiplicity-" + rows + "x" + models);
    }

    /** The arguments that make a fresh JVM generate or reuse the same data and run one contender on it. */
    List<String> forContender(String name, Path resultFile) {
        return List.of("multiplicity", "--rows", String.valueOf(rows), "--models", String.valueOf(models), "--out", out.toString(),
                "--seed", String.valueOf(seed), "--contender", name, "--result", resultFile.toString());
    }

    /** The ε of every contender: from the best model alone to the whole pool (see PredictionGenerator). */
    static final List<Double> EPSILONS = List.of(0.0, 0.005, 0.01, 0.02, 0.05);
    static final double THRESHOLD = 0.5;
}
