package dev.rashomon.outrank.compat;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A plain, sequential re-statement of OutRank 0.97.6's ranking (reference sections 3–6), written
 * from the specification for tests: one loop over the file as OutRank reads it, one batch at a
 * time, per-group counts by direct scanning. It shares no batching, coding or aggregation code
 * with the distributed implementation.
 */
final class SequentialOutrank {
    private SequentialOutrank() {
    }

    /** Decorated (FeatureA, FeatureB) → median score, both orientations. */
    static Map<List<String>, Double> pairwise(Path dataCsv, String label, int subsampling, int batchSize,
                                              boolean targetOnly) throws IOException {
        List<String> header;
        Map<List<String>, List<Double>> scores = new HashMap<>();
        Map<String, Set<Integer>> digests = new HashMap<>();
        Map<String, List<Double>> coverage = new HashMap<>();
        try (BufferedReader in = Files.newBufferedReader(dataCsv, StandardCharsets.ISO_8859_1)) {
            header = List.of(in.readLine().strip().split(",", -1));
            List<String[]> buffer = new ArrayList<>();
            long lineNumber = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNumber++;
                if (lineNumber % subsampling != 0) {
                    continue;
                }
                String[] row = PythonCsv.parse(line);
                if (row == null || row.length != header.size()) {
                    continue;
                }
                buffer.add(row);
                if (buffer.size() >= batchSize) {
                    batch(buffer, header, label, targetOnly, scores, digests, coverage);
                    buffer = new ArrayList<>();
                }
            }
            if (buffer.size() > 1024) {
                batch(buffer, header, label, targetOnly, scores, digests, coverage);
            }
        }
        Map<String, String> names = new HashMap<>();
        for (String column : header) {
            double[] perBatch = coverage.get(column).stream().mapToDouble(Double::doubleValue).toArray();
            int cov = PythonFormat.intOfRound1(PythonFormat.numpyMean(perBatch));
            names.put(column, column + "-(" + digests.get(column).size() + "; " + cov + ")");
        }
        Map<List<String>, Double> medians = new HashMap<>();
        scores.forEach((pair, values) -> {
            List<Double> sorted = new ArrayList<>(values);
            Collections.sort(sorted);
            int n = sorted.size();
            double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
            medians.put(List.of(names.get(pair.get(0)), names.get(pair.get(1))), median);
        });
        return medians;
    }

    private static void batch(List<String[]> rows, List<String> header, String label, boolean targetOnly,
                              Map<List<String>, List<Double>> scores, Map<String, Set<Integer>> digests,
                              Map<String, List<Double>> coverage) {
        int n = rows.size();
        Map<String, int[]> codes = new HashMap<>();
        for (int c = 0; c < header.size(); c++) {
            TreeSet<String> distinct = new TreeSet<>();
            int missing = 0;
            for (String[] row : rows) {
                distinct.add(row[c]);
                if (row[c].isEmpty() || row[c].equals("{}")) {
                    missing++;
                }
                if (!row[c].isEmpty()) {
                    digests.computeIfAbsent(header.get(c), k -> new HashSet<>()).add(BatchScorer.digest(row[c]));
                }
            }
            coverage.computeIfAbsent(header.get(c), k -> new ArrayList<>()).add((1 - (double) missing / n) * 100);
            List<String> ordered = new ArrayList<>(distinct);
            int[] columnCodes = new int[n];
            for (int r = 0; r < n; r++) {
                columnCodes[r] = Collections.binarySearch(ordered, rows.get(r)[c]);
            }
            codes.put(header.get(c), columnCodes);
        }
        for (int i = 0; i < header.size(); i++) {
            for (int j = i; j < header.size(); j++) {
                String a = header.get(i);
                String b = header.get(j);
                if (targetOnly && !a.equals(label) && !b.equals(label)) {
                    continue;
                }
                if (a.equals(label)) {
                    String swap = a;
                    a = b;
                    b = swap;
                }
                double score = estimator(codes.get(a), codes.get(b));
                scores.computeIfAbsent(List.of(a, b), k -> new ArrayList<>()).add(score);
                if (!a.equals(b)) {
                    scores.computeIfAbsent(List.of(b, a), k -> new ArrayList<>()).add(score);
                }
            }
        }
    }

    /** mutual_info_estimator_numba(Y = first, X = second) with the cardinality correction. */
    private static float estimator(int[] y, int[] x) {
        int n = x.length;
        long difference = 0;
        for (int i = 0; i < n; i++) {
            difference += x[i] - y[i];
        }
        boolean correction = difference != 0;
        TreeMap<Integer, List<Integer>> groups = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            groups.computeIfAbsent(x[i], k -> new ArrayList<>()).add(i);
        }
        double conditional = 0;
        double background = 0;
        for (List<Integer> group : groups.values()) {
            if (group.size() == 1) {
                continue;
            }
            float p = (float) ((double) group.size() / n);
            TreeMap<Integer, Integer> counts = new TreeMap<>();
            TreeMap<Integer, Integer> shifted = new TreeMap<>();
            for (int i : group) {
                counts.merge(y[i], 1, Integer::sum);
                shifted.merge(y[(i + group.size()) % n], 1, Integer::sum);
            }
            conditional += entropyTerm(counts, group.size(), p);
            background += entropyTerm(shifted, group.size(), p);
        }
        if (correction) {
            return (float) (-conditional + background);
        }
        TreeMap<Integer, Integer> all = new TreeMap<>();
        for (int value : y) {
            all.merge(value, 1, Integer::sum);
        }
        double full = 0;
        for (int count : all.values()) {
            double probability = (double) count / n;
            full += -probability * Math.log(probability);
        }
        return (float) (full - conditional);
    }

    private static float entropyTerm(TreeMap<Integer, Integer> counts, int size, float p) {
        double entropy = 0;
        for (int count : counts.values()) {
            double q = (double) count / size;
            entropy -= (double) p * q * Math.log(q);
        }
        return (float) entropy;
    }
}
