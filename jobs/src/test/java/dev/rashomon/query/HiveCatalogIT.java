package dev.rashomon.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rashomon.cli.Rashomon;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * output.catalog.database with a Hive metastore (Spark's embedded one: Derby in a temp folder):
 * two daily runs register their partitions, and a new session on the same metastore sees both.
 * A failsafe test, so the Hive-enabled sessions run in their own JVM, apart from the unit tests'
 * shared sessions.
 */
class HiveCatalogIT {
    private static final String DATA = "a,b,y\n1,x,yes\n2,x,no\n3,z,yes\n4,z,no\n5,z,yes\n6,x,yes\n";

    @TempDir
    Path temp;

    private SparkSession spark;

    private SparkSession hiveSession() {
        return SparkSession.builder()
                .master("local[2]")
                .appName("rashomon-hive-catalog")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.sql.catalogImplementation", "hive")
                .config("spark.sql.warehouse.dir", temp.resolve("warehouse").toString())
                .config("spark.hadoop.javax.jdo.option.ConnectionURL",
                        "jdbc:derby:;databaseName=" + temp.resolve("metastore_db") + ";create=true")
                .config("spark.hadoop.hive.exec.scratchdir", temp.resolve("scratch").toString())
                // Each session's Hive client has its own class loader; sharing Derby's classes lets the
                // second session open the database the first one booted in this JVM.
                .config("spark.sql.hive.metastore.sharedPrefixes", "org.apache.derby")
                .enableHiveSupport()
                .getOrCreate();
    }

    private void stop() {
        if (spark != null) {
            spark.stop();
            SparkSession.clearActiveSession();
            SparkSession.clearDefaultSession();
            spark = null;
        }
    }

    @AfterEach
    void stopSession() {
        stop();
    }

    private String run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        SparkSession session = spark;
        int code = Rashomon.execute(List.of(args), () -> session, false, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void twoDailyRunsAreVisibleToTheNextSession() throws Exception {
        System.setProperty("derby.stream.error.file", temp.resolve("derby.log").toString());
        Path data = Files.writeString(temp.resolve("d.csv"), DATA);
        Path config = Files.writeString(temp.resolve("outrank.yaml"), """
                input: {path: %s, format: csv}
                label: {column: y}
                output: {path: %s, catalog: {database: rashomon}}
                """.formatted(data, temp.resolve("out")));

        spark = hiveSession();
        run("outrank", "--config", config.toString(), "--set", "output.partition.run_date=2026-11-25");
        run("outrank", "--config", config.toString(), "--set", "output.partition.run_date=2026-11-26",
                "--set", "features.exclude=[a]");
        stop();

        spark = hiveSession();
        assertThat(spark.conf().get("spark.sql.catalogImplementation")).isEqualTo("hive");
        assertThat(spark.sql("SHOW PARTITIONS rashomon.feature_ranking").collectAsList().stream().map(r -> r.getString(0)))
                .containsExactly("run_date=2026-11-25", "run_date=2026-11-26");
        for (String day : List.of("2026-11-25", "2026-11-26")) {
            List<Row> registered = spark.sql("SELECT * FROM rashomon.feature_ranking WHERE run_date = '" + day + "' ORDER BY rank")
                    .drop("run_date").collectAsList();
            List<Row> files = spark.read().parquet(temp.resolve("out/feature_ranking/run_date=" + day).toString())
                    .orderBy("rank").collectAsList();
            assertThat(registered).as(day).hasSize(day.endsWith("25") ? 2 : 1).isEqualTo(files);
        }
        assertThat(spark.sql("DESCRIBE TABLE EXTENDED rashomon.feature_profile").where("col_name = 'Type'")
                .collectAsList().get(0).getString(1)).isEqualTo("EXTERNAL");

        // the sql command queries the metastore's tables without any --run
        assertThat(run("sql", "SELECT run_date, count(*) AS features FROM rashomon.feature_ranking GROUP BY run_date "
                + "ORDER BY run_date", "--format", "csv"))
                .isEqualTo("run_date,features\n2026-11-25,2\n2026-11-26,1\n");
    }
}
