package dev.rashomon.outrank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.esotericsoftware.kryo.Kryo;
import dev.rashomon.cli.KryoRecords;
import dev.rashomon.testing.SparkTestBase;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoRegistrator;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * Many clusters set {@code spark.serializer} to Kryo in their defaults. Everything the exact ranking
 * ships between tasks and to the driver must survive it, and give the same tables as Java
 * serialization; {@link KryoRecords} lets Kryo carry Java records.
 */
class KryoSessionTest extends SparkTestBase {

    @Test
    void kryoAsTheSessionSerializerGivesTheSameTables() {
        Path data = temp.resolve("bank");
        bankRows().write().parquet(data.toString());
        List<List<Row>> withJava = rank(data, "java");

        spark.stop();
        // As Rashomon's main builds it under spark-submit, with a cluster registrator of its own.
        SparkConf cluster = new SparkConf(false).set("spark.kryo.registrator", ClusterRegistrator.class.getName());
        spark = KryoRecords.register(SparkSession.builder(), cluster).master("local[2]").appName("rashomon-tests-kryo")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.default.parallelism", "3")
                .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .getOrCreate();
        assertThat(spark.sparkContext().getConf().get("spark.kryo.registrator"))
                .isEqualTo(ClusterRegistrator.class.getName() + "," + KryoRecords.class.getName());
        assertThat(spark.sparkContext().getConf().get("spark.serializer")).endsWith("KryoSerializer");
        List<List<Row>> withKryo = rank(data, "kryo");

        assertThat(withKryo.get(0)).hasSize(16).isEqualTo(withJava.get(0));
        assertThat(withKryo.get(1)).hasSize(16).isEqualTo(withJava.get(1));
    }

    /** Kryo's own field serializer cannot build a record; with the registrator, records round-trip. */
    @Test
    void recordsRoundTripThroughKryoWithTheRegistrator() {
        BadRow row = new BadRow("label is empty", "part-0.csv", "a,,b");
        SparkConf plain = new SparkConf(false);
        assertThatThrownBy(() -> roundTrip(new KryoSerializer(plain), row)).hasMessageContaining("Unable to create serializer");
        SparkConf registered = new SparkConf(false).set("spark.kryo.registrator", KryoRecords.class.getName());
        assertThat(roundTrip(new KryoSerializer(registered), row)).isEqualTo(row);
    }

    private static Object roundTrip(KryoSerializer serializer, Object value) {
        SerializerInstance instance = serializer.newInstance();
        ClassTag<Object> tag = ClassTag$.MODULE$.apply(Object.class);
        return instance.deserialize(instance.serialize(value, tag), tag);
    }

    /** Stands for a registrator that a cluster's defaults already name. */
    public static final class ClusterRegistrator implements KryoRegistrator {
        @Override
        public void registerClasses(Kryo kryo) {
        }
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
