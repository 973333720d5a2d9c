package dev.rashomon.outrank;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rashomon.config.ConfigLoader;
import dev.rashomon.dataset.RowDecoder;
import dev.rashomon.io.InputReader;
import dev.rashomon.io.TabularInput;
import dev.rashomon.testing.SparkTestBase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Counting Parquet and ORC from the scan's column vectors gives exactly the records that decoding
 * the same rows one by one gives: for strings read through Parquet dictionaries (many row groups, so
 * many dictionaries) and plainly (a column too varied for a dictionary), for every numeric type,
 * nulls, a missing-value string, bad labels and a numeric label under a threshold.
 */
class ColumnarScanTest extends SparkTestBase {
    private static final StructType SCHEMA = new StructType()
            .add("label", DataTypes.IntegerType)
            .add("city", DataTypes.StringType)
            .add("unique", DataTypes.StringType)
            .add("count", DataTypes.IntegerType)
            .add("big", DataTypes.LongType)
            .add("ratio", DataTypes.DoubleType)
            .add("flag", DataTypes.BooleanType)
            .add("small", DataTypes.ShortType)
            .add("tiny", DataTypes.ByteType)
            .add("share", DataTypes.FloatType);
    private static final int ROWS = 20_000;
    private static Dataset<Row> rows;

    @BeforeAll
    static void makeRows() {
        List<Row> list = new ArrayList<>();
        String[] cities = {"Ljubljana", "Maribor", "NA", "Koper", "Celje", "Kranj", "Žalec"};
        for (int i = 0; i < ROWS; i++) {
            Integer label = i % 997 == 0 ? null : (i * 7 + i / 3) % 3;
            list.add(RowFactory.create(label,
                    i % 11 == 0 ? null : cities[(i * 31) % cities.length],
                    "row-" + i + "-" + Long.toHexString(i * 2_654_435_761L),
                    i % 13 == 0 ? null : (i % 50) - 25,
                    (long) (i % 40) * 1_000_000_007L - 20_000_000_000L,
                    (i % 9) / 4.0,
                    i % 17 == 0 ? null : i % 3 == 0,
                    (short) (i % 7 - 3),
                    (byte) (i % 5 - 2),
                    (float) ((i % 6) * 0.1)));
        }
        rows = spark.createDataFrame(list, SCHEMA).repartition(3);
    }

    @Test
    void parquetColumnsCountLikeRows() {
        Path data = temp.resolve("parquet");
        // Small row groups: each holds a dictionary of its own, so the ids change meaning mid-file.
        rows.write().option("parquet.block.size", 64 * 1024).parquet(data.toString());
        assertExercisesEveryCase(assertSameRecords(data, "parquet", "label: {column: label}", true));
    }

    /**
     * Classes 2 to 4 first appear after several 4,096-row batches of one row group: the rows
     * counted per dictionary id so far are added under the narrower class layout first.
     */
    @Test
    void classesFirstSeenMidDictionaryCountLikeRows() {
        List<Row> list = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            int label = i < 15_000 ? i % 2 : i % 5;
            list.add(RowFactory.create(label, "c" + (i * 7919) % 600, "u" + i, i % 50, 0L, 0.0, true, (short) 0,
                    (byte) 0, 0f));
        }
        Path data = temp.resolve("late-classes");
        spark.createDataFrame(list, SCHEMA).coalesce(1).write().parquet(data.toString());
        Map<String, Map<String, Long>> records = assertSameRecords(data, "parquet", "label: {column: label}", true);
        assertThat(records.get("classes")).containsOnlyKeys("0", "1", "2", "3", "4");
        assertThat(records).as("a city with rows before and after the new classes")
                .anySatisfy((key, counts) -> assertThat(key.startsWith("city=") && counts.containsKey("1")
                        && counts.containsKey("4")).isTrue());
    }

    @Test
    void plainEncodedParquetCountsLikeRows() {
        Path data = temp.resolve("plain");
        rows.write().option("parquet.enable.dictionary", false).parquet(data.toString());
        assertExercisesEveryCase(assertSameRecords(data, "parquet", "label: {column: label}", true));
    }

    @Test
    void orcColumnsCountLikeRows() {
        Path data = temp.resolve("orc");
        rows.write().orc(data.toString());
        assertExercisesEveryCase(assertSameRecords(data, "orc", "label: {column: label}", true));
    }

    @Test
    void aThresholdLabelAndSelectedFeaturesCountLikeRows() {
        Path data = temp.resolve("threshold");
        rows.write().parquet(data.toString());
        Map<String, Map<String, Long>> records = assertSameRecords(data, "parquet", """
                label: {column: count, threshold: 3}
                features: {include: [tiny, city, label, unique]}
                """, false);
        assertThat(records.keySet()).contains("tiny=-2", "label=1").noneMatch(key -> key.startsWith("big="));
    }

    @Test
    void moreColumnsThanSparksCodegenLimitStillCountByColumn() {
        StructType wide = new StructType().add("label", DataTypes.IntegerType);
        for (int c = 0; c < 120; c++) {
            wide = wide.add("c" + c, DataTypes.StringType);
        }
        List<Row> list = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            Object[] cells = new Object[121];
            cells[0] = i % 2;
            for (int c = 0; c < 120; c++) {
                cells[c + 1] = Integer.toString((i * (c + 1)) % (c + 3));
            }
            list.add(RowFactory.create(cells));
        }
        Path data = temp.resolve("wide");
        spark.createDataFrame(list, wide).write().parquet(data.toString());
        assertThat(assertSameRecords(data, "parquet", "label: {column: label}", true)).containsKey("c119=0");
        assertThat(spark.conf().contains("spark.sql.codegen.maxFields")).as("the limit is put back").isFalse();
    }

    @Test
    void aSampleTakesTheRowPath() {
        Path data = temp.resolve("sampled");
        rows.write().parquet(data.toString());
        assertThat(ColumnarInput.of(open(data, "parquet", "label: {column: label}\nsample: {fraction: 0.5}").rows(),
                decoder(data, "parquet", "label: {column: label}\nsample: {fraction: 0.5}"))).isEmpty();
    }

    /**
     * The records of both paths are equal; so are bad-row examples when every column is read (with
     * features.include, the columnar path's example shows only the label and feature columns).
     */
    private Map<String, Map<String, Long>> assertSameRecords(Path data, String format, String yaml, boolean sameExamples) {
        TabularInput input = open(data, format, yaml);
        RowDecoder decoder = decoder(data, format, yaml);
        Optional<ColumnarInput> columnar = ColumnarInput.of(input.rows(), decoder);
        assertThat(columnar).as("the columnar path applies").isPresent();
        Map<String, Map<String, Long>> byColumns = collect(ContingencyScan.countColumns(columnar.get(), decoder, 10, 100));
        Map<String, Map<String, Long>> byRows = collect(ContingencyScan.countRows(input.rows(), decoder,
                new DerivedFeatures(List.of(), false, 0), 10, 100));
        if (!sameExamples) {
            byColumns.keySet().removeIf(key -> key.startsWith("bad row: "));
            byRows.keySet().removeIf(key -> key.startsWith("bad row: "));
        }
        assertThat(byColumns.keySet()).isEqualTo(byRows.keySet());
        byRows.forEach((key, counts) -> assertThat(byColumns.get(key)).as(key).isEqualTo(counts));
        return byRows;
    }

    /** The mixed rows really exercise long unique strings, non-ASCII text, a missing-value string and bad labels. */
    private static void assertExercisesEveryCase(Map<String, Map<String, Long>> records) {
        assertThat(records.keySet()).anyMatch(key -> key.startsWith("unique=")).anyMatch(key -> key.equals("city=Žalec"))
                .noneMatch(key -> key.equals("city=NA")).anyMatch(key -> key.startsWith("bad row: "));
        assertThat(records.get("rows").get("bad")).isPositive();
    }

    /**
     * Every partition's counts summed by key, as text: "feature=value" → class → count, "rows" →
     * read/sampled_out/bad, "classes" → class → rows, and "bad row: …" for each example.
     */
    private static Map<String, Map<String, Long>> collect(JavaRDD<PartitionCounter> counters) {
        Map<String, Map<String, Long>> all = new TreeMap<>();
        for (var record : counters.flatMapToPair(PartitionCounter::valueRecords).reduceByKey(ClassCounts::merge).collect()) {
            TreeMap<String, Long> counts = record._2().asMap();
            counts.values().removeIf(count -> count == 0);
            all.put(record._1().toString(), counts);
        }
        for (ScanSummary part : counters.map(PartitionCounter::summary).collect()) {
            Map<String, Long> rows = all.computeIfAbsent("rows", k -> new TreeMap<>());
            rows.merge("read", part.rowsRead(), Long::sum);
            rows.merge("sampled_out", part.rowsSampledOut(), Long::sum);
            rows.merge("bad", part.badRows(), Long::sum);
            part.classTotals().forEach((label, count) -> all.computeIfAbsent("classes", k -> new TreeMap<>())
                    .merge(label, count, Long::sum));
            part.badRowExamples().forEach(example -> all.computeIfAbsent("bad row: " + example, k -> new TreeMap<>())
                    .merge("", 1L, Long::sum));
        }
        return all;
    }

    private TabularInput open(Path data, String format, String yaml) {
        return InputReader.open(spark, load(data, format, yaml).input());
    }

    private RowDecoder decoder(Path data, String format, String yaml) {
        OutrankConfig config = load(data, format, yaml);
        return config.datasetSpec().resolve(InputReader.open(spark, config.input()), config.input()).decoder();
    }

    private OutrankConfig load(Path data, String format, String yaml) {
        Path file = config("input: {path: %s, format: %s}\nmissing: [NA]\noutput: {path: %s}\n%s".formatted(
                data, format, temp.resolve("out"), yaml));
        return ConfigLoader.load(file.toString(), List.of(), OutrankConfig.class);
    }
}
