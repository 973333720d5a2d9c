package dev.rashomon.outrank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import dev.rashomon.testing.SparkTestBase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The exact ranking agrees with scikit-learn 1.2.1 on real data. The expected values are in
 * {@code src/test/resources/reference/sklearn_*.csv}; each file's header comments say how they
 * were produced ({@code sklearn_reference.py} beside them: pandas reads every column as raw
 * strings, then mutual_info_score, expected_mutual_information, adjusted_mutual_info_score and
 * normalized_mutual_info_score with arithmetic normalisation, scipy's chi2.sf for the p-value).
 */
class SklearnReferenceTest extends SparkTestBase {
    private static final double SKLEARN_TOLERANCE = 1e-9;

    @Test
    void bankMarketingMatchesScikitLearn() {
        Path out = temp.resolve("bank");
        RunResult result = run("outrank", "--config", config("""
                input: {path: %s, format: csv}
                label: {column: y}
                output: {path: %s}
                """.formatted(sample("bank_marketing.csv.gz"), out)).toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertMatchesReference(ranking(out.resolve("feature_ranking")), "sklearn_bank_marketing.csv", 16);
    }

    @Test
    void instEvalWithThresholdLabelMatchesScikitLearn() {
        Path out = temp.resolve("insteval");
        RunResult result = run("outrank", "--config", config("""
                input: {path: %s, format: csv}
                label: {column: y, threshold: 4}
                output: {path: %s}
                """.formatted(sample("insteval.csv.gz"), out)).toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertMatchesReference(ranking(out.resolve("feature_ranking")), "sklearn_insteval_y_ge_4.csv", 6);
    }

    private static void assertMatchesReference(List<Row> ranking, String referenceFile, int features) {
        Map<String, Map<String, String>> expected = readReference(referenceFile);
        assertThat(ranking).hasSize(features);
        assertThat(expected).hasSize(features);
        for (Row row : ranking) {
            String feature = row.getAs("feature");
            Map<String, String> reference = expected.get(feature);
            assertThat(reference).as("reference row for %s", feature).isNotNull();
            for (String score : List.of("mi", "emi", "ami", "nmi")) {
                assertThat((double) row.getAs(score)).as("%s of %s", score, feature)
                        .isCloseTo(Double.parseDouble(reference.get(score)), within(SKLEARN_TOLERANCE));
            }
            assertThat((double) row.getAs("entropy")).as("entropy of %s", feature)
                    .isCloseTo(Double.parseDouble(reference.get("h_f")), within(1e-12));
            assertThat((double) row.getAs("su")).as("su of %s", feature)
                    .isCloseTo(Double.parseDouble(reference.get("su")), within(1e-12));
            assertThat((double) row.getAs("gain_ratio")).as("gain ratio of %s", feature)
                    .isCloseTo(Double.parseDouble(reference.get("gain_ratio")), within(1e-12));
            double gStat = Double.parseDouble(reference.get("g_stat"));
            assertThat((double) row.getAs("g_stat")).as("G of %s", feature).isCloseTo(gStat, within(1e-9 * gStat));
            assertThat((long) row.getAs("g_dof")).as("dof of %s", feature).isEqualTo(Long.parseLong(reference.get("dof")));
            double pValue = Double.parseDouble(reference.get("g_pvalue"));
            assertThat((double) row.getAs("g_pvalue")).as("p-value of %s", feature)
                    .isCloseTo(pValue, within(Math.max(1e-300, 1e-6 * pValue)));
            long rows = Long.parseLong(reference.get("n"));
            assertThat((long) row.getAs("rows")).isEqualTo(rows);
            assertThat((long) row.getAs("cardinality")).as("cardinality of %s", feature)
                    .isEqualTo(Long.parseLong(reference.get("cardinality")));
            assertThat((long) row.getAs("singletons")).isEqualTo(Long.parseLong(reference.get("singletons")));
            assertThat((String) row.getAs("top_value")).as("top value of %s", feature).isEqualTo(reference.get("top_value"));
            assertThat((double) row.getAs("top_share"))
                    .isEqualTo((double) Long.parseLong(reference.get("top_count")) / rows);
            assertThat((double) row.getAs("coverage")).isEqualTo(1.0);
            assertThat((double) row.getAs("mi_adjusted")).isEqualTo((double) row.getAs("mi") - (double) row.getAs("emi"));
        }
        for (int i = 1; i < ranking.size(); i++) {
            assertThat((double) ranking.get(i - 1).getAs("mi_adjusted")).isGreaterThanOrEqualTo(ranking.get(i).getAs("mi_adjusted"));
            assertThat((int) ranking.get(i).getAs("rank")).isEqualTo(i + 1);
        }
    }

    static Map<String, Map<String, String>> readReference(String name) {
        CsvParserSettings settings = new CsvParserSettings();
        settings.setHeaderExtractionEnabled(true);
        settings.getFormat().setComment('#');
        settings.setNullValue("");
        settings.setEmptyValue("");
        try (InputStream in = SklearnReferenceTest.class.getResourceAsStream("/reference/" + name)) {
            CsvParser parser = new CsvParser(settings);
            Map<String, Map<String, String>> rows = new HashMap<>();
            parser.parseAllRecords(in, StandardCharsets.UTF_8).forEach(record -> {
                Map<String, String> values = record.toFieldMap();
                rows.put(values.get("feature"), values);
            });
            return rows;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
