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
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.Serializer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * The one pass over the input: every partition counts n(feature, value, class) in local hash tables
 * and emits one record per distinct (feature, value); records are summed by key across
 * partitions. Parquet and ORC input is counted from the scan's column vectors, anything else row
 * by row. Everything later reads the (persisted) result of this shuffle, never the input.
 */
final class ContingencyScan {
    private final JavaPairRDD<FeatureValue, ClassCounts> counts;

    private ContingencyScan(JavaPairRDD<FeatureValue, ClassCounts> counts) {
        this.counts = counts;
    }

    static ContingencyScan run(Dataset<Row> rows, RowDecoder decoder, DerivedFeatures derived, int maxClasses,
                               int maxBadRowExamples) {
        Optional<ColumnarInput> columnar = derived.isEmpty() ? ColumnarInput.of(rows, decoder) : Optional.empty();
        JavaPairRDD<FeatureValue, ClassCounts> records = columnar.isPresent()
                ? countColumns(columnar.get(), decoder, maxClasses, maxBadRowExamples)
                : countRows(rows, decoder, derived, maxClasses, maxBadRowExamples);
        SparkContext context = rows.sparkSession().sparkContext();
        int partitions = Math.max(records.getNumPartitions(), context.defaultParallelism());
        // Each partition's counter has combined its records already, so a map-side combine would only
        // hash them all again; registered Kryo writes a record in little more than its strings.
        return new ContingencyScan(records
                .combineByKey(counts -> counts, ClassCounts::merge, ClassCounts::merge, new HashPartitioner(partitions),
                        false, recordSerializer(context))
                .persist(StorageLevel.MEMORY_AND_DISK()));
    }

    /** Kryo with the shuffle records' classes registered, whatever serializer the session uses. */
    static Serializer recordSerializer(SparkContext context, Class<?>... more) {
        List<String> classes = new ArrayList<>(List.of(FeatureValue.class.getName(), ClassCounts.class.getName()));
        Arrays.stream(more).map(Class::getName).forEach(classes::add);
        return new KryoSerializer(context.getConf().clone().set("spark.kryo.classesToRegister", String.join(",", classes)));
    }

    /** Parquet and ORC: the scan's columnar batches, a column at a time. */
    static JavaPairRDD<FeatureValue, ClassCounts> countColumns(ColumnarInput input, RowDecoder decoder, int maxClasses,
                                                               int maxBadRowExamples) {
        RowDecoder.ColumnPlan plan = decoder.columnPlan().orElseThrow();
        List<String> columns = input.columns();
        List<DataType> types = input.types();
        return input.batches().mapPartitionsToPair(batches -> {
            PartitionCounter counter = new PartitionCounter(maxClasses, maxBadRowExamples);
            ColumnarCounter byColumn = new ColumnarCounter(counter, decoder, plan, columns, types);
            while (batches.hasNext()) {
                byColumn.count(batches.next());
            }
            return counter.records();
        });
    }

    /** Any other input, and derived features: decoded row by row. */
    static JavaPairRDD<FeatureValue, ClassCounts> countRows(Dataset<Row> rows, RowDecoder decoder, DerivedFeatures derived,
                                                            int maxClasses, int maxBadRowExamples) {
        return rows.javaRDD().mapPartitionsToPair(partition -> {
            PartitionCounter counter = new PartitionCounter(maxClasses, maxBadRowExamples);
            RowVisitor visitor = derived.isEmpty() ? counter : derived.around(counter, TaskContext.getPartitionId());
            while (partition.hasNext()) {
                decoder.decode(partition.next(), visitor);
            }
            return counter.records();
        });
    }

    /** The (feature, value) → class counts records, summary records excluded. */
    JavaPairRDD<FeatureValue, ClassCounts> valueCounts() {
        return counts.filter(record -> !record._1().isSummary());
    }

    /** Collects the summary records (a small job over the shuffle output). */
    ScanSummary summary(int maxBadRowExamples) {
        List<Tuple2<FeatureValue, ClassCounts>> records = counts.filter(record -> record._1().isSummary()).collect();
        TreeMap<String, Long> classTotals = new TreeMap<>();
        long read = 0;
        long sampledOut = 0;
        long bad = 0;
        List<BadRow> examples = new ArrayList<>();
        for (Tuple2<FeatureValue, ClassCounts> record : records) {
            String what = record._1().value;
            switch (what) {
                case FeatureValue.CLASS_TOTALS -> classTotals.putAll(record._2().asMap());
                case FeatureValue.ROWS_READ -> read = record._2().total();
                case FeatureValue.ROWS_SAMPLED_OUT -> sampledOut = record._2().total();
                case FeatureValue.BAD_ROWS -> bad = record._2().total();
                default -> examples.add(BadRow.decode(what.substring(FeatureValue.BAD_ROW_EXAMPLE.length())));
            }
        }
        classTotals.values().removeIf(count -> count == 0);
        examples.sort(Comparator.comparing(BadRow::file).thenComparing(BadRow::record).thenComparing(BadRow::reason));
        return new ScanSummary(classTotals, read, sampledOut, bad,
                List.copyOf(examples.subList(0, Math.min(maxBadRowExamples, examples.size()))));
    }

    void release() {
        counts.unpersist(true);
    }
}
