package dev.rashomon.multiplicity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rashomon.cli.Rashomon;
import dev.rashomon.testing.SparkTestBase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Every bad input the issue lists exits 2 with one line that names the row and model (or key), and
 * leaves no output behind.
 */
class MultiplicityBadInputTest extends SparkTestBase {
    private static final String LOSSES = "model_id,loss\nm1,0.3\nm2,0.4\n";
    private static final String LONG = """
            row_id,model_id,score,label
            1,m1,0.2,0
            1,m2,0.3,0
            2,m1,0.8,1
            2,m2,0.6,1
            """;

    private Path out() {
        return temp.resolve("out");
    }

    private String refused(String predictions, String losses, String layout, String extra) {
        String lossesKey = losses == null ? "" : "losses: {path: %s, format: csv}\n".formatted(file("l.csv", losses));
        RunResult result = run("multiplicity", "--config", config("""
                predictions: {path: %s, format: csv, layout: %s}
                %smultiplicity: {epsilon: [0, 0.1]%s}
                output: {path: %s}
                """.formatted(file("p.csv", predictions), layout, lossesKey, extra, out())).toString());
        assertThat(result.exitCode()).as(result.err()).isEqualTo(Rashomon.BAD_INPUT);
        assertThat(result.err().lines()).as("one readable line").hasSize(1);
        assertThat(out()).as("no output left behind").doesNotExist();
        return result.firstErrorLine();
    }

    @Test
    void theGoodInputRuns() {
        RunResult result = run("multiplicity", "--config", config("""
                predictions: {path: %s, format: csv, layout: long}
                losses: {path: %s, format: csv}
                output: {path: %s}
                """.formatted(file("p.csv", LONG), file("l.csv", LOSSES), out())).toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(out().resolve("_SUCCESS")).exists();
    }

    @Test
    void predictionsWithAHeaderOnly() {
        assertThat(refused("row_id,model_id,score,label\n", LOSSES, "long", ""))
                .contains("p.csv", "no rows");
    }

    @Test
    void aScoreOutsideTheUnitInterval() {
        assertThat(refused(LONG.replace("2,m2,0.6", "2,m2,1.2"), LOSSES, "long", ""))
                .startsWith("rashomon multiplicity: error: ")
                .contains("model 'm2' scores row 2 with 1.2, outside [0, 1]", "p.csv");
    }

    @Test
    void aNaNScore() {
        assertThat(refused(LONG.replace("1,m1,0.2", "1,m1,NaN"), LOSSES, "long", ""))
                .contains("model 'm1' scores row 1 with 'NaN', not a number");
    }

    @Test
    void aWideScoreOutsideTheUnitIntervalNamesTheModelByItsLoss() {
        String wide = "row_id,label,scores\n1,0,\"[0.2, 0.3]\"\n2,1,\"[0.8, -0.1]\"\n";
        assertThat(refused(wide, LOSSES, "wide", "")).contains("model 'm2' scores row 2 with -0.1, outside [0, 1]");
    }

    @Test
    void aModelWithoutALoss() {
        assertThat(refused(LONG + "1,m3,0.5,0\n2,m3,0.5,1\n", LOSSES, "long", ""))
                .contains("model 'm3'", "has no loss in losses", "l.csv");
    }

    @Test
    void aRowAndModelPairTwice() {
        assertThat(refused(LONG + "2,m1,0.7,1\n", LOSSES, "long", "")).contains("row 2 has two scores from model 'm1'");
    }

    @Test
    void aRowMissingForSomeModels() {
        assertThat(refused(LONG.replace("2,m2,0.6,1\n", ""), LOSSES, "long", ""))
                .contains("row 2 has no score from model 'm2'", "every row needs a score from every model");
    }

    @Test
    void aWideRowWithTooFewScores() {
        String wide = "row_id,label,scores\n1,0,\"[0.2, 0.3]\"\n2,1,\"[0.8]\"\n";
        assertThat(refused(wide, LOSSES, "wide", "")).contains("row 2 has 1 scores; the losses name 2 models");
        assertThat(refused(wide, null, "wide", "")).contains("row 2 has scores from 1 models, row 1 from 2");
    }

    @Test
    void aWideRowTwice() {
        String wide = "row_id,label,scores\n1,0,\"[0.2, 0.3]\"\n2,1,\"[0.8, 0.6]\"\n1,0,\"[0.2, 0.3]\"\n";
        assertThat(refused(wide, LOSSES, "wide", "")).contains("row 1 appears 2 times");
    }

    @Test
    void groupsFromWithARowTwice() {
        Path groups = file("g.csv", "row_id,sex\n1,f\n2,m\n2,f\n");
        assertThat(refused(LONG, LOSSES, "long", ", groups: [sex], groups_from: {path: %s, format: csv}".formatted(groups)))
                .contains("multiplicity.groups_from", "g.csv has row_id 2 2 times");
    }

    @Test
    void aNegativeEpsilon() {
        assertThat(refused(LONG, LOSSES, "long", ", epsilon: [0.01, -0.02]"))
                .contains("multiplicity.epsilon", "≥ 0", "empty Rashomon set");
    }

    @Test
    void labelsThatAreNotZeroOrOne() {
        assertThat(refused(LONG.replace("2,m1,0.8,1", "2,m1,0.8,2").replace("2,m2,0.6,1", "2,m2,0.6,2"), LOSSES, "long", ""))
                .contains("row 2 has label '2'; binary scores need labels 0 or 1");
    }

    @Test
    void labelsThatDisagreeBetweenLines() {
        assertThat(refused(LONG.replace("2,m2,0.6,1", "2,m2,0.6,0"), LOSSES, "long", ""))
                .contains("row 2 has label");
    }

    @Test
    void anUnknownReference() {
        assertThat(refused(LONG, LOSSES, "long", ", reference: m9"))
                .contains("multiplicity.reference 'm9' is not a model", "models: m1, m2");
    }

    @Test
    void aMissingColumn() {
        assertThat(refused(LONG.replace("model_id", "model"), LOSSES, "long", ""))
                .contains("has no column 'model_id'", "columns: row_id, model, score, label");
    }

    @Test
    void aLossThatIsNotANumber() {
        assertThat(refused(LONG, "model_id,loss\nm1,0.3\nm2,high\n", "long", ""))
                .contains("the loss of model 'm2' is 'high'");
    }

    @Test
    void classProbabilitiesThatDoNotSumToOne() {
        String multiclass = """
                row_id,model_id,class,score,label
                1,m1,0,0.5,0
                1,m1,1,0.5,0
                1,m2,0,0.5,0
                1,m2,1,0.4,0
                """;
        assertThat(refused(multiclass, LOSSES, "long", "")).contains("class probabilities of model 'm2' for row 1 sum to 0.9");
    }

    @Test
    void anUnknownGroupColumn() {
        assertThat(refused(LONG, LOSSES, "long", ", groups: [sex]"))
                .contains("multiplicity.groups names column 'sex'", "groups_from");
    }

    @Test
    void infiniteAndNegativeScores() {
        assertThat(refused(LONG.replace("2,m2,0.6", "2,m2,Infinity"), LOSSES, "long", ""))
                .contains("p.csv", "model 'm2' scores row 2 with Infinity, outside [0, 1]");
        assertThat(refused(LONG.replace("1,m1,0.2", "1,m1,-Infinity"), LOSSES, "long", ""))
                .contains("model 'm1' scores row 1 with -Infinity, outside [0, 1]");
        assertThat(refused(LONG.replace("1,m2,0.3", "1,m2,-0.3"), LOSSES, "long", ""))
                .contains("model 'm2' scores row 1 with -0.3, outside [0, 1]");
        String wide = "row_id,label,scores\n1,0,\"[0.2, Infinity]\"\n2,1,\"[0.8, 0.6]\"\n";
        assertThat(refused(wide, LOSSES, "wide", "")).contains("model 'm2' scores row 1 with Infinity, outside [0, 1]");
    }

    @Test
    void anEmptyOrNaNWideScore() {
        String wide = "row_id,label,scores\n1,0,\"[0.2, 0.3]\"\n2,1,\"[NaN, 0.6]\"\n";
        assertThat(refused(wide, LOSSES, "wide", "")).contains("p.csv", "model 'm1' scores row 2 with 'NaN', not a number");
        assertThat(refused(LONG.replace("2,m1,0.8", "2,m1,"), LOSSES, "long", ""))
                .contains("model 'm1' scores row 2 with 'null', not a number", "probabilities in [0, 1]");
    }

    /** Parquet arrays of doubles take the fast reader: the same checks, and the smallest bad row_id is named. */
    @Test
    void typedWideScoresNameTheSmallestBadRow() {
        StructType schema = new StructType().add("row_id", DataTypes.LongType).add("label", DataTypes.IntegerType)
                .add("scores", DataTypes.createArrayType(DataTypes.DoubleType));
        Path parquet = temp.resolve("wide.parquet");
        spark.createDataFrame(List.of(RowFactory.create(1L, 0, List.of(0.2, 0.3)),
                        RowFactory.create(50L, 1, List.of(0.8, Double.NaN)),
                        RowFactory.create(7L, 1, List.of(Double.POSITIVE_INFINITY, 0.6)),
                        RowFactory.create(9L, 1, List.of(0.7, 0.6))), schema)
                .coalesce(1).write().parquet(parquet.toString());
        String lossesKey = "losses: {path: %s, format: csv}\n".formatted(file("l.csv", LOSSES));
        RunResult result = run("multiplicity", "--config", config("""
                predictions: {path: %s, format: parquet}
                %soutput: {path: %s}
                """.formatted(parquet, lossesKey, out())).toString());
        assertThat(result.exitCode()).as(result.err()).isEqualTo(Rashomon.BAD_INPUT);
        assertThat(result.err().lines()).hasSize(1);
        assertThat(result.firstErrorLine()).contains("wide.parquet", "model 'm1' scores row 7 with Infinity, outside [0, 1]");
        assertThat(out()).doesNotExist();
    }

    /** Several bad rows: the one with the smallest row_id is named, however the lines fall into partitions. */
    @Test
    void theSmallestBadRowIsNamedWhateverThePartitioning() {
        String bad = LONG.replace("2,m1,0.8", "2,m1,NaN") + "0,m2,0.5,1\n0,m1,1.5,1\n";
        String expected = "model 'm1' scores row 0 with 1.5, outside [0, 1]";
        assertThat(refused(bad, LOSSES, "long", "")).contains(expected);
        withSqlConf(Map.of("spark.sql.files.maxPartitionBytes", "24", "spark.sql.files.openCostInBytes", "1"),
                () -> assertThat(refused(bad, LOSSES, "long", "")).contains(expected));
        String missing = LONG.replace("2,m2,0.6,1\n", "") + "0,m1,0.5,1\n";
        assertThat(refused(missing, LOSSES, "long", "")).contains("row 0 has no score from model 'm2'");
    }

    @Test
    void wideClassProbabilitiesThatDoNotSumToOne() {
        String wide = "row_id,label,scores\n1,0,\"[[0.5, 0.5], [0.5, 0.5]]\"\n2,1,\"[[0.2, 0.8], [0.5, 0.4]]\"\n";
        assertThat(refused(wide, LOSSES, "wide", ""))
                .contains("p.csv", "the class probabilities of model 'm2' for row 2 sum to 0.9", "predictions.sum_tolerance");
    }

    @Test
    void theSumToleranceIsAConfigKey() {
        String wide = "row_id,label,scores\n1,0,\"[[0.5, 0.5], [0.5, 0.5]]\"\n2,1,\"[[0.2, 0.8], [0.5, 0.49]]\"\n";
        RunResult result = run("multiplicity", "--config", config("""
                predictions: {path: %s, format: csv, layout: wide, sum_tolerance: 0.02}
                losses: {path: %s, format: csv}
                output: {path: %s}
                """.formatted(file("p.csv", wide), file("l.csv", LOSSES), out())).toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        RunResult tight = run("multiplicity", "--config", config("""
                predictions: {path: %s, format: csv, layout: wide, sum_tolerance: 0.001}
                losses: {path: %s, format: csv}
                output: {path: %s}
                """.formatted(file("p.csv", wide), file("l.csv", LOSSES), temp.resolve("tight"))).toString());
        assertThat(tight.exitCode()).isEqualTo(Rashomon.BAD_INPUT);
        assertThat(tight.firstErrorLine()).contains("row 2 sum to 0.99", "predictions.sum_tolerance = 0.001");
        assertThat(temp.resolve("tight")).doesNotExist();
        RunResult negative = run("multiplicity", "--config", config("""
                predictions: {path: %s, format: csv, sum_tolerance: -1}
                output: {path: %s}
                """.formatted(file("p.csv", wide), temp.resolve("negative"))).toString());
        assertThat(negative.exitCode()).isEqualTo(Rashomon.BAD_INPUT);
        assertThat(negative.firstErrorLine()).contains("predictions.sum_tolerance", "[0, 1)");
    }

    @Test
    void aClassProbabilityGivenTwice() {
        String multiclass = """
                row_id,model_id,class,score,label
                1,m1,0,0.5,0
                1,m1,1,0.5,0
                1,m2,0,0.5,0
                1,m2,1,0.5,0
                1,m2,1,0.5,0
                """;
        assertThat(refused(multiclass, LOSSES, "long", "")).contains("row 1 has two scores from model 'm2' for class 1");
    }

    @Test
    void aModelOfTheLossesWithoutScores() {
        String losses = LOSSES + "m3,0.2\n";
        assertThat(refused(LONG, losses, "long", ""))
                .contains("p.csv", "row 1 has no score from model 'm3' (a model of losses", "l.csv");
        String wide = "row_id,label,scores\n1,0,\"[0.2, 0.3]\"\n2,1,\"[0.8, 0.6]\"\n";
        assertThat(refused(wide, losses, "wide", "")).contains("row 1 has 2 scores; the losses name 3 models");
    }

    @Test
    void aLossThatIsNaNOrInfinite() {
        assertThat(refused(LONG, "model_id,loss\nm1,0.3\nm2,NaN\n", "long", ""))
                .contains("l.csv", "the loss of model 'm2' is 'NaN', not a finite number");
        assertThat(refused(LONG, "model_id,loss\nm1,Infinity\nm2,0.4\n", "long", ""))
                .contains("l.csv", "the loss of model 'm1' is 'Infinity', not a finite number");
        assertThat(refused(LONG, "model_id,loss\nm1,0.3\nm2,\n", "long", ""))
                .contains("l.csv", "the loss of model 'm2' is 'null'");
    }

    @Test
    void aModelWithTwoLosses() {
        assertThat(refused(LONG, LOSSES + "m2,0.5\n", "long", "")).contains("l.csv", "model 'm2' has two losses");
    }

    @Test
    void aRefusedRunLeavesOtherPartitionsIntact() {
        String yaml = """
                predictions: {path: %s, format: csv, layout: long}
                losses: {path: %s, format: csv}
                output: {path: %s}
                """;
        RunResult first = run("multiplicity", "--config", config(yaml.formatted(file("p.csv", LONG), file("l.csv", LOSSES),
                out())).toString(), "--set", "output.partition.run_date=2026-11-25");
        assertThat(first.exitCode()).as(first.err()).isZero();
        long filesBefore = fileCount(out());
        RunResult bad = run("multiplicity", "--config", config(yaml.formatted(file("bad.csv", LONG.replace("2,m2,0.6",
                "2,m2,NaN")), file("l.csv", LOSSES), out())).toString(), "--set", "output.partition.run_date=2026-11-26");
        assertThat(bad.exitCode()).isEqualTo(Rashomon.BAD_INPUT);
        assertThat(bad.firstErrorLine()).contains("bad.csv", "model 'm2' scores row 2 with 'NaN'");
        assertThat(out().resolve("summary/run_date=2026-11-26")).doesNotExist();
        assertThat(out().resolve("run_date=2026-11-26")).doesNotExist();
        assertThat(fileCount(out())).isEqualTo(filesBefore);
        assertThat(spark.read().parquet(out().resolve("summary/run_date=2026-11-25").toString()).count()).isEqualTo(5);
    }
}
