package dev.rashomon.outrank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rashomon.testing.SparkTestBase;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** OutRank's feature families in exact mode: combinations, noise baselines, pairwise redundancy and 3MR. */
class FeatureFamiliesTest extends SparkTestBase {

    private Map<String, Row> rank(Path data, String exact, Path out) {
        RunResult result = run("outrank", "--config", config("""
                input: {path: %s, format: csv}
                label: {column: y}
                outrank: {exact: %s}
                output: {path: %s}
                """.formatted(data, exact, out)).toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        return ranking(out.resolve("feature_ranking")).stream().collect(Collectors.toMap(r -> r.getAs("feature"), r -> r));
    }

    @Test
    void combinationsRecoverAnXorPairThatNeitherFeatureShows() {
        // Every (a, b) combination occurs equally often and y = a XOR b: each feature alone is
        // independent of y (MI exactly 0); the pair determines it (MI = H(Y) = ln 2).
        StringBuilder csv = new StringBuilder("a,b,c,y\n");
        for (int i = 0; i < 4000; i++) {
            int a = i % 2;
            int b = (i / 2) % 2;
            csv.append(a).append(',').append(b).append(',').append(i % 7).append(',').append(a ^ b).append('\n');
        }
        Map<String, Row> rows = rank(file("xor.csv", csv.toString()), "{interaction_order: 2}", temp.resolve("out"));
        assertThat((double) rows.get("a").getAs("mi")).isEqualTo(0.0);
        assertThat((double) rows.get("b").getAs("mi")).isEqualTo(0.0);
        assertThat((double) rows.get("a AND b").getAs("mi")).isCloseTo(Math.log(2), within(1e-15));
        assertThat((int) rows.get("a AND b").getAs("rank")).isEqualTo(1);
        assertThat((long) rows.get("a AND b").getAs("cardinality")).isEqualTo(4);
        assertThat(rows).containsKeys("a AND c", "b AND c").hasSize(6);
    }

    @Test
    void combinationsOfOrderThreeAndAMissingMember() {
        // z is missing in half the rows: the combination keeps "missing" as one more member value.
        StringBuilder csv = new StringBuilder("a,b,z,y\n");
        for (int i = 0; i < 800; i++) {
            csv.append(i % 2).append(',').append((i / 2) % 2).append(',').append(i % 4 < 2 ? "" : "z").append(',')
                    .append((i % 2) ^ ((i / 2) % 2)).append('\n');
        }
        Map<String, Row> rows = rank(file("three.csv", csv.toString()), "{interaction_order: 3}", temp.resolve("out"));
        Row triple = rows.get("a AND b AND z");
        assertThat((long) triple.getAs("cardinality")).as("(a, b, z|missing)").isEqualTo(4);
        assertThat((double) triple.getAs("coverage")).isEqualTo(1.0);
        assertThat((double) triple.getAs("mi")).isCloseTo(Math.log(2), within(1e-15));
        assertThat(rows).as("order 3 builds the 3-subsets only, as OutRank does").hasSize(4);
    }

    @Test
    void topKCombinationsAreTheSameCombinationsOnlyFewer() {
        Path bank = sample("bank_marketing.csv.gz");
        RunResult all = run("outrank", "--config", config("""
                input: {path: %s, format: csv}
                label: {column: y}
                features: {include: [duration, poutcome, month, pdays, age]}
                outrank: {exact: {interaction_order: 2}}
                output: {path: %s}
                """.formatted(bank, temp.resolve("all"))).toString());
        assertThat(all.exitCode()).as(all.err()).isZero();
        RunResult top = run("outrank", "--config", config("""
                input: {path: %s, format: csv}
                label: {column: y}
                features: {include: [duration, poutcome, month, pdays, age]}
                outrank: {exact: {interaction_order: 2, combination_top_k: 2}}
                output: {path: %s}
                """.formatted(bank, temp.resolve("top"))).toString());
        assertThat(top.exitCode()).as(top.err()).isZero();
        Map<String, Row> full = ranking(temp.resolve("all/feature_ranking")).stream()
                .collect(Collectors.toMap(r -> r.getAs("feature"), r -> r));
        Map<String, Row> topK = ranking(temp.resolve("top/feature_ranking")).stream()
                .collect(Collectors.toMap(r -> r.getAs("feature"), r -> r));
        assertThat(full.keySet().stream().filter(f -> f.contains(" AND "))).hasSize(10);
        // duration and poutcome are the two best single features (README table); members keep column order.
        assertThat(topK.keySet().stream().filter(f -> f.contains(" AND "))).containsExactly("duration AND poutcome");
        for (String column : List.of("mi", "emi", "mi_adjusted", "entropy")) {
            assertThat((double) topK.get("duration AND poutcome").getAs(column)).as(column)
                    .isEqualTo(full.get("duration AND poutcome").getAs(column));
        }
        assertThat(runJson(temp.resolve("top")).at("/combination_top_k").toString()).isEqualTo("[\"duration\",\"poutcome\"]");
    }

    @Test
    void noiseBaselinesOfEveryCardinalityScoreNearZeroOnceCorrectedAtAMillionRows() throws IOException {
        Path data = temp.resolve("million.parquet");
        spark.range(0, 1_000_000, 1, 4).selectExpr(
                "CAST(id % 10 AS STRING) AS signal",
                "IF(rand(11) < 0.2 + 0.05 * (id % 10), 'yes', 'no') AS y")
                .write().parquet(data.toString());
        Path out = temp.resolve("out");
        RunResult result = run("outrank", "--config", config("""
                input: {path: %s, format: parquet}
                label: {column: y}
                outrank: {exact: {include_noise_baseline_features: true}}
                output: {path: %s}
                """.formatted(data, out)).toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        Map<String, Row> rows = ranking(out.resolve("feature_ranking")).stream()
                .collect(Collectors.toMap(r -> r.getAs("feature"), r -> r));
        assertThat(rows).containsKeys(DerivedFeatures.CONTROLS.toArray(String[]::new));
        StringBuilder report = new StringBuilder();
        for (String control : DerivedFeatures.CONTROLS) {
            Row row = rows.get(control);
            report.append(String.format("%-24s cardinality=%8d mi=%.6f mi_adjusted=%+.6f%n", control,
                    (long) row.getAs("cardinality"), (double) row.getAs("mi"), (double) row.getAs("mi_adjusted")));
            if (!control.equals("CONTROL-target")) {
                assertThat(Math.abs((double) row.getAs("mi_adjusted"))).as(control).isLessThan(1e-3);
            }
        }
        System.out.print(report);
        // Plain MI of 50,001 random values is mostly chance: about (values − 1)/(2N) nats.
        assertThat((double) rows.get("CONTROL-random-card50k").getAs("mi")).isGreaterThan(0.02);
        assertThat((double) rows.get("CONTROL-target").getAs("mi")).isEqualTo(rows.get("CONTROL-target").getAs("entropy"));
        assertThat((int) rows.get("CONTROL-target").getAs("rank")).isEqualTo(1);
        assertThat((int) rows.get("signal").getAs("rank")).isEqualTo(2);
    }

    @Test
    void threeMrRanksAnIndependentWeakerSignalAboveARedundantCopy() {
        Random random = new Random(5);
        StringBuilder csv = new StringBuilder("strong,copy,weak,noise,y\n");
        for (int i = 0; i < 20_000; i++) {
            int strong = random.nextInt(4);
            int weak = random.nextInt(2);
            double logit = (strong - 1.5) * 1.5 + (weak == 1 ? 0.6 : -0.6);
            int y = random.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
            csv.append(strong).append(',').append(strong).append(',').append(weak).append(',')
                    .append(random.nextInt(5)).append(',').append(y).append('\n');
        }
        Path out = temp.resolve("out");
        Map<String, Row> singles = rank(file("redundant.csv", csv.toString()), "{target_ranking_only: false}", out);
        assertThat((double) singles.get("copy").getAs("mi")).isEqualTo(singles.get("strong").getAs("mi"));
        assertThat((double) singles.get("weak").getAs("mi_adjusted")).isLessThan(singles.get("copy").getAs("mi_adjusted"));

        List<String> order = spark.read().parquet(out.resolve("ranking_3mr").toString()).orderBy("rank")
                .collectAsList().stream().map(r -> r.<String>getAs("feature")).toList();
        assertThat(order).hasSize(4);
        assertThat(order.get(0)).isIn("strong", "copy");
        assertThat(order.indexOf("weak")).isLessThan(order.indexOf(order.get(0).equals("strong") ? "copy" : "strong"));

        Row pair = spark.read().parquet(out.resolve("pairwise").toString())
                .where("feature_a = 'strong' AND feature_b = 'copy'").first();
        // A copy shares everything: MI(strong; copy) = H(strong).
        assertThat((double) pair.getAs("mi")).isCloseTo(singles.get("strong").getAs("entropy"), within(1e-12));
        assertThat(spark.read().parquet(out.resolve("pairwise").toString()).count()).isEqualTo(6);
    }
}
