package dev.rashomon.outrank;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rashomon.testing.SparkTestBase;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The feature_profile and rare_values tables, against counts made directly from the rows. */
class FeatureProfileTest extends SparkTestBase {

    @Test
    void profileOfTheBankData() {
        Path out = temp.resolve("out");
        RunResult result = run("outrank", "--config", config("""
                input: {path: %s, format: csv}
                label: {column: y}
                outrank: {exact: {rare_values: true, rare_value_count_upper_bound: 2}}
                output: {path: %s}
                """.formatted(sample("bank_marketing.csv.gz"), out)).toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        Map<String, Row> profile = spark.read().parquet(out.resolve("feature_profile").toString()).collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getAs("feature"), r -> r));
        assertThat(profile).hasSize(16);

        List<Row> bank = bankRows().collectAsList();
        for (String feature : List.of("age", "job", "balance", "pdays")) {
            Map<String, Long> counts = new HashMap<>();
            long bytes = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            double sum = 0;
            for (Row row : bank) {
                String value = row.getAs(feature);
                counts.merge(value, 1L, Long::sum);
                bytes += value.strip().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
                if (!feature.equals("job")) {
                    double x = Double.parseDouble(value);
                    min = Math.min(min, x);
                    max = Math.max(max, x);
                    sum += x;
                }
            }
            Row p = profile.get(feature);
            assertThat((long) p.getAs("cardinality")).isEqualTo(counts.size());
            for (long times : FeatureProfile.REPETITIONS) {
                assertThat((long) p.getAs("values_seen_over_" + times)).as("%s seen over %d", feature, times)
                        .isEqualTo(counts.values().stream().filter(c -> c > times).count());
            }
            assertThat((long) p.getAs("rare_values")).isEqualTo(counts.values().stream().filter(c -> c <= 2).count());
            assertThat((double) p.getAs("bytes_per_value")).isEqualTo((double) bytes / bank.size());
            assertThat((boolean) p.getAs("numeric")).isEqualTo(!feature.equals("job"));
            if (!feature.equals("job")) {
                assertThat((double) p.getAs("min")).isEqualTo(min);
                assertThat((double) p.getAs("max")).isEqualTo(max);
                // Integer data: the exact sum is an integer, so the plain sum here is exact too.
                assertThat((double) p.getAs("mean")).isEqualTo(sum / bank.size());
                double[] sorted = bank.stream().mapToDouble(r -> Double.parseDouble(r.getAs(feature))).sorted().toArray();
                double median = (sorted[(sorted.length - 1) / 2] + sorted[sorted.length / 2]) / 2;
                assertThat((double) p.getAs("median")).as("median of %s", feature).isEqualTo(median);
            } else {
                assertThat(p.<Object>getAs("mean")).isNull();
            }
        }
        List<Row> rare = spark.read().parquet(out.resolve("rare_values").toString()).where("feature = 'balance'").collectAsList();
        Map<String, Long> balance = new HashMap<>();
        bank.forEach(row -> balance.merge(row.getAs("balance"), 1L, Long::sum));
        assertThat(rare).hasSize((int) balance.values().stream().filter(c -> c <= 2).count());
        assertThat(rare).allSatisfy(r -> assertThat(balance.get(r.<String>getAs("value"))).isEqualTo(r.<Long>getAs("count")));
    }
}
