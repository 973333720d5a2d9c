package dev.rashomon.outrank;

import dev.rashomon.dataset.RowDecoder;
import dev.rashomon.dataset.RowVisitor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.HashPartitioner;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.ShuffledRDD;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.Serializer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.storage.StorageLevel;
import scala.reflect.ClassTag$;

/**
 * The one pass over the input: every partition counts n(feature, value, class) in local hash tables
 * and sends them, packed into one {@link CountBlock} per reduce partition, to be summed across
 * partitions. Parquet and ORC input is counted from the scan's column vectors, anything else row
 * by row. Everything later reads the (persisted) merged tables, never the input.
 */
final class ContingencyScan {
    private static final int REDUCE_PARTITIONS_PER_TASK = 4;
    private final JavaRDD<PartitionCounter> merged;

    private ContingencyScan(JavaRDD<PartitionCounter> merged) {
        this.merged = merged;
    }

    static ContingencyScan run(Dataset<Row> rows, RowDecoder decoder, DerivedFeatures derived, int maxClasses,
                               int maxBadRowExamples) {
        Optional<ColumnarInput> columnar = derived.isEmpty() ? ColumnarInput.of(rows, decoder) : Optional.empty();
        JavaRDD<PartitionCounter> counters = columnar.isPresent()
                ? countColumns(columnar.get(), decoder, maxClasses, maxBadRowExamples)
                : countRows(rows, decoder, derived, maxClasses, maxBadRowExamples);
        SparkContext context = rows.sparkSession().sparkContext();
        // Several reduce partitions per core: a merged table holds 1/partitions of all distinct values, so
        // a feature with 10^7 of them (5M per table with 2 partitions) still merges in a 2 GiB heap.
        int partitions = REDUCE_PARTITIONS_PER_TASK * Math.max(counters.getNumPartitions(), context.defaultParallelism());
        // A block's key is its reduce partition, and an Integer's hash is itself.
        ShuffledRDD<Integer, CountBlock, CountBlock> shuffled = new ShuffledRDD<>(
                counters.flatMapToPair(counter -> counter.blocks(partitions)).rdd(), new HashPartitioner(partitions),
                ClassTag$.MODULE$.apply(Integer.class), ClassTag$.MODULE$.apply(CountBlock.class),
                ClassTag$.MODULE$.apply(CountBlock.class));
        shuffled.setSerializer(recordSerializer(context, CountBlock.class, CountBlock.Tally.class));
        JavaRDD<PartitionCounter> merged = JavaPairRDD.fromRDD(shuffled, ClassTag$.MODULE$.apply(Integer.class),
                ClassTag$.MODULE$.apply(CountBlock.class)).values().mapPartitions(blocks -> {
                    PartitionCounter counter = new PartitionCounter(maxClasses, maxBadRowExamples);
                    blocks.forEachRemaining(counter::merge);
                    return List.of(counter).iterator();
                });
        return new ContingencyScan(merged.persist(StorageLevel.MEMORY_AND_DISK()));
    }

    /** Kryo with the shuffle records' classes registered, whatever serializer the session uses. */
    static Serializer recordSerializer(SparkContext context, Class<?>... more) {
        List<String> classes = new ArrayList<>(List.of(FeatureValue.class.getName(), ClassCounts.class.getName()));
        Arrays.stream(more).map(Class::getName).forEach(classes::add);
        return new KryoSerializer(context.getConf().clone().set("spark.kryo.classesToRegister", String.join(",", classes)));
    }

    /** Parquet and ORC: the scan's columnar batches, a column at a time. One counter per partition. */
    static JavaRDD<PartitionCounter> countColumns(ColumnarInput input, RowDecoder decoder, int maxClasses,
                                                  int maxBadRowExamples) {
        RowDecoder.ColumnPlan plan = decoder.columnPlan().orElseThrow();
        List<String> columns = input.columns();
        List<DataType> types = input.types();
        return input.batches().mapPartitions(batches -> {
            PartitionCounter counter = new PartitionCounter(maxClasses, maxBadRowExamples);
            ColumnarCounter byColumn = new ColumnarCounter(counter, decoder, plan, columns, types);
            while (batches.hasNext()) {
                byColumn.count(batches.next());
            }
            byColumn.finish();
            return List.of(counter).iterator();
        });
    }

    /** Any other input, and derived features: decoded row by row. One counter per partition. */
    static JavaRDD<PartitionCounter> countRows(Dataset<Row> rows, RowDecoder decoder, DerivedFeatures derived,
                                               int maxClasses, int maxBadRowExamples) {
        return rows.javaRDD().mapPartitions(partition -> {
            PartitionCounter counter = new PartitionCounter(maxClasses, maxBadRowExamples);
            RowVisitor visitor = derived.isEmpty() ? counter : derived.around(counter, TaskContext.getPartitionId());
            while (partition.hasNext()) {
                decoder.decode(partition.next(), visitor);
            }
            return List.of(counter).iterator();
        });
    }

    /** The (feature, value) → class counts records, made from the merged tables as they are read. */
    JavaPairRDD<FeatureValue, ClassCounts> valueCounts() {
        return merged.flatMapToPair(PartitionCounter::valueRecords);
    }

    /** The row counters of all partitions (a small job over the merged tables). */
    ScanSummary summary(int maxBadRowExamples) {
        PartitionCounter all = new PartitionCounter(Integer.MAX_VALUE, maxBadRowExamples);
        merged.map(PartitionCounter::tallyBlock).collect().forEach(all::merge);
        ScanSummary summary = all.summary();
        TreeMap<String, Long> classTotals = new TreeMap<>(summary.classTotals());
        classTotals.values().removeIf(count -> count == 0);
        List<BadRow> examples = new ArrayList<>(summary.badRowExamples());
        examples.sort(Comparator.comparing(BadRow::file).thenComparing(BadRow::record).thenComparing(BadRow::reason));
        return new ScanSummary(classTotals, summary.rowsRead(), summary.rowsSampledOut(), summary.badRows(),
                List.copyOf(examples.subList(0, Math.min(maxBadRowExamples, examples.size()))));
    }

    void release() {
        merged.unpersist(true);
    }
}
