package dev.rashomon.cli;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoRegistrator;
import org.apache.spark.sql.SparkSession;

/**
 * Lets Kryo carry Java records. Clusters often set {@code spark.serializer} to Kryo, whose field
 * serializer cannot build a record (it sets final fields by offset, which records forbid); records
 * then go through Java serialization inside Kryo. Added to whatever registrators the cluster sets.
 */
public final class KryoRecords implements KryoRegistrator {
    static final String REGISTRATOR = "spark.kryo.registrator";

    @Override
    public void registerClasses(Kryo kryo) {
        kryo.addDefaultSerializer(Record.class, JavaSerializer.class);
    }

    /** The builder with this registrator added to those in {@code conf}. */
    public static SparkSession.Builder register(SparkSession.Builder builder, SparkConf conf) {
        String existing = conf.get(REGISTRATOR, "").trim();
        String name = KryoRecords.class.getName();
        return existing.contains(name) ? builder
                : builder.config(REGISTRATOR, existing.isEmpty() ? name : existing + "," + name);
    }
}
