package dev.rashomon.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rashomon.cli.Rashomon;
import dev.rashomon.testing.SparkTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The report reads other runs' outputs: a folder that is not the finished run it claims to be (no _SUCCESS, no
 * run.json, a table missing, a table of another schema or not in its format) exits 2 with one line naming the
 * config key, the table and the column, and leaves no output. The runs are written by hand, small and fast.
 */
class ReportBadInputTest extends SparkTestBase {
    private static final StructType SUMMARY = new StructType().add("epsilon", DataTypes.DoubleType)
            .add("group", DataTypes.StringType).add("set_size", DataTypes.IntegerType).add("ambiguity", DataTypes.DoubleType);

    private Path out() {
        return temp.resolve("out");
    }

    /** A finished multiplicity run, as the job leaves it: run.json, summary, _SUCCESS. */
    private Path multiplicityRun(Dataset<Row> summary) {
        Path run = temp.resolve("multiplicity");
        file("multiplicity/run.json", "{\"job\": \"multiplicity\", \"run_id\": \"r1\", \"config\": {\"output\": {\"format\": \"parquet\"}}}");
        if (summary != null) {
            summary.coalesce(1).write().parquet(run.resolve("summary").toString());
        }
        file("multiplicity/_SUCCESS", "");
        return run;
    }

    private Dataset<Row> summary() {
        return spark.createDataFrame(List.of(RowFactory.create(0.0, "", 1, 0.0), RowFactory.create(0.1, "", 2, 0.25)), SUMMARY);
    }

    private String refused(Path multiplicity) {
        RunResult result = run("report", "--config", config("multiplicity: %s\noutput: {path: %s}\n".formatted(multiplicity,
                out())).toString());
        assertThat(result.exitCode()).as(result.err()).isEqualTo(Rashomon.BAD_INPUT);
        assertThat(result.err().lines()).as("one readable line").hasSize(1);
        assertThat(out()).as("no output left behind").doesNotExist();
        return result.firstErrorLine();
    }

    @Test
    void theHandMadeRunIsReported() {
        RunResult result = run("report", "--config", config("multiplicity: %s\noutput: {path: %s}\n".formatted(
                multiplicityRun(summary()), out())).toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(readString(out().resolve("report.html"))).contains("data-chart=\"measures\"", "<svg");
    }

    @Test
    void aRunFolderWithoutSuccess() throws IOException {
        Path run = multiplicityRun(summary());
        Files.delete(run.resolve("_SUCCESS"));
        assertThat(refused(run)).isEqualTo("rashomon report: error: config key 'multiplicity': " + run
                + " has no _SUCCESS; expected the output.path of a finished multiplicity run");
    }

    @Test
    void aRunFolderWithoutRunJson() throws IOException {
        Path run = multiplicityRun(summary());
        Files.delete(run.resolve("run.json"));
        assertThat(refused(run)).contains("config key 'multiplicity': " + run + " cannot be read", "run.json");
    }

    @Test
    void aMissingTable() {
        Path run = multiplicityRun(null);
        assertThat(refused(run)).isEqualTo("rashomon report: error: config key 'multiplicity': " + run
                + " has no summary table (no file:" + run.resolve("summary")
                + "); expected the output.path of a finished multiplicity run, which always writes it");
    }

    @Test
    void aTableOfTheWrongSchema() {
        Path run = multiplicityRun(summary().drop("epsilon"));
        assertThat(refused(run)).isEqualTo("rashomon report: error: config key 'multiplicity': table file:"
                + run.resolve("summary") + " has no column 'epsilon'; expected a multiplicity run's summary table with "
                + "epsilon, group, set_size (columns: group, set_size, ambiguity)");
    }

    @Test
    void anOptionalTableOfTheWrongSchema() {
        Path run = multiplicityRun(summary());
        spark.createDataFrame(List.of(RowFactory.create(0.1, 0.5)), new StructType().add("epsilon", DataTypes.DoubleType)
                .add("vpr_width", DataTypes.DoubleType)).write().parquet(run.resolve("per_row").toString());
        assertThat(refused(run)).contains("table file:" + run.resolve("per_row") + " has no column 'rashomon_capacity'",
                "per_row table with epsilon, vpr_width, rashomon_capacity");
    }

    @Test
    void aTableThatIsNotInItsFormat() throws IOException {
        Path run = multiplicityRun(null);
        file("multiplicity/summary/part-00000.parquet", "not parquet at all");
        assertThat(refused(run)).contains("config key 'multiplicity': table file:" + run.resolve("summary"),
                "cannot be read as parquet (the output.format its run.json records)");
    }
}
