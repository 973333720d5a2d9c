package dev.rashomon.outrank;

import dev.rashomon.dataset.RowVisitor;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Features computed from a whole row as it is scanned, counted like any other feature:
 * combinations of features (their values joined, exactly, never hashed) and OutRank's CONTROL-*
 * noise baselines. A combination has a value unless all its members are missing; a missing
 * member is written as U+0000 inside it. Noise values are drawn from a generator seeded by the
 * seed and the partition, so that every row, duplicates included, gets independent draws; they
 * are the one thing in exact mode that depends on the input's partitioning.
 */
final class DerivedFeatures implements Serializable {
    private static final long serialVersionUID = 1L;
    static final String AND = " AND ";
    private static final char MEMBER_SEPARATOR = '\u001f';
    private static final String MISSING_MEMBER = "\u0000";
    static final List<String> CONTROLS = List.of("CONTROL-constant0", "CONTROL-gaussian", "CONTROL-uniform",
            "CONTROL-random-binary", "CONTROL-random-card100", "CONTROL-random-card2k", "CONTROL-random-card10k",
            "CONTROL-random-card50k", "CONTROL-int-sequence", "CONTROL-target", "CONTROL-volume");

    static final String EXPLODED = "MULTIEX-";
    static final String SUBFEATURE = "SUBFEATURE";

    private final List<String[]> combinations;
    private final boolean controls;
    private final long seed;
    private final List<String> explode;
    private final List<SubfeatureRule> subfeatures;
    private final java.util.Set<String> missing;

    /** OutRank's {@code a->b} (one-sided) or {@code a<->b} (two-sided) subfeature rule. */
    record SubfeatureRule(String first, String second, boolean twoSided) implements Serializable {
        static SubfeatureRule parse(String rule) {
            String[] parts = rule.contains("<->") ? rule.split("<->", -1) : rule.split("->", -1);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new dev.rashomon.run.UserError("outrank.exact.subfeature_mapping: '" + rule
                        + "' is not a->b or a<->b");
            }
            return new SubfeatureRule(parts[0].trim(), parts[1].trim(), rule.contains("<->"));
        }
    }

    DerivedFeatures(List<String[]> combinations, boolean controls, long seed) {
        this(combinations, controls, seed, List.of(), List.of(), java.util.Set.of());
    }

    DerivedFeatures(List<String[]> combinations, boolean controls, long seed, List<String> explode,
                    List<SubfeatureRule> subfeatures, java.util.Set<String> missing) {
        this.combinations = combinations;
        this.controls = controls;
        this.seed = seed;
        this.explode = List.copyOf(explode);
        this.subfeatures = List.copyOf(subfeatures);
        this.missing = java.util.Set.copyOf(missing);
    }

    /** The same combinations, without the other derived features (for a pass that counts only them). */
    DerivedFeatures combinationsOnly() {
        return new DerivedFeatures(combinations, false, seed);
    }

    boolean isEmpty() {
        return combinations.isEmpty() && !controls && explode.isEmpty() && subfeatures.isEmpty();
    }

    /** Whether a feature found in the scan was made here from a multivalue column or a subfeature rule. */
    static boolean isDiscovered(String feature) {
        return feature.startsWith(EXPLODED) || feature.startsWith(SUBFEATURE);
    }

    static String combinationName(String[] members) {
        return String.join(AND, members);
    }

    /** Names of every derived feature, combinations first. */
    List<String> names() {
        List<String> names = new ArrayList<>();
        combinations.forEach(members -> names.add(combinationName(members)));
        if (controls) {
            names.addAll(CONTROLS);
        }
        return names;
    }

    /** k-subsets of the features in order (itertools.combinations order), at most {@code cap}. */
    static List<String[]> combinationsOf(List<String> features, int order, int cap) {
        List<String[]> out = new ArrayList<>();
        collect(features, order, 0, new String[order], 0, out, cap);
        return out;
    }

    /** How many k-subsets there are, to say when the cap cuts. */
    static long countCombinations(int n, int k) {
        long count = 1;
        for (int i = 0; i < k; i++) {
            count = count * (n - i) / (i + 1);
        }
        return count;
    }

    private static void collect(List<String> features, int k, int from, String[] chosen, int depth, List<String[]> out, int cap) {
        if (out.size() >= cap) {
            return;
        }
        if (depth == k) {
            out.add(chosen.clone());
            return;
        }
        for (int i = from; i < features.size() && out.size() < cap; i++) {
            chosen[depth] = features.get(i);
            collect(features, k, i + 1, chosen, depth + 1, out, cap);
        }
    }

    /** A visitor that passes values on and, at each row's end, adds the derived features. */
    RowVisitor around(RowVisitor target, int partition) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + partition);
        return new RowVisitor() {
            private final Map<String, String> row = new HashMap<>();
            private String labelClass;

            @Override
            public void row(String label) {
                row.clear();
                labelClass = label;
                target.row(label);
            }

            @Override
            public void value(String feature, String value) {
                row.put(feature, value);
                target.value(feature, value);
            }

            @Override
            public void sampledOut() {
                target.sampledOut();
            }

            @Override
            public void badRow(String reason, String file, String record) {
                target.badRow(reason, file, record);
            }

            @Override
            public void endRow() {
                StringBuilder text = new StringBuilder();
                for (String[] members : combinations) {
                    text.setLength(0);
                    boolean any = false;
                    for (int m = 0; m < members.length; m++) {
                        String value = row.get(members[m]);
                        any |= value != null;
                        text.append(m == 0 ? "" : String.valueOf(MEMBER_SEPARATOR)).append(value == null ? MISSING_MEMBER : value);
                    }
                    if (any) {
                        target.value(combinationName(members), text.toString());
                    }
                }
                if (controls) {
                    emitControls(target);
                }
                for (String column : explode) {
                    String value = row.get(column);
                    if (value != null) {
                        // OutRank: ',' becomes '-', then split on '-'; each token is an indicator.
                        for (String token : new java.util.TreeSet<>(List.of(value.replace(',', '-').split("-", -1)))) {
                            if (!missing.contains(token)) {
                                target.value(EXPLODED + column + "-" + token, "1");
                            }
                        }
                    }
                }
                for (SubfeatureRule rule : subfeatures) {
                    String first = row.getOrDefault(rule.first(), "");
                    String second = row.get(rule.second());
                    if (second == null) {
                        continue;
                    }
                    if (rule.twoSided()) {
                        target.value(SUBFEATURE + "|" + rule.first() + "|" + rule.second() + "-" + first + "&" + second, "1");
                    } else {
                        target.value(SUBFEATURE + "-" + rule.first() + "&" + second, first + "AND" + second);
                    }
                }
                target.endRow();
            }

            private void emitControls(RowVisitor out) {
                out.value("CONTROL-constant0", "0");
                out.value("CONTROL-gaussian", Double.toString(gaussian(random)));
                out.value("CONTROL-uniform", Double.toString(random.nextDouble()));
                out.value("CONTROL-random-binary", Integer.toString(random.nextInt(2)));
                out.value("CONTROL-random-card100", Integer.toString(random.nextInt(101)));
                out.value("CONTROL-random-card2k", Integer.toString(random.nextInt(2001)));
                out.value("CONTROL-random-card10k", Integer.toString(random.nextInt(10001)));
                out.value("CONTROL-random-card50k", Integer.toString(random.nextInt(50001)));
                out.value("CONTROL-int-sequence", Long.toString(random.nextLong()));
                out.value("CONTROL-target", labelClass);
                out.value("CONTROL-volume", Integer.toHexString(random.nextInt()));
            }
        };
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
