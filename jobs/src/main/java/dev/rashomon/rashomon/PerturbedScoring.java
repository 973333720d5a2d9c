package dev.rashomon.rashomon;

import static dev.rashomon.info.SplitMix64.mix;
import static org.apache.spark.sql.functions.col;

import dev.rashomon.run.UserError;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Models mode's one pass per batch of perturbations: every evaluation row is expanded into its
 * perturbed copies on the executors, every saved model scores every copy in one chained
 * transform, and the weighted losses are summed exactly per (perturbation, model). Nothing but
 * the sums reaches the driver.
 *
 * <p>For the keyed pairing the rows are first put in buckets of about {@value #BUCKET_ROWS} by a
 * keyed hash and sorted within them; a row's partner is found inside its bucket. The number of
 * buckets depends only on the row count, so the pairing (and every result) is the same for any
 * input partitioning.
 */
final class PerturbedScoring {
    static final int BUCKET_ROWS = 1 << 16;
    static final String PERTURBATION = "_rr_perturbation";
    static final String WEIGHT = "_rr_weight";
    /** A row's number: its bucket in the upper 32 bits, its position in the bucket's key order below. */
    static final String ROW = "_rr_row";
    private static final String SCORES = "_rr_scores";
    private static final String PERTURBATION_NAME = "_rr_perturbation_name";
    /** The perturbation index of a row as it is. */
    static final int ORIGINAL = -1;

    private final SparkSession spark;
    private final EvaluationRows.Result rows;
    private final PerturbationPlan plan;
    private final ModelPool.Loaded pool;
    private final String probabilityColumn;
    private final Loss loss;
    private final double threshold;
    private final StructType expandedSchema;
    /** The evaluation rows, each followed by its partners' values of the paired features and its row number; persisted. */
    private final JavaRDD<Row> prepared;
    private final int width;
    private final boolean keepScores;
    private final List<Dataset<Row>> keptScores = new ArrayList<>();


    PerturbedScoring(SparkSession spark, EvaluationRows.Result rows, PerturbationPlan plan, ModelPool.Loaded pool,
                     RashomonConfig config) {
        this.spark = spark;
        this.rows = rows;
        this.plan = plan;
        this.pool = pool;
        this.probabilityColumn = config.models().probabilityColumn();
        this.loss = config.rashomon().loss();
        this.threshold = config.rashomon().threshold();
        this.expandedSchema = rows.rows().schema().add(PERTURBATION, DataTypes.IntegerType, false)
                .add(WEIGHT, DataTypes.DoubleType, false).add(ROW, DataTypes.LongType, false);
        this.keepScores = config.rashomon().writeScores();
        this.width = rows.rows().schema().size();
        this.prepared = withPartners(rows, plan, config.rashomon().seed(), spark.sparkContext().defaultParallelism());
    }

    /**
     * Pairs the rows: in buckets by a keyed hash, sorted by it within each bucket (one bucket per
     * task), each row takes its partners' values of the paired features and a row number (bucket in
     * the upper 32 bits, position below). The paired rows are then spread over at least
     * {@code parallelism} partitions for the scoring, whose sums do not depend on partitioning.
     */
    private static JavaRDD<Row> withPartners(EvaluationRows.Result rows, PerturbationPlan plan, long seed, int parallelism) {
        int buckets = (int) Math.max(1, (rows.count() + BUCKET_ROWS - 1) / BUCKET_ROWS);
        StructType schema = rows.rows().schema();
        int key = schema.fieldIndex(EvaluationRows.KEY);
        int tie = schema.fieldIndex(EvaluationRows.TIE);
        int[] pairedColumns = plan.pairedColumns();
        JavaRDD<Row> paired = rows.rows().javaRDD()
                .mapToPair(r -> new Tuple2<>(new Tuple2<>(mix(r.getLong(key) ^ seed), r.getLong(tie)), r))
                .repartitionAndSortWithinPartitions(new BucketPartitioner(buckets), new KeyOrder())
                .values().mapPartitionsWithIndex((bucketIndex, partition) -> {
                    List<Row> bucket = new ArrayList<>();
                    partition.forEachRemaining(bucket::add);
                    List<Row> out = new ArrayList<>(bucket.size());
                    int size = bucket.size();
                    for (int r = 0; r < size; r++) {
                        Row row = bucket.get(r);
                        Object[] cells = new Object[row.size() + pairedColumns.length + 1];
                        for (int i = 0; i < row.size(); i++) {
                            cells[i] = row.get(i);
                        }
                        for (int j = 0; j < pairedColumns.length; j++) {
                            // Offsets 1..size-1, one per paired feature: a row is never its own partner.
                            int partner = size < 2 ? r : (int) ((r + 1L + j % (size - 1)) % size);
                            cells[row.size() + j] = bucket.get(partner).get(pairedColumns[j]);
                        }
                        cells[cells.length - 1] = ((long) bucketIndex << 32) + r;
                        out.add(RowFactory.create(cells));
                    }
                    return out.iterator();
                }, true);
        if (buckets < parallelism) {
            paired = paired.repartition(parallelism);
        }
        return paired.persist(StorageLevel.MEMORY_AND_DISK());
    }

    /**
     * Scores the rows under each perturbation (and as they are, when {@code withOriginal}).
     *
     * @param sets each perturbation's features (one, or two for a pair)
     */
    Reliance run(List<String> names, List<String[]> sets, boolean withOriginal) {
        List<PerturbationPlan.Feature[]> perturbations = new ArrayList<>();
        for (String[] set : sets) {
            PerturbationPlan.Feature[] features = new PerturbationPlan.Feature[set.length];
            for (int i = 0; i < set.length; i++) {
                features[i] = plan.feature(set[i]);
            }
            perturbations.add(features);
        }
        Expansion expansion = new Expansion(perturbations, withOriginal, width);
        Dataset<Row> expanded = spark.createDataFrame(prepared.mapPartitions(expansion::expand), expandedSchema);
        Dataset<Row> scored = scoreWithEveryModel(expanded);
        if (keepScores) {
            Column named = functions.array(names.stream().map(functions::lit).toArray(Column[]::new));
            scored = scored.withColumn(PERTURBATION_NAME, functions.when(col(PERTURBATION).geq(0),
                            functions.element_at(named, col(PERTURBATION).plus(1))))
                    .persist(StorageLevel.MEMORY_AND_DISK());
            keptScores.add(scored);
        }
        int models = pool.ids().size();
        int count = perturbations.size();
        Loss lossFunction = loss;
        double cut = threshold;
        List<String> ids = pool.ids();
        RelianceSums sums = scored.javaRDD().aggregate(new RelianceSums(models, count), (acc, row) -> {
            int perturbation = row.getInt(0);
            double weight = row.getDouble(1);
            int label = row.getInt(2);
            List<Double> scores = row.getList(4);
            for (int m = 0; m < models; m++) {
                Double score = scores.get(m);
                if (score == null || score.isNaN() || score < 0 || score > 1) {
                    throw new UserError("model '" + ids.get(m) + "' gives the probability " + score + " to a row; "
                            + "probabilities must be in [0, 1]");
                }
                if (perturbation == ORIGINAL) {
                    acc.addOriginal(m, row.getLong(3), score, label, lossFunction, cut);
                } else {
                    acc.addPerturbed(perturbation, m, weight, score, label, lossFunction, cut);
                }
            }
            return acc;
        }, RelianceSums::merge);
        sums.rows = rows.count();
        return Reliance.of(sums, names);
    }

    /**
     * Every model's P(class 1) as one array column, from one pass. Models whose pipelines share all
     * stages but the last (byte for byte: an ensemble's feature stages) get that prefix applied
     * once. When the last stage is a probabilistic classifier writing the configured probability
     * column, it is called directly on each copy's feature vector ({@code predictProbability}, the
     * same arithmetic as its transform): all of a group's models in one projection, instead of the
     * classifier's three output columns and a projection of the whole row per model. Other
     * pipelines are chained whole.
     */
    private Dataset<Row> scoreWithEveryModel(Dataset<Row> expanded) {
        List<Column> kept = new ArrayList<>();
        for (String name : expanded.columns()) {
            kept.add(col(EvaluationRows.quote(name)));
        }
        Map<List<String>, List<Integer>> byPrefix = new LinkedHashMap<>();
        for (int m = 0; m < pool.pipelines().size(); m++) {
            List<String> stages = pool.stages().get(m);
            List<String> prefix = stages.size() == pool.pipelines().get(m).stages().length && !stages.isEmpty()
                    ? stages.subList(0, stages.size() - 1) : List.of("model " + m);
            byPrefix.computeIfAbsent(prefix, p -> new ArrayList<>()).add(m);
        }
        Dataset<Row> current = expanded;
        List<Column> added = new ArrayList<>();
        Column[] scores = new Column[pool.pipelines().size()];
        for (List<Integer> group : byPrefix.values()) {
            Transformer[] first = pool.pipelines().get(group.get(0)).stages();
            boolean shared = group.size() > 1;
            boolean callable = group.stream().allMatch(this::directlyCallable);
            Dataset<Row> prepared = current;
            if (shared || callable) {
                for (int s = 0; s < first.length - 1; s++) {
                    prepared = transform(first[s], prepared, group.get(0));
                }
            }
            List<Column> carried = new ArrayList<>(kept);
            carried.addAll(added);
            if (callable) {
                String input = ((ProbabilisticClassificationModel<?, ?>) last(group.get(0))).getFeaturesCol();
                if (!List.of(prepared.columns()).contains(input)) {
                    throw new UserError("model '" + pool.ids().get(group.get(0)) + "' reads the column '" + input
                            + "', which its pipeline does not write");
                }
                for (int m : group) {
                    @SuppressWarnings("unchecked")
                    ProbabilisticClassificationModel<Vector, ?> classifier = (ProbabilisticClassificationModel<Vector, ?>) last(m);
                    UDF1<Vector, Double> probability = features -> classifier.predictProbability(features).apply(1);
                    String name = "_rr_score_" + m;
                    carried.add(functions.udf(probability, DataTypes.DoubleType).apply(col(EvaluationRows.quote(input)))
                            .as(name));
                    added.add(col(name));
                    scores[m] = col(name);
                }
                current = prepared.select(carried.toArray(Column[]::new));
                continue;
            }
            for (int m : group) {
                Transformer[] stages = pool.pipelines().get(m).stages();
                Dataset<Row> transformed = prepared;
                for (int s = shared ? stages.length - 1 : 0; s < stages.length; s++) {
                    transformed = transform(stages[s], transformed, m);
                }
                if (!List.of(transformed.columns()).contains(probabilityColumn)) {
                    throw new UserError("model '" + pool.ids().get(m) + "' has no output column '" + probabilityColumn
                            + "' (models.probability_column; its columns: " + String.join(", ", transformed.columns())
                            + ")");
                }
                String name = "_rr_score_" + m;
                List<Column> next = new ArrayList<>(carried);
                next.add(org.apache.spark.ml.functions.vector_to_array(col(probabilityColumn), "float64").getItem(1)
                        .as(name));
                prepared = transformed.select(next.toArray(Column[]::new));
                carried.add(col(name));
                added.add(col(name));
                scores[m] = col(name);
            }
            current = prepared.select(carried.toArray(Column[]::new));
        }
        return current.select(col(PERTURBATION), col(WEIGHT), col(EvaluationRows.LABEL), col(EvaluationRows.KEY),
                functions.array(scores).as(SCORES), col(ROW));
    }

    /** A pipeline whose last stage is a probabilistic classifier writing the probability column the config names. */
    private boolean directlyCallable(int model) {
        return last(model) instanceof ProbabilisticClassificationModel<?, ?> classifier
                && classifier.getProbabilityCol().equals(probabilityColumn);
    }

    private Transformer last(int model) {
        Transformer[] stages = pool.pipelines().get(model).stages();
        return stages[stages.length - 1];
    }

    private Dataset<Row> transform(Transformer stage, Dataset<Row> rows, int model) {
        try {
            return stage.transform(rows);
        } catch (Exception e) { // Spark's AnalysisException is a checked exception
            throw new UserError("model '" + pool.ids().get(model) + "' cannot score the evaluation rows: "
                    + firstLine(e.getMessage()));
        }
    }

    /** The evaluation rows with {@link #ROW}, a unique row number that does not depend on partitioning. */
    Dataset<Row> numberedRows() {
        int partners = plan.pairedColumns().length;
        int columns = width;
        JavaRDD<Row> numbered = prepared.map(row -> {
            Object[] cells = new Object[columns + 1];
            for (int i = 0; i < columns; i++) {
                cells[i] = row.get(i);
            }
            cells[columns] = row.getLong(columns + partners);
            return RowFactory.create(cells);
        });
        return spark.createDataFrame(numbered, rows.rows().schema().add(ROW, DataTypes.LongType, false));
    }

    /**
     * The scores of every pass, in scores mode's layout: {@code scores} (row_id, model_id, score,
     * label) and {@code perturbed_scores} (row_id, model_id, perturbation, score, weight). A
     * scores-mode run on them reproduces this run's tables.
     */
    List<Dataset<Row>> scoresTables() {
        Dataset<Row> all = keptScores.get(0);
        for (Dataset<Row> pass : keptScores.subList(1, keptScores.size())) {
            all = all.unionByName(pass);
        }
        Column ids = functions.array(pool.ids().stream().map(functions::lit).toArray(Column[]::new));
        Dataset<Row> long_ = all.select(col(ROW).as("row_id"), col(PERTURBATION), col(PERTURBATION_NAME), col(WEIGHT),
                col(EvaluationRows.LABEL).as("label"), functions.posexplode(col(SCORES)).as(new String[] {"_rr_m", "score"}))
                .withColumn("model_id", functions.element_at(ids, col("_rr_m").plus(1)));
        Dataset<Row> original = long_.where(col(PERTURBATION).equalTo(ORIGINAL))
                .select("row_id", "model_id", "score", "label");
        Dataset<Row> perturbed = long_.where(col(PERTURBATION).notEqual(ORIGINAL))
                .select(col("row_id"), col("model_id"), col(PERTURBATION_NAME).as("perturbation"), col("score"),
                        col(WEIGHT).as("weight"));
        return List.of(original, perturbed);
    }

    void release() {
        prepared.unpersist(false);
        keptScores.forEach(d -> d.unpersist(false));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    /** Expands paired rows into their perturbed copies, lazily. */
    private record Expansion(List<PerturbationPlan.Feature[]> perturbations, boolean withOriginal, int width)
            implements Serializable {

        Iterator<Row> expand(Iterator<Row> partition) {
            return new Iterator<>() {
                private Row row;
                private int perturbation;
                private int combination;

                @Override
                public boolean hasNext() {
                    if (row == null && partition.hasNext() && (withOriginal || !perturbations.isEmpty())) {
                        row = partition.next();
                        perturbation = withOriginal ? ORIGINAL : 0;
                        combination = 0;
                    }
                    return row != null;
                }

                @Override
                public Row next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    Row out = perturbation == ORIGINAL ? copy(row, ORIGINAL, 1.0, null, null)
                            : combination(row, perturbation, combination);
                    advance();
                    return out;
                }

                private void advance() {
                    if (perturbation != ORIGINAL && ++combination < combinations(perturbations.get(perturbation))) {
                        return;
                    }
                    combination = 0;
                    if (++perturbation >= perturbations.size()) {
                        row = null;
                    }
                }
            };
        }

        private static int combinations(PerturbationPlan.Feature[] features) {
            int n = 1;
            for (PerturbationPlan.Feature f : features) {
                n *= f.marginal() ? f.values().length : 1;
            }
            return n;
        }

        /** The row's copy for the {@code index}-th combination of the perturbation's replacement values. */
        private Row combination(Row row, int perturbation, int index) {
            PerturbationPlan.Feature[] features = perturbations.get(perturbation);
            int[] columns = new int[features.length];
            Object[] values = new Object[features.length];
            double weight = 1.0;
            int rest = index;
            for (int i = 0; i < features.length; i++) {
                PerturbationPlan.Feature f = features[i];
                columns[i] = f.column();
                if (f.marginal()) {
                    int v = rest % f.values().length;
                    rest /= f.values().length;
                    values[i] = f.values()[v];
                    weight *= f.weights()[v];
                } else {
                    values[i] = row.get(width + f.offset() - 1);
                }
            }
            return copy(row, perturbation, weight, columns, values);
        }

        private Row copy(Row row, int perturbation, double weight, int[] columns, Object[] values) {
            Object[] cells = new Object[width + 3];
            for (int i = 0; i < width; i++) {
                cells[i] = row.get(i);
            }
            if (columns != null) {
                for (int i = 0; i < columns.length; i++) {
                    cells[columns[i]] = values[i];
                }
            }
            cells[width] = perturbation;
            cells[width + 1] = weight;
            cells[width + 2] = row.getLong(row.size() - 1);
            return RowFactory.create(cells);
        }
    }

    /** Bucket b is partition b. */
    private static final class BucketPartitioner extends Partitioner {
        private final int buckets;

        BucketPartitioner(int buckets) {
            this.buckets = buckets;
        }

        @Override
        public int numPartitions() {
            return buckets;
        }

        @Override
        @SuppressWarnings("unchecked")
        public int getPartition(Object key) {
            return (int) Math.floorMod(((Tuple2<Long, Long>) key)._1(), (long) buckets);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof BucketPartitioner p && p.buckets == buckets;
        }

        @Override
        public int hashCode() {
            return buckets;
        }
    }

    /** By the keyed hash, then the tie-breaking hash. */
    private static final class KeyOrder implements Comparator<Tuple2<Long, Long>>, Serializable {
        @Override
        public int compare(Tuple2<Long, Long> a, Tuple2<Long, Long> b) {
            int first = Long.compare(a._1(), b._1());
            return first != 0 ? first : Long.compare(a._2(), b._2());
        }
    }
}
