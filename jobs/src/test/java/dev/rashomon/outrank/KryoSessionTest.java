package dev.rashomon.outrank;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rashomon.testing.SparkTestBase;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Many clusters set {@code spark.serializer} to Kryo in their defaults. Everything the exact ranking
 * ships between tasks and to the driver must survive it, and give the same tables as Java
 * serialization.
 */
class KryoSessionTest extends SparkTestBase {

    @Test
    void kryoAsTheSessionSerializerGivesTheSameTables() {
        Path data = temp.resolve("bank");
        bankRows().write().parquet(data.toString());
        List<List<Row>> withJava = rank(data, "java");

        spark.stop();
        spark = SparkSession.builder().master("local[2]").appName("rashomon-tests-kryo")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.default.parallelism", "3")
                .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .getOrCreate();
        assertThat(spark.sparkContext().getConf().get("spark.serializer")).endsWith("KryoSerializer");
        List<List<Row>> withKryo = rank(data, "kryo");

        assertThat(withKryo.get(0)).hasSize(16).isEqualTo(withJava.get(0));
        assertThat(withKryo.get(1)).hasSize(16).isEqualTo(withJava.get(1));
    }

    /** The ranking and the profile (with its exact medians), each ordered by feature. */
    private List<List<Row>> rank(Path data, String name) {
        Path out = temp.resolve(name);
        RunResult result = run("outrank", "--config", config("""
                input: {path: %s, format: parquet}
                label: {column: y}
                output: {path: %s}
                """.formatted(data, out)).toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        return List.of(
                spark.read().parquet(out.resolve("feature_ranking").toString()).orderBy("feature").collectAsList(),
                spark.read().parquet(out.resolve("feature_profile").toString()).orderBy("feature").collectAsList());
    }
}
