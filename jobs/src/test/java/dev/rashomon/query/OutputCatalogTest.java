package dev.rashomon.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rashomon.testing.SparkTestBase;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * output.catalog.database with the session's in-memory catalog: the committed tables become
 * external tables with their partitions; a failed or refused run registers nothing.
 * (HiveCatalogIT checks that a Hive metastore keeps them for the next session.)
 */
class OutputCatalogTest extends SparkTestBase {
    private static final String DATA = "a,b,y\n1,x,yes\n2,x,no\n3,z,yes\n4,z,no\n5,z,yes\n";

    private RunResult rank(Path out, String... sets) {
        String[] args = Stream.concat(Stream.of("outrank", "--config", config("""
                input: {path: %s, format: csv}
                label: {column: y}
                output: {path: %s}
                """.formatted(file("d.csv", DATA), out)).toString()), Stream.of(sets)).toArray(String[]::new);
        return run(args);
    }

    private RunResult ranked(Path out, String... sets) {
        RunResult result = rank(out, sets);
        assertThat(result.exitCode()).as(result.err()).isZero();
        return result;
    }

    /** A database in the test's folder, so that none appears under ./spark-warehouse; the job finds it existing. */
    private void database(String name) {
        spark.sql("CREATE DATABASE " + name + " LOCATION '" + temp.resolve(name + ".db") + "'");
    }

    private static List<String> rows(String sql) {
        return spark.sql(sql).collectAsList().stream().map(Row::toString).toList();
    }

    @Test
    void partitionedRunsAreRegisteredWithEachPartition() {
        Path out = temp.resolve("out");
        database("ranked");
        ranked(out, "--set", "output.catalog.database=ranked", "--set", "output.partition.run_date=2026-11-25");
        ranked(out, "--set", "output.catalog.database=ranked", "--set", "output.partition.run_date=2026-11-26",
                "--set", "features.exclude=[a]");

        assertThat(rows("SELECT run_date, count(*) FROM ranked.feature_ranking GROUP BY run_date ORDER BY run_date"))
                .containsExactly("[2026-11-25,2]", "[2026-11-26,1]");
        List<Row> files = spark.read().parquet(out.resolve("feature_ranking/run_date=2026-11-25").toString())
                .orderBy("rank").collectAsList();
        List<Row> registered = spark.sql("SELECT * FROM ranked.feature_ranking WHERE run_date = '2026-11-25' ORDER BY rank")
                .drop("run_date").collectAsList();
        assertThat(registered).isEqualTo(files);
        assertThat(rows("SHOW TABLES IN ranked").stream().map(r -> r.split(",")[1]).toList())
                .containsExactlyInAnyOrder("feature_profile", "feature_ranking");
        assertThat(runJson(out.resolve("run_date=2026-11-26")).at("/catalog").toString()).isEqualTo(
                "{\"database\":\"ranked\",\"implementation\":\"in-memory\",\"tables\":{\"feature_ranking\":"
                        + "\"ranked.feature_ranking\",\"feature_profile\":\"ranked.feature_profile\"}}");
    }

    @Test
    void aRerunIsVisibleAndEarlierPartitionsAreFoundWhenTheTableIsCreated() {
        Path out = temp.resolve("out");
        ranked(out, "--set", "output.partition.run_date=2026-11-24");
        database("later");
        ranked(out, "--set", "output.catalog.database=later", "--set", "output.partition.run_date=2026-11-25");
        assertThat(rows("SELECT run_date, count(*) FROM later.feature_ranking GROUP BY run_date ORDER BY run_date"))
                .as("the partition written before the catalog was asked for").containsExactly("[2026-11-24,2]", "[2026-11-25,2]");

        ranked(out, "--set", "output.catalog.database=later", "--set", "output.partition.run_date=2026-11-25",
                "--set", "features.exclude=[b]");
        assertThat(rows("SELECT run_date, feature FROM later.feature_ranking ORDER BY run_date, rank"))
                .as("the rerun replaced its partition").containsExactly("[2026-11-24,a]", "[2026-11-24,b]", "[2026-11-25,a]");
    }

    @Test
    void csvAndJsonTablesAreRegisteredWithTheirSchema() {
        for (String format : List.of("csv", "json")) {
            Path out = temp.resolve(format);
            database(format + "_db");
            ranked(out, "--set", "output.format=" + format, "--set", "output.catalog.database=" + format + "_db");
            List<Row> registered = spark.sql("SELECT rank, feature, mi, top_value FROM " + format
                    + "_db.feature_ranking ORDER BY rank").collectAsList();
            List<Row> files = spark.read().option("header", "true").option("inferSchema", "true").format(format)
                    .load(out.resolve("feature_ranking").toString()).selectExpr("CAST(rank AS INT)", "feature", "mi", "top_value")
                    .orderBy("rank").collectAsList();
            assertThat(registered).as(format).isEqualTo(files);
            assertThat(spark.table(format + "_db.feature_ranking").schema().apply("mi").dataType().sql()).isEqualTo("DOUBLE");
        }
    }

    @Test
    void aFailedRunRegistersNothing() {
        Path out = temp.resolve("never");
        RunResult failed = rank(out, "--set", "output.catalog.database=failed", "--set", "input.path=" + temp.resolve("none.csv"));
        assertThat(failed.exitCode()).isEqualTo(2);
        assertThat(spark.catalog().databaseExists("failed")).isFalse();
        assertThat(out).doesNotExist();
    }

    @Test
    void aTableWithOtherColumnsIsRefusedBeforeTheCommit() {
        database("clash");
        spark.sql("CREATE TABLE clash.feature_ranking (rank INT, feature STRING) USING parquet LOCATION '"
                + temp.resolve("elsewhere") + "'");
        Path out = temp.resolve("out");
        RunResult refused = rank(out, "--set", "output.catalog.database=clash");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.firstErrorLine()).startsWith("rashomon outrank: error: output.catalog.database: table "
                + "clash.feature_ranking exists with other columns (rank int, feature string; this run writes rank int, "
                + "feature string, mi_adjusted double,").endsWith("); drop it or register in another database");
        assertThat(out).doesNotExist();
        assertThat(spark.catalog().tableExists("clash", "feature_profile")).isFalse();
    }

    @Test
    void aDatabaseNameIsAnIdentifier() {
        RunResult refused = rank(temp.resolve("out"), "--set", "output.catalog.database=my-db");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.firstErrorLine()).isEqualTo("rashomon outrank: error: config key 'output.catalog.database' must be "
                + "a database name (letters, digits, _), got 'my-db'");
        assertThat(temp.resolve("out")).doesNotExist();
    }
}
