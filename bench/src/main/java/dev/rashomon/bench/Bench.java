package dev.rashomon.bench;

import dev.rashomon.bench.multiplicity.MultiplicityBench;
import dev.rashomon.bench.outrank.OutrankBench;
import dev.rashomon.bench.outrank.OutrankCompatBench;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/** Entry point of {@code bench/run}: {@code <benchmark> [options]}. */
public final class Bench {
    private static final Map<String, Consumer<List<String>>> BENCHMARKS = new TreeMap<>();

    static {
        // One entry per line.
        BENCHMARKS.put("generate", CtrData::main);
        BENCHMARKS.put("multiplicity", MultiplicityBench::run);
        BENCHMARKS.put("outrank", OutrankBench::main);
        BENCHMARKS.put("outrank-compat", OutrankCompatBench::main);
    }

    private Bench() {
    }

    public static void main(String[] args) {
        if (args.length == 0 || args[0].equals("--help") || !BENCHMARKS.containsKey(args[0])) {
            System.out.println("usage: bench/run <benchmark> [options]; benchmarks: " + String.join(", ", BENCHMARKS.keySet()));
            System.exit(args.length == 0 || args[0].equals("--help") ? 0 : 2);
        }
        try {
            BENCHMARKS.get(args[0]).accept(Arrays.asList(args).subList(1, args.length));
        } catch (IllegalArgumentException e) {
            System.err.println("bench " + args[0] + ": error: " + e.getMessage());
            System.exit(2);
        }
    }
}
