package dev.rashomon.multiplicity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Turns the group states and the measures' distributions into the job's tables: {@code summary} (one row
 * per ε × group), {@code score_deviation} (ε × δ × group) and {@code curve} (group × number of
 * models). Means and standard deviations come from exact sums; min, max, quantiles and top-k%
 * means from each measure's {@link Distribution}.
 */
final class SummaryTables {
    static final double[] QUANTILES = {0.5, 0.9, 0.95, 0.99};
    static final String[] QUANTILE_NAMES = {"p50", "p90", "p95", "p99"};
    /** Top fractions and the index in {@link #QUANTILES} of their (1 − k) quantile. */
    static final double[] TOP = {0.01, 0.05, 0.10};
    static final int[] TOP_QUANTILE = {3, 2, 1};
    static final String[] TOP_NAMES = {"top1_mean", "top5_mean", "top10_mean"};

    private final SparkSession spark;
    private final Pool pool;
    private final PoolPass pass;
    private final Map<String, GroupState> states;
    private final Map<DistributionValues.Key, Distribution> distributions;
    private final List<String> groupOrder;

    SummaryTables(SparkSession spark, Pool pool, PoolPass pass, Map<String, GroupState> states,
                  Map<DistributionValues.Key, Distribution> distributions) {
        this.spark = spark;
        this.pool = pool;
        this.pass = pass;
        this.states = states;
        this.distributions = distributions;
        this.groupOrder = new ArrayList<>(new TreeSet<>(states.keySet()));
    }

    List<String> groups() {
        return groupOrder;
    }

    Dataset<Row> summary() {
        List<Row> rows = new ArrayList<>();
        double[] epsilons = pool.epsilons();
        for (int e = 0; e < epsilons.length; e++) {
            int size = pool.setSizes()[e];
            for (String group : groupOrder) {
                GroupState state = states.get(group);
                List<Object> values = new ArrayList<>();
                values.add(epsilons[e]);
                values.add(group);
                values.add(state.rows);
                values.add(size);
                values.add(pool.size());
                values.add((double) size / pool.size());
                values.add(pool.modelId(pool.reference()));
                values.add(referenceIsMember(size));
                for (RowMeasure rate : List.of(RowMeasure.AMBIGUOUS, RowMeasure.AMBIGUOUS_VS_LABEL,
                        RowMeasure.PAIRWISE_AMBIGUOUS)) {
                    values.add(orNull(state.rate(e, rate)));
                }
                int best = argmaxPrefix(state.flips, size);
                values.add(best < 0 ? null : (double) state.flips[best] / state.rows);
                values.add(best < 0 ? null : pool.modelId(best));
                int worst = argmaxPrefix(state.errors, size);
                values.add(worst < 0 ? null : (double) state.errors[worst] / state.rows);
                values.add(pairwiseDiscrepancy(state, size));
                values.add(orNull(state.rate(e, RowMeasure.CROSSES_THRESHOLD)));
                values.add(patternRatio(state, size));
                for (int x = 0; x < RowMeasure.DISTRIBUTIONS.size(); x++) {
                    RowMeasure measure = RowMeasure.DISTRIBUTIONS.get(x);
                    Distribution d = distributions.get(new DistributionValues.Key(e, group, x));
                    values.add(d == null ? null : orNull(d.mean()));
                    values.add(d == null ? null : d.min());
                    values.add(d == null ? null : d.max());
                    values.add(d == null ? null : orNull(d.standardDeviation()));
                    for (int q = 0; q < QUANTILES.length; q++) {
                        values.add(d == null ? null : d.quantiles()[q]);
                    }
                    for (int t = 0; t < TOP.length; t++) {
                        values.add(d == null ? null : orNull(d.topMeans()[t]));
                    }
                }
                rows.add(RowFactory.create(values.toArray()));
            }
        }
        return spark.createDataFrame(rows, summarySchema());
    }

    Dataset<Row> scoreDeviation() {
        double[] deltas = pass.deltas();
        int deviation = RowMeasure.DISTRIBUTIONS.indexOf(RowMeasure.MAX_SCORE_DEVIATION);
        List<Row> rows = new ArrayList<>();
        double[] epsilons = pool.epsilons();
        for (int e = 0; e < epsilons.length; e++) {
            int size = pool.setSizes()[e];
            for (int d = 0; d < deltas.length; d++) {
                for (String group : groupOrder) {
                    GroupState state = states.get(group);
                    Distribution deviations = distributions.get(new DistributionValues.Key(e, group, deviation));
                    Double ambiguity = size == 0 ? null
                            : (double) (deviations == null ? 0 : deviations.atLeast()[d]) / state.rows;
                    int best = argmaxPrefix(state.deviations[d], size);
                    Double discrepancy = best < 0 ? null : (double) state.deviations[d][best] / state.rows;
                    rows.add(RowFactory.create(epsilons[e], deltas[d], group, state.rows, size, ambiguity, discrepancy,
                            best < 0 ? null : pool.modelId(best)));
                }
            }
        }
        return spark.createDataFrame(rows, DataTypes.createStructType(List.of(
                field("epsilon", DataTypes.DoubleType), field("delta", DataTypes.DoubleType),
                field("group", DataTypes.StringType), field("n_rows", DataTypes.LongType),
                field("set_size", DataTypes.IntegerType), field("score_ambiguity", DataTypes.DoubleType),
                field("score_discrepancy", DataTypes.DoubleType), field("score_discrepancy_model", DataTypes.StringType))));
    }

    Dataset<Row> curve() {
        List<Row> rows = new ArrayList<>();
        int[] members = pool.members();
        for (String group : groupOrder) {
            GroupState state = states.get(group);
            for (int size = 1; size <= members.length; size++) {
                int best = argmaxPrefix(state.flips, size);
                rows.add(RowFactory.create(group, size, pool.modelId(members[size - 1]), pool.epsilonOfRank(size - 1),
                        orNull(state.curveMean(size, RowMeasure.AMBIGUOUS)), (double) state.flips[best] / state.rows,
                        orNull(state.curveMean(size, RowMeasure.VPR_WIDTH)), orNull(state.curveMean(size, RowMeasure.SCORE_STD)),
                        orNull(state.curveMean(size, RowMeasure.RASHOMON_CAPACITY)),
                        orNull(state.curveMean(size, RowMeasure.DISAGREEMENT_UNBIASED)),
                        orNull(state.curveMean(size, RowMeasure.SELF_CONSISTENCY)), patternRatio(state, size)));
            }
        }
        return spark.createDataFrame(rows, DataTypes.createStructType(List.of(
                field("group", DataTypes.StringType), field("models", DataTypes.IntegerType),
                field("model_id", DataTypes.StringType), field("epsilon", DataTypes.DoubleType),
                field("ambiguity", DataTypes.DoubleType), field("discrepancy", DataTypes.DoubleType),
                field("vpr_width_mean", DataTypes.DoubleType), field("score_std_mean", DataTypes.DoubleType),
                field("rashomon_capacity_mean", DataTypes.DoubleType),
                field("disagreement_unbiased_mean", DataTypes.DoubleType),
                field("self_consistency_mean", DataTypes.DoubleType),
                field("pattern_rashomon_ratio", DataTypes.DoubleType))));
    }

    /** Whether the reference is one of the first {@code size} members. */
    private boolean referenceIsMember(int size) {
        for (int i = 0; i < size; i++) {
            if (pool.members()[i] == pool.reference()) {
                return true;
            }
        }
        return false;
    }

    /** The member among the first {@code size} with the highest count; ties to the earlier in loss order; -1 if none. */
    private int argmaxPrefix(long[] counts, int size) {
        int best = -1;
        for (int i = 0; i < size; i++) {
            int model = pool.members()[i];
            if (best < 0 || counts[model] > counts[best]) {
                best = model;
            }
        }
        return best;
    }

    private Double pairwiseDiscrepancy(GroupState state, int size) {
        if (size == 0 || state.pairConflicts == null) {
            return null;
        }
        long most = 0;
        for (int i = 0; i < size; i++) {
            for (int j = i + 1; j < size; j++) {
                int a = Math.min(pool.members()[i], pool.members()[j]);
                int b = Math.max(pool.members()[i], pool.members()[j]);
                most = Math.max(most, state.pairConflicts.count(a, b));
            }
        }
        return (double) most / state.rows;
    }

    /** Distinct decision patterns among the first {@code size} members over those among the whole pool. */
    private Double patternRatio(GroupState state, int size) {
        if (size == 0) {
            return null;
        }
        int[] everyModel = IntStream.range(0, pool.size()).toArray();
        return (double) state.patterns.distinct(pool.members(), size) / state.patterns.distinct(everyModel, pool.size());
    }

    static org.apache.spark.sql.types.StructType summarySchema() {
        List<StructField> fields = new ArrayList<>(List.of(
                field("epsilon", DataTypes.DoubleType), field("group", DataTypes.StringType),
                field("n_rows", DataTypes.LongType), field("set_size", DataTypes.IntegerType),
                field("pool_size", DataTypes.IntegerType), field("rashomon_ratio", DataTypes.DoubleType),
                field("reference_model", DataTypes.StringType), field("reference_in_set", DataTypes.BooleanType),
                field("ambiguity", DataTypes.DoubleType), field("ambiguity_vs_label", DataTypes.DoubleType),
                field("pairwise_ambiguity", DataTypes.DoubleType), field("discrepancy", DataTypes.DoubleType),
                field("discrepancy_model", DataTypes.StringType), field("discrepancy_vs_label", DataTypes.DoubleType),
                field("pairwise_discrepancy", DataTypes.DoubleType), field("vpr_crossing_rate", DataTypes.DoubleType),
                field("pattern_rashomon_ratio", DataTypes.DoubleType)));
        for (RowMeasure measure : RowMeasure.DISTRIBUTIONS) {
            String c = measure.column();
            for (String suffix : List.of("mean", "min", "max", "std")) {
                fields.add(field(c + "_" + suffix, DataTypes.DoubleType));
            }
            for (String q : QUANTILE_NAMES) {
                fields.add(field(c + "_" + q, DataTypes.DoubleType));
            }
            for (String t : TOP_NAMES) {
                fields.add(field(c + "_" + t, DataTypes.DoubleType));
            }
        }
        return DataTypes.createStructType(fields);
    }

    private static StructField field(String name, DataType type) {
        return DataTypes.createStructField(name, type, true);
    }

    private static Double orNull(double value) {
        return Double.isNaN(value) ? null : value;
    }
}
