package dev.rashomon.outrank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rashomon.testing.SparkTestBase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Equal-frequency bins, checked on cases small enough to bin by hand. */
class NumericBinsTest extends SparkTestBase {

    private Map<String, Row> rank(String csv, String numeric) {
        Path out = temp.resolve("out" + System.nanoTime());
        RunResult result = run("outrank", "--config", config("""
                input: {path: %s, format: csv}
                label: {column: y}
                numeric: %s
                output: {path: %s}
                """.formatted(file("d" + System.nanoTime() + ".csv", csv), numeric, out)).toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        List<Row> rows = ranking(out.resolve("feature_ranking"));
        return rows.stream().collect(Collectors.toMap(r -> r.getAs("feature"), r -> r));
    }

    @Test
    void binsMergeValuesThatCategoriesKeepApart() {
        // x = 1..8 with alternating labels: as 8 categories each value is pure (MI = ln 2); in two
        // equal-frequency bins {1..4}, {5..8} each bin holds 2 a and 2 b (MI = 0).
        String csv = "x,y\n1,a\n2,b\n3,a\n4,b\n5,a\n6,b\n7,a\n8,b\n";
        Row categorical = rank(csv, "{mode: categorical}").get("x");
        assertThat((double) categorical.getAs("mi")).isCloseTo(Math.log(2), within(1e-15));
        assertThat((long) categorical.getAs("categories")).isEqualTo(8);

        Row binned = rank(csv, "{mode: bins, bins: 2, columns: [x]}").get("x");
        assertThat((double) binned.getAs("mi")).isEqualTo(0.0);
        assertThat((long) binned.getAs("categories")).isEqualTo(2);
        assertThat((long) binned.getAs("cardinality")).as("the profile keeps the raw values").isEqualTo(8);
        assertThat((String) binned.getAs("treatment")).isEqualTo("bins(2)");
    }

    @Test
    void tiedValuesStayInOneBinAndSpellingsOfANumberAreOneValue() {
        // Five rows hold 1 (written "1", "1.0", "1", "1e0", "1"), then 2, 3, 4. Value 1 has no rows
        // before it → bin ⌊2·0/8⌋ = 0; 2, 3, 4 have 5, 6, 7 rows before them → bin 1. So the bins
        // are {1×5} all a and {2, 3, 4} all b: MI = H(Y) = −(5/8 ln 5/8 + 3/8 ln 3/8).
        String csv = "x,y\n1,a\n1.0,a\n1,a\n1e0,a\n1,a\n2,b\n3,b\n4,b\n";
        Row binned = rank(csv, "{mode: bins, bins: 2, columns: [x]}").get("x");
        double labelEntropy = -(5.0 / 8 * Math.log(5.0 / 8) + 3.0 / 8 * Math.log(3.0 / 8));
        assertThat((double) binned.getAs("mi")).isCloseTo(labelEntropy, within(1e-15));
        assertThat((long) binned.getAs("categories")).isEqualTo(2);
    }

    @Test
    void missingValuesAreTheirOwnCategoryBesideTheBins() {
        // Bins over the 6 present values {1,2,3} a | {4,5,6} b; two rows have no x, one of each class.
        // Table: bin0 = (3,0), bin1 = (0,3), missing = (1,1); N = 8, classes 4/4.
        String csv = "x,y\n1,a\n2,a\n3,a\n4,b\n5,b\n6,b\n,a\n,b\n";
        Row binned = rank(csv, "{mode: bins, bins: 2, columns: [x]}").get("x");
        double expected = 2 * (3.0 / 8 * Math.log(8.0 * 3 / (3 * 4)))
                + 2 * (1.0 / 8 * Math.log(8.0 * 1 / (2 * 4)));
        assertThat((double) binned.getAs("mi")).isCloseTo(expected, within(1e-15));
        assertThat((long) binned.getAs("categories")).isEqualTo(3);
        assertThat((double) binned.getAs("coverage")).isEqualTo(6.0 / 8);
    }

    @Test
    void typedNumericColumnsAreBinnedWithoutBeingListed() {
        Path parquet = temp.resolve("typed.parquet");
        spark.range(0, 1000).selectExpr("CAST(id AS DOUBLE) AS x", "CAST(id % 7 AS STRING) AS code",
                "IF(id < 500, 'low', 'high') AS y").write().parquet(parquet.toString());
        Path out = temp.resolve("typed-out");
        RunResult result = run("outrank", "--config", config("""
                input: {path: %s, format: parquet}
                label: {column: y}
                numeric: {mode: bins, bins: 4}
                output: {path: %s}
                """.formatted(parquet, out)).toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        Map<String, Row> rows = ranking(out.resolve("feature_ranking")).stream()
                .collect(Collectors.toMap(r -> r.getAs("feature"), r -> r));
        // 4 bins of 250 rows; the label splits at 500, so each bin is pure: MI = H(Y) = ln 2.
        assertThat((double) rows.get("x").getAs("mi")).isCloseTo(Math.log(2), within(1e-15));
        assertThat((long) rows.get("x").getAs("categories")).isEqualTo(4);
        assertThat((String) rows.get("code").getAs("treatment")).isEqualTo("categorical");
    }
}
