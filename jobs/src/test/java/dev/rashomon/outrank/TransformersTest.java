package dev.rashomon.outrank;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rashomon.testing.SparkTestBase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** OutRank's transformer presets in exact mode, on the bank data's numeric columns. */
class TransformersTest extends SparkTestBase {

    private Map<String, Row> rank(String preset, Path out) {
        RunResult result = run("outrank", "--config", config("""
                input: {path: %s, format: csv}
                label: {column: y}
                numeric: {columns: [age, balance, pdays]}
                features: {include: [age, balance, pdays, job]}
                outrank: {exact: {transformers: %s}}
                output: {path: %s}
                """.formatted(sample("bank_marketing.csv.gz"), preset, out)).toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        return ranking(out.resolve("feature_ranking")).stream().collect(Collectors.toMap(r -> r.getAs("feature"), r -> r));
    }

    @Test
    void minimalPresetFollowsOutRanksFormulasAndKeepRules() {
        Map<String, Row> rows = rank("minimal", temp.resolve("out"));
        // log(x+1) is one-to-one on ages: the same partition of the rows, the same MI to the last bit.
        assertThat((double) rows.get("age_tr_log(x+1)").getAs("mi")).isEqualTo(rows.get("age").getAs("mi"));
        assertThat((long) rows.get("age_tr_log(x+1)").getAs("cardinality")).isEqualTo(rows.get("age").getAs("cardinality"));
        // sqrt of a negative balance is NaN: those rows are missing.
        long negative = bankRows().where("CAST(balance AS DOUBLE) < 0").count();
        assertThat((double) rows.get("balance_tr_sqrt").getAs("coverage")).isEqualTo(1.0 - (double) negative / 45_211);
        // sqrt(|x|) merges x and −x, so it has fewer values than balance.
        assertThat((long) rows.get("balance_tr_sqrt(abs(x))").getAs("cardinality"))
                .isLessThan(rows.get("balance").getAs("cardinality"));
        // pdays is −1 in 82 % of rows: every transform keeps a category that covers ≥ 80 % and is dropped.
        assertThat(rows.keySet()).noneMatch(name -> name.startsWith("pdays_tr_"));
        assertThat(rows.keySet()).noneMatch(name -> name.startsWith("job_tr_"));
        assertThat(rows.keySet().stream().filter(name -> name.contains("_tr_")).sorted().toList()).containsExactly(
                "age_tr_log(abs(x)+1)", "age_tr_log(x+1)", "age_tr_sqrt", "age_tr_sqrt(abs(x))",
                "balance_tr_log(abs(x)+1)", "balance_tr_log(x+1)", "balance_tr_sqrt", "balance_tr_sqrt(abs(x))");
        assertThat((String) rows.get("age_tr_sqrt").getAs("top_value")).isEqualTo(String.valueOf(Math.sqrt(32)));

        // 45,211 rows: the median is the middle row, and log(x+1) keeps the order: median = log(median age + 1).
        Map<String, Row> profile = spark.read().parquet(temp.resolve("out/feature_profile").toString()).collectAsList()
                .stream().collect(Collectors.toMap(r -> r.getAs("feature"), r -> r));
        double ageMedian = profile.get("age").getAs("median");
        assertThat((double) profile.get("age_tr_log(x+1)").getAs("median")).isEqualTo(Math.log(ageMedian + 1));
    }

    @Test
    void fwPresetAddsOutRanksBinnings() {
        Map<String, Row> rows = rank("fw-transformers", temp.resolve("out"));
        List<String> names = rows.keySet().stream().filter(name -> name.startsWith("age_tr_")).sorted().toList();
        assertThat(names).contains("age_tr_fw_sqrt_res_10_gt_32", "age_tr_fw_log_res_1_gt_64", "age_tr_log*100");
        // round(sqrt(age − 32)·1) for ages above 32, the age itself below, 0 at 32: a coarser partition.
        assertThat((long) rows.get("age_tr_fw_sqrt_res_1_gt_32").getAs("cardinality"))
                .isLessThan(rows.get("age").getAs("cardinality"));
        assertThat((double) rows.get("age_tr_fw_sqrt_res_1_gt_32").getAs("mi"))
                .isLessThanOrEqualTo((double) rows.get("age").getAs("mi") + 1e-12);
    }
}
