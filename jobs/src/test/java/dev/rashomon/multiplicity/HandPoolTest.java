package dev.rashomon.multiplicity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rashomon.testing.SparkTestBase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The whole job on a pool small enough to work out by hand. Four models, τ = 0.5 (≥):
 * <pre>
 *        label  A(0.30) B(0.31) D(0.35) C(0.40)     decisions A B D C
 *  r1      1     0.7     0.5     0.5     0.2                 1 1 1 0
 *  r2      0     0.4     0.6     0.6     0.4                 0 1 1 0
 *  r3      1     0.9     0.9     0.9     0.9                 1 1 1 1
 *  r4      0     0.5     0.3     0.3     0.1                 1 0 0 0
 * </pre>
 * D is B's twin. A is the best model and the reference. Sets: ε = 0 → {A}; 0.01 → {A, B};
 * 0.05 → {A, B, D}; 0.2 → all four.
 */
class HandPoolTest extends SparkTestBase {
    private static final String PREDICTIONS = """
            row_id,label,scores
            r1,1,"[0.7, 0.5, 0.2, 0.5]"
            r2,0,"[0.4, 0.6, 0.4, 0.6]"
            r3,1,"[0.9, 0.9, 0.9, 0.9]"
            r4,0,"[0.5, 0.3, 0.1, 0.3]"
            """;
    private static final String LOSSES = "model_id,loss\nA,0.30\nB,0.31\nC,0.40\nD,0.35\n";

    private Map<Double, Row> summary(String extra) {
        Path out = temp.resolve("out" + Math.abs(extra.hashCode()));
        RunResult result = run("multiplicity", "--config", config("""
                predictions: {path: %s, format: csv}
                losses: {path: %s, format: csv}
                multiplicity: {epsilon: [0, 0.01, 0.05, 0.2], delta: [0.3]%s}
                output: {path: %s}
                """.formatted(file("p.csv", PREDICTIONS), file("l.csv", LOSSES), extra, out)).toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        lastOut = out;
        return spark.read().parquet(out.resolve("summary").toString()).where("group = ''").collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getDouble(r.fieldIndex("epsilon")), r -> r));
    }

    private Path lastOut;

    private static Object v(Row row, String column) {
        return row.get(row.fieldIndex(column));
    }

    @Test
    void everyMeasureOfTheHandPool() {
        Map<Double, Row> s = summary("");
        Row zero = s.get(0.0);
        assertThat(v(zero, "set_size")).isEqualTo(1);
        assertThat(v(zero, "ambiguity")).as("one-model set").isEqualTo(0.0);
        assertThat(v(zero, "discrepancy")).isEqualTo(0.0);
        assertThat(v(zero, "ambiguity_vs_label")).as("A errs on r4").isEqualTo(0.25);
        assertThat(v(zero, "pattern_rashomon_ratio")).as("patterns A, B=D, C: 1 of 3").isEqualTo(1.0 / 3);
        assertThat(v(zero, "self_consistency_mean")).as("undefined for one member").isNull();

        Row two = s.get(0.01);
        assertThat(v(two, "set_size")).isEqualTo(2);
        assertThat(v(two, "rashomon_ratio")).isEqualTo(0.5);
        assertThat(v(two, "ambiguity")).as("B differs from A on r2 and r4").isEqualTo(0.5);
        assertThat(v(two, "pairwise_ambiguity")).isEqualTo(0.5);
        assertThat(v(two, "discrepancy")).isEqualTo(0.5);
        assertThat(v(two, "discrepancy_model")).isEqualTo("B");
        assertThat(v(two, "ambiguity_vs_label")).as("B errs on r2, A on r4").isEqualTo(0.5);
        assertThat(v(two, "discrepancy_vs_label")).isEqualTo(0.25);
        assertThat(v(two, "pairwise_discrepancy")).isEqualTo(0.5);
        // VPR widths 0.2, 0.2, 0, 0.2; r1's range [0.5, 0.7] sits on τ and does not cross.
        assertThat((Double) v(two, "vpr_width_mean")).isCloseTo(0.15, within(1e-15));
        assertThat(v(two, "vpr_width_max")).as("the widest of 0.7 − 0.5, 0.6 − 0.4, 0.5 − 0.3 in doubles")
                .isEqualTo(Math.max(0.7 - 0.5, Math.max(0.6 - 0.4, 0.5 - 0.3)));
        assertThat(v(two, "vpr_crossing_rate")).isEqualTo(0.5);
        assertThat(v(two, "disagreement_unbiased_mean")).as("2 on r2 and r4").isEqualTo(1.0);
        assertThat(v(two, "disagreement_plugin_mean")).isEqualTo(0.5);
        assertThat(v(two, "self_consistency_mean")).isEqualTo(0.5);
        assertThat(v(two, "pattern_rashomon_ratio")).isEqualTo(2.0 / 3);

        Row three = s.get(0.05);
        assertThat(v(three, "set_size")).isEqualTo(3);
        assertThat(v(three, "pattern_rashomon_ratio")).as("D repeats B's pattern").isEqualTo(2.0 / 3);
        // r2 and r4: n = (1, 2) → 4·1·2/(3·2) = 4/3, above 1; plug-in 4·(2/3)·(1/3) = 8/9.
        assertThat((Double) v(three, "disagreement_unbiased_max")).isCloseTo(4.0 / 3, within(1e-15));
        assertThat((Double) v(three, "disagreement_plugin_mean")).isCloseTo(2 * (8.0 / 9) / 4, within(1e-15));

        Row all = s.get(0.2);
        assertThat(v(all, "ambiguity")).as("C adds r1").isEqualTo(0.75);
        assertThat(v(all, "discrepancy")).isEqualTo(0.5);
        assertThat(v(all, "discrepancy_model")).as("B and C tie at 2 flips; B has the lower loss").isEqualTo("B");
        assertThat(v(all, "pattern_rashomon_ratio")).isEqualTo(1.0);

        Map<Double, Row> deviation = spark.read().parquet(lastOut.resolve("score_deviation").toString())
                .where("group = ''").collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getDouble(r.fieldIndex("epsilon")), r -> r));
        // |s − s_A| ≥ 0.3: none within {A, B}; C deviates by 0.5 on r1 and 0.4 on r4.
        assertThat(v(deviation.get(0.01), "score_ambiguity")).isEqualTo(0.0);
        assertThat(v(deviation.get(0.2), "score_ambiguity")).isEqualTo(0.5);
        assertThat(v(deviation.get(0.2), "score_discrepancy")).isEqualTo(0.5);
        assertThat(v(deviation.get(0.2), "score_discrepancy_model")).isEqualTo("C");
    }

    @Test
    void aStrictEmptySetHasNoMeasures() {
        Row zero = summary(", strict: true").get(0.0);
        assertThat(v(zero, "set_size")).isEqualTo(0);
        assertThat(v(zero, "rashomon_ratio")).isEqualTo(0.0);
        assertThat(v(zero, "ambiguity")).isNull();
        assertThat(v(zero, "discrepancy")).isNull();
        assertThat(v(zero, "vpr_width_mean")).isNull();
        assertThat(runJson(lastOut).get("warnings").toString()).contains("ε = 0.0 has 0 models");
        Map<String, Row> conventions = spark.read().parquet(lastOut.resolve("conventions").toString()).collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getString(0), r -> r));
        assertThat(conventions.get("rashomon_set").getString(1)).contains("L(h) < L(h0) + ε", "h0 = A (best)", "losses /", "l.csv");
        assertThat(conventions.get("rashomon_set").getString(2)).isEqualTo("absolute ε, strict membership");
        assertThat(conventions.get("decision").getString(1)).contains("1[s ≥ τ], τ = 0.5");
        assertThat(conventions.get("disagreement_unbiased").getString(2)).contains("can exceed 1");
    }

    @Test
    void aReferenceOutsideTheSetIsStillComparedWith() {
        Map<Double, Row> s = summary(", exclude_reference: true");
        Row one = s.get(0.01);
        assertThat(v(one, "set_size")).as("{B}: A only anchors the bound").isEqualTo(1);
        assertThat(v(one, "reference_in_set")).isEqualTo(false);
        assertThat(v(one, "ambiguity")).as("B against the outside reference A").isEqualTo(0.5);
        assertThat(v(one, "pairwise_ambiguity")).as("one member never disagrees with itself").isEqualTo(0.0);
        assertThat(v(s.get(0.0), "set_size")).isEqualTo(0);
    }

    @Test
    void aNamedReferenceAndRelativeEpsilon() {
        // Around C (0.40): relative ε = 0.2 admits losses ≤ 0.48, i.e. every model; ε = 0 admits A, B, D, C (all ≤ 0.40).
        Map<Double, Row> s = summary(", reference: C, epsilon_mode: relative");
        assertThat(v(s.get(0.0), "set_size")).isEqualTo(4);
        assertThat(v(s.get(0.0), "reference_model")).isEqualTo("C");
        // Against C: A flips r1, r4; B and D flip r1, r2; all decide 1 on r3.
        assertThat(v(s.get(0.0), "ambiguity")).isEqualTo(0.75);
        List<Row> members = spark.read().parquet(lastOut.resolve("members").toString()).orderBy("loss_rank").collectAsList();
        assertThat(members).extracting(r -> r.getString(0)).containsExactly("A", "B", "D", "C");
        assertThat(members.get(0).getDouble(members.get(0).fieldIndex("joins_at_epsilon"))).isCloseTo(0.30 / 0.40 - 1, within(1e-15));
    }

    @Test
    void theCurveFollowsTheLossOrder() {
        summary("");
        List<Row> curve = spark.read().parquet(lastOut.resolve("curve").toString()).where("group = ''").orderBy("models")
                .collectAsList();
        assertThat(curve).extracting(r -> r.getString(r.fieldIndex("model_id"))).containsExactly("A", "B", "D", "C");
        assertThat(curve).extracting(r -> r.getDouble(r.fieldIndex("ambiguity"))).containsExactly(0.0, 0.5, 0.5, 0.75);
        assertThat(curve.get(1).getDouble(curve.get(1).fieldIndex("epsilon"))).isCloseTo(0.01, within(1e-15));
    }
}
