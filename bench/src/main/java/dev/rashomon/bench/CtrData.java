package dev.rashomon.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Synthetic CTR-like data: {@code rows} × {@code features} categorical string columns {@code f00…}
 * with Zipf(s) values, cardinalities cycling through the mix, a share of missing cells, and a 0/1
 * {@code label} drawn from a logistic model of known features plus one pairwise interaction. Every
 * cell is a hash of (seed, row, feature), so the data does not depend on the partitioning.
 *
 * <p>Layout of a data folder: {@code parquet/}, {@code csv/data.csv} (with --csv, OutRank's csv-raw
 * layout) and {@code _bench.json}, written last: its parameters decide whether the data is reused.
 */
public final class CtrData {
    /** Features whose value moves the label, and the interacting pair. */
    static final int[] INFORMATIVE = {0, 2, 4, 6};
    static final int[] INTERACTION = {1, 3};

    private static final Map<Integer, double[]> ZIPF_CDF = new ConcurrentHashMap<>();

    public record Params(long rows, int features, String mix, List<Integer> cardinalities, double missing,
                         double zipfS, long seed, boolean csv) implements java.io.Serializable {
        public int cardinality(int feature) {
            return cardinalities.get(feature % cardinalities.size());
        }

        public List<Integer> featureCardinalities() {
            List<Integer> out = new ArrayList<>();
            for (int f = 0; f < features; f++) {
                out.add(cardinality(f));
            }
            return out;
        }

        public List<String> informative() {
            return Arrays.stream(INFORMATIVE).filter(f -> f < features).mapToObj(CtrData::column).toList();
        }

        public List<String> interaction() {
            return Arrays.stream(INTERACTION).filter(f -> f < features).mapToObj(CtrData::column).toList();
        }
    }

    private CtrData() {
    }

    public static String column(int feature) {
        return String.format("f%02d", feature);
    }

    public static List<Integer> mix(String name) {
        return switch (name) {
            case "mixed" -> List.of(2, 5, 10, 30, 100, 300, 1_000, 3_000, 10_000, 100_000, 1_000_000);
            case "low" -> List.of(2, 3, 5, 10, 20, 50, 100);
            case "high" -> List.of(10_000, 100_000, 1_000_000);
            default -> Arrays.stream(name.split(",")).map(s -> Integer.parseInt(s.trim().replace("_", ""))).toList();
        };
    }

    public static final Set<String> KEYS = Set.of("rows", "features", "mix", "missing", "zipf", "seed", "out", "data");

    public static Params params(Options options) {
        String mix = options.get("mix", "mixed");
        return new Params(options.longValue("rows", 1_000_000), (int) options.longValue("features", 50), mix, mix(mix),
                Double.parseDouble(options.get("missing", "0.05")), Double.parseDouble(options.get("zipf", "1.1")),
                options.longValue("seed", 7), options.flag("csv"));
    }

    public static Path defaultFolder(Params p) {
        return Path.of("/tmp/rashomon-bench", "ctr-" + p.rows() + "x" + p.features() + "-" + p.mix().replace(',', '_')
                + "-s" + p.seed());
    }

    /** {@code bench/run generate --rows N --features F --mix mixed|low|high|c1,c2,… --out DIR [--csv]}. */
    public static void main(List<String> args) {
        Options options = Options.parse(args, KEYS, Set.of("csv"));
        Params params = params(options);
        Path folder = Path.of(options.get("out", options.get("data", defaultFolder(params).toString())));
        SparkSession spark = Sessions.local("generate");
        try {
            long start = System.nanoTime();
            boolean made = ensure(spark, params, folder);
            System.out.printf("%s %s (%.1f s)%n", made ? "generated" : "reused", folder, (System.nanoTime() - start) / 1e9);
        } finally {
            spark.stop();
        }
    }

    /** Writes the data unless {@code folder/_bench.json} already records the same parameters; true when written. */
    public static boolean ensure(SparkSession spark, Params params, Path folder) {
        Path marker = folder.resolve("_bench.json");
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        try {
            if (Files.exists(marker) && json.readValue(marker.toFile(), Params.class).equals(params)) {
                return false;
            }
            Files.deleteIfExists(marker);
            Dataset<Row> data = generate(spark, params);
            data.write().mode(SaveMode.Overwrite).parquet(folder.resolve("parquet").toString());
            if (params.csv()) {
                writeCsv(spark, folder);
            }
            json.writeValue(marker.toFile(), params);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeCsv(SparkSession spark, Path folder) throws IOException {
        Path staging = folder.resolve("_csv");
        spark.read().parquet(folder.resolve("parquet").toString()).coalesce(1).write().mode(SaveMode.Overwrite)
                .option("header", "true").option("nullValue", "").csv(staging.toString());
        Path csv = folder.resolve("csv");
        Files.createDirectories(csv);
        try (var files = Files.list(staging)) {
            Path part = files.filter(f -> f.getFileName().toString().startsWith("part-")).findFirst().orElseThrow();
            Files.move(part, csv.resolve("data.csv"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        try (var files = Files.list(staging)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(staging);
    }

    public static StructType schema(int features) {
        List<StructField> fields = new ArrayList<>();
        for (int f = 0; f < features; f++) {
            fields.add(DataTypes.createStructField(column(f), DataTypes.StringType, true));
        }
        fields.add(DataTypes.createStructField("label", DataTypes.IntegerType, false));
        return DataTypes.createStructType(fields);
    }

    public static Dataset<Row> generate(SparkSession spark, Params p) {
        int partitions = (int) Math.max(2, Math.min(64, p.rows() / 500_000));
        MapPartitionsFunction<Long, Row> rows = ids -> new Iterator<>() {
            @Override
            public boolean hasNext() {
                return ids.hasNext();
            }

            @Override
            public Row next() {
                return row(p, ids.next());
            }
        };
        return spark.range(0, p.rows(), 1, partitions).mapPartitions(rows, Encoders.row(schema(p.features())));
    }

    /** One row: 1-based Zipf ranks as text (rank 1 most frequent), null where missing, then the label. */
    static Row row(Params p, long id) {
        Object[] cells = new Object[p.features() + 1];
        int[] ranks = new int[p.features()];
        for (int f = 0; f < p.features(); f++) {
            if (SplitMix.unit(SplitMix.hash(p.seed(), id, f, 1)) < p.missing()) {
                continue;
            }
            ranks[f] = zipf(p.cardinality(f), p.zipfS(), SplitMix.unit(SplitMix.hash(p.seed(), id, f, 0)));
            cells[f] = Integer.toString(ranks[f]);
        }
        double logit = -1.0;
        for (int f : INFORMATIVE) {
            if (f < p.features() && ranks[f] > 0) {
                logit += 2 * SplitMix.unit(SplitMix.hash(p.seed(), f, ranks[f], 2)) - 1;
            }
        }
        if (INTERACTION[1] < p.features() && ranks[INTERACTION[0]] > 0 && ranks[INTERACTION[1]] > 0) {
            logit += 3 * SplitMix.unit(SplitMix.hash(p.seed(), ranks[INTERACTION[0]], ranks[INTERACTION[1]], 3)) - 1.5;
        }
        double probability = 1 / (1 + Math.exp(-logit));
        cells[p.features()] = SplitMix.unit(SplitMix.hash(p.seed(), id, 4)) < probability ? 1 : 0;
        return RowFactory.create(cells);
    }

    /** Inverse CDF of Zipf(s) over 1..k: the smallest rank whose cumulative share reaches u. */
    static int zipf(int k, double s, double u) {
        double[] cdf = ZIPF_CDF.computeIfAbsent(k * 1000 + (int) Math.round(s * 100) % 1000, key -> {
            double[] c = new double[k];
            double total = 0;
            for (int i = 0; i < k; i++) {
                total += Math.pow(i + 1, -s);
                c[i] = total;
            }
            for (int i = 0; i < k; i++) {
                c[i] /= total;
            }
            return c;
        });
        int at = Arrays.binarySearch(cdf, u);
        return Math.min(k, (at >= 0 ? at : -at - 1) + 1);
    }
}
