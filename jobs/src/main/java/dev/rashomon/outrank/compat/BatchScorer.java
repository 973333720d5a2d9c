package dev.rashomon.outrank.compat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jpountz.xxhash.XXHash32;
import net.jpountz.xxhash.XXHashFactory;

/** Scores one batch as OutRank does, and collects its per-column statistics (reference 4.6–5.3). */
final class BatchScorer {
    /** OutRank's seed of xxh32 for the cardinality digests. */
    static final int CARDINALITY_SEED = 20141025;
    /** The seed of the CONTROL-* columns (OutRank seeds NumPy with 123). */
    static final long NOISE_SEED = 123;
    /** Python's None among a column's value counts (an ob-vw namespace absent from a line). */
    static final String NONE = "\u0000None";
    private static final XXHash32 XXH32 = XXHashFactory.fastestJavaInstance().hash32();

    private BatchScorer() {
    }

    static BatchResult score(Batch batch, String label, CompatOptions options, List<String> numericColumns) {
        // OutRank's order (reference 4.3–4.8): transformers, multivalue, subfeatures, combinations, noise.
        dev.rashomon.outrank.Transformers transformers = dev.rashomon.outrank.Transformers.of(options.transformers());
        if (!transformers.isEmpty() && !numericColumns.isEmpty()) {
            batch.addTransformers(numericColumns, transformers);
        }
        if (!options.explodeMultivalueFeatures().isEmpty()) {
            batch.addExploded(options.explodeMultivalueFeatures(), options.missingSymbols());
        }
        if (!options.subfeatureMapping().isEmpty()) {
            batch.addSubfeatures(options.subfeatureRules());
        }
        if (options.interactionOrder() > 1) {
            List<int[]> candidates = new ArrayList<>();
            List<Integer> base = new ArrayList<>();
            for (int c = 0; c < batch.names.size(); c++) {
                if (!batch.names.get(c).equals(label)) {
                    base.add(c);
                }
            }
            subsets(base, options.interactionOrder(), 0, new int[options.interactionOrder()], 0, candidates);
            batch.addCombinations(roundRobin(candidates, options.combinationNumberUpperBound(), batch.index));
        }
        if (options.includeNoiseBaselineFeatures()) {
            batch.addNoise(label, NOISE_SEED);
        }
        int columns = batch.names.size();
        String[] names = batch.names.toArray(String[]::new);
        double[] coverage = new double[columns];
        double[] memory = batch.full ? new double[columns] : null;
        int[][] digests = new int[columns][];
        @SuppressWarnings({"unchecked", "rawtypes"})
        Map<String, Long>[] valueCounts = new Map[columns];
        Set<String> missing = options.missingSymbols();
        Batch.Codes[] codes = new Batch.Codes[columns];
        for (int c = 0; c < columns; c++) {
            String[] column = batch.values.get(c);
            long missingRows = 0;
            long bytes = 0;
            Map<String, Long> counts = new HashMap<>();
            for (String value : column) {
                if (value != null && missing.contains(value)) {
                    missingRows++;
                }
                bytes += value == null ? 4 : PythonFormat.utf8Length(PythonFormat.strip(value)); // str(None)
                counts.merge(value == null ? NONE : value, 1L, Long::sum);
            }
            coverage[c] = (1 - ((double) missingRows / batch.rows)) * 100;
            if (memory != null) {
                memory[c] = (double) bytes / batch.rows;
            }
            Set<Integer> distinctDigests = new HashSet<>();
            for (String value : counts.keySet()) {
                if (!value.isEmpty() && !value.equals(NONE)) { // '' and None are falsy: not in the sketch
                    distinctDigests.add(digest(value));
                }
            }
            digests[c] = distinctDigests.stream().mapToInt(Integer::intValue).sorted().toArray();
            valueCounts[c] = counts;
            codes[c] = batch.codes(c);
        }

        Pairs scored = scorePairs(names, codes, label, options, batch.index);
        return new BatchResult(batch.index, batch.full, names, scored.first(), scored.second(), scored.scores(),
                coverage, memory, digests, valueCounts);
    }

    /** Whether a feature family adds columns to the batches (otherwise the header's columns are scored as they are). */
    static boolean addsColumns(CompatOptions options, List<String> numericColumns) {
        return (!dev.rashomon.outrank.Transformers.of(options.transformers()).isEmpty() && !numericColumns.isEmpty())
                || !options.explodeMultivalueFeatures().isEmpty() || !options.subfeatureMapping().isEmpty()
                || options.interactionOrder() > 1 || options.includeNoiseBaselineFeatures();
    }

    /** The scored pairs of one batch: measured column, partitioned column, score. */
    record Pairs(String[] first, String[] second, double[] scores) {
    }

    /** Scores the batch's candidate pairs (5.0), each once, the label second. */
    static Pairs scorePairs(String[] names, Batch.Codes[] codes, String label, CompatOptions options, long batchIndex) {
        List<int[]> pairs = roundRobin(pairs(names, label, options.targetRankingOnly()),
                options.combinationNumberUpperBound(), batchIndex);
        Set<String> done = new HashSet<>();
        NumbaMutualInformation.Groups[] groups = new NumbaMutualInformation.Groups[codes.length];
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        for (int[] pair : pairs) {
            int a = pair[0];
            int b = pair[1];
            if (names[a].equals(label)) {
                int swap = a;
                a = b;
                b = swap;
            }
            if (!done.add(a + "," + b)) {
                continue; // diagonals are listed twice and score the same
            }
            first.add(names[a]);
            second.add(names[b]);
            if (groups[b] == null && isNumba(options)) {
                groups[b] = NumbaMutualInformation.Groups.of(codes[b].codes(), codes[b].categories());
            }
            scores.add(score(options, codes[a], codes[b], groups[b]));
        }
        return new Pairs(first.toArray(String[]::new), second.toArray(String[]::new),
                scores.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static boolean isNumba(CompatOptions options) {
        return !options.heuristic().equals("MI") && !options.heuristic().equals("AMI");
    }

    /** @param groups the rows of {@code second} grouped by value, for OutRank's estimator */
    private static double score(CompatOptions options, Batch.Codes first, Batch.Codes second,
                                NumbaMutualInformation.Groups groups) {
        return switch (options.heuristic()) {
            case "MI" -> SklearnScores.mutualInformation(first.codes(), first.categories(), second.codes(), second.categories());
            case "AMI" -> SklearnScores.adjustedMutualInformation(first.codes(), first.categories(), second.codes(),
                    second.categories());
            default -> NumbaMutualInformation.estimate(first.codes(), first.categories(), groups,
                    options.cardinalityCorrection());
        };
    }

    /** xxh32 (seed 20141025) of a value's UTF-8 bytes: OutRank's cardinality digest. */
    static int digest(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return XXH32.hash(bytes, 0, bytes.length, CARDINALITY_SEED);
    }

    /** {@link #digest(String)} of a value given as its first {@code length} UTF-8 bytes. */
    static int digest(byte[] utf8, int length) {
        return XXH32.hash(utf8, 0, length, CARDINALITY_SEED);
    }

    /**
     * OutRank's candidate pairs: {@code combinations_with_replacement(columns, 2)}, then every
     * non-label diagonal again; in target ranking only the pairs that contain the label.
     */
    static List<int[]> pairs(String[] names, String label, boolean targetOnly) {
        List<int[]> pairs = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            for (int j = i; j < names.length; j++) {
                pairs.add(new int[] {i, j});
            }
        }
        for (int i = 0; i < names.length; i++) {
            if (!names[i].equals(label)) {
                pairs.add(new int[] {i, i});
            }
        }
        if (targetOnly) {
            pairs.removeIf(p -> !names[p[0]].equals(label) && !names[p[1]].equals(label));
        }
        return pairs;
    }

    /**
     * OutRank's cap on candidates per batch: every batch takes the least-used candidates first
     * (a stable sort by use count), which makes batch b take the cyclic window of {@code cap}
     * candidates that starts at {@code b·cap mod M}.
     */
    static <T> List<T> roundRobin(List<T> candidates, int cap, long batch) {
        int m = candidates.size();
        if (m <= cap) {
            return candidates;
        }
        int start = (int) ((batch * cap) % m);
        List<T> taken = new ArrayList<>(cap);
        for (int t = 0; t < cap; t++) {
            taken.add(candidates.get((start + t) % m));
        }
        return taken;
    }

    /** k-subsets of {@code base} in itertools.combinations order. */
    private static void subsets(List<Integer> base, int k, int from, int[] chosen, int depth, List<int[]> out) {
        if (depth == k) {
            out.add(Arrays.copyOf(chosen, k));
            return;
        }
        for (int i = from; i < base.size(); i++) {
            chosen[depth] = base.get(i);
            subsets(base, k, i + 1, chosen, depth + 1, out);
        }
    }
}
