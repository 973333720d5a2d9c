package dev.rashomon.outrank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rashomon.testing.SparkTestBase;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** OutRank's multivalue explosion and subfeature rules in exact mode, on a table small enough to count by hand. */
class MultivalueAndSubfeaturesTest extends SparkTestBase {

    @Test
    void explodedTokensAndSubfeatures() {
        // 400 rows: tags cycle through "a,b", "b-c", "c", {} (the last is a missing marker here);
        // y is 1 exactly when the tags contain a; x cycles 0..4, group is g1 for even rows.
        StringBuilder csv = new StringBuilder("tags,x,group,y\n");
        String[] tags = {"\"a,b\"", "b-c", "c", "{}"};
        for (int i = 0; i < 400; i++) {
            csv.append(tags[i % 4]).append(',').append(i % 5).append(',').append(i % 2 == 0 ? "g1" : "g2").append(',')
                    .append(i % 4 == 0 ? 1 : 0).append('\n');
        }
        RunResult result = run("outrank", "--config", config("""
                input: {path: %s, format: csv}
                label: {column: y}
                missing: ["", "{}"]
                outrank:
                  exact:
                    explode_multivalue_features: [tags]
                    subfeature_mapping: ["x->group", "x<->group"]
                output: {path: %s}
                """.formatted(file("multi.csv", csv.toString()), temp.resolve("out"))).toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        Map<String, Row> rows = ranking(temp.resolve("out/feature_ranking")).stream()
                .collect(Collectors.toMap(r -> r.getAs("feature"), r -> r));

        // Token a is in exactly the rows with y = 1: MI = H(Y) with P(y=1) = 1/4.
        double hy = -(0.25 * Math.log(0.25) + 0.75 * Math.log(0.75));
        assertThat((double) rows.get("MULTIEX-tags-a").getAs("mi")).isCloseTo(hy, within(1e-15));
        assertThat((double) rows.get("MULTIEX-tags-b").getAs("coverage")).isEqualTo(0.5);
        assertThat((double) rows.get("MULTIEX-tags-c").getAs("coverage")).isEqualTo(0.5);
        assertThat(rows.keySet().stream().filter(f -> f.startsWith("MULTIEX-")).sorted().toList())
                .containsExactly("MULTIEX-tags-a", "MULTIEX-tags-b", "MULTIEX-tags-c");

        // x->group: SUBFEATURE-x&g1 holds "<x>ANDg1" on the 200 g1 rows (x takes all 5 values there).
        Row oneSided = rows.get("SUBFEATURE-x&g1");
        assertThat((long) oneSided.getAs("cardinality")).isEqualTo(5);
        assertThat((double) oneSided.getAs("coverage")).isEqualTo(0.5);
        assertThat((String) oneSided.getAs("top_value")).endsWith("ANDg1");
        // x<->group: one indicator per (x, group) pair seen: 5 × 2.
        assertThat(rows.keySet().stream().filter(f -> f.startsWith("SUBFEATURE|x|group-"))).hasSize(10);
        assertThat((double) rows.get("SUBFEATURE|x|group-0&g1").getAs("coverage")).isEqualTo(0.1);
    }

    @Test
    void rulesNamingUnknownColumnsAreRefused() {
        RunResult result = run("outrank", "--config", config("""
                input: {path: %s, format: csv}
                label: {column: y}
                outrank: {exact: {subfeature_mapping: ["x=>group"]}}
                output: {path: %s}
                """.formatted(file("d.csv", "x,group,y\n1,a,0\n2,b,1\n"), temp.resolve("out"))).toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.firstErrorLine()).contains("outrank.exact.subfeature_mapping", "'x=>group' is not a->b or a<->b");
        assertThat(temp.resolve("out")).doesNotExist();
    }
}
