package dev.rashomon.rashomon;

import dev.rashomon.multiplicity.Pool;
import dev.rashomon.multiplicity.RashomonSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The tables over a pool's model reliance: the variable-importance cloud ({@code model_reliance}),
 * its ranges over each Rashomon set ({@code mcr}), interaction scores ({@code fis}) and their
 * ranges ({@code fis_cloud}), the importance distribution across bootstrap groups ({@code rid})
 * and the set curve ({@code rashomon_curve}). All small: one row per model and feature or pair.
 */
final class RelianceTables {
    static final StructType MODEL_RELIANCE = new StructType()
            .add("model_id", DataTypes.StringType, false)
            .add("selection_loss", DataTypes.DoubleType, false)
            .add("joins_at_epsilon", DataTypes.DoubleType, false)
            .add("feature", DataTypes.StringType, false)
            .add("loss_original", DataTypes.DoubleType, false)
            .add("loss_perturbed", DataTypes.DoubleType, false)
            .add("mr_ratio", DataTypes.DoubleType, true)
            .add("mr_diff", DataTypes.DoubleType, false);

    static final StructType MCR = new StructType()
            .add("epsilon", DataTypes.DoubleType, false)
            .add("set_size", DataTypes.IntegerType, false)
            .add("feature", DataTypes.StringType, false)
            .add("mr_ratio_ref", DataTypes.DoubleType, true)
            .add("mr_diff_ref", DataTypes.DoubleType, false)
            .add("mcr_minus_ratio", DataTypes.DoubleType, true)
            .add("mcr_plus_ratio", DataTypes.DoubleType, true)
            .add("mean_ratio", DataTypes.DoubleType, true)
            .add("argmin_model", DataTypes.StringType, true)
            .add("argmax_model", DataTypes.StringType, true)
            .add("mcr_minus_diff", DataTypes.DoubleType, true)
            .add("mcr_plus_diff", DataTypes.DoubleType, true)
            .add("mean_diff", DataTypes.DoubleType, true)
            .add("argmin_model_diff", DataTypes.StringType, true)
            .add("argmax_model_diff", DataTypes.StringType, true);

    static final StructType FIS = new StructType()
            .add("model_id", DataTypes.StringType, false)
            .add("pair", DataTypes.StringType, false)
            .add("feature_a", DataTypes.StringType, false)
            .add("feature_b", DataTypes.StringType, false)
            .add("phi_a", DataTypes.DoubleType, false)
            .add("phi_b", DataTypes.DoubleType, false)
            .add("phi_ab", DataTypes.DoubleType, false)
            .add("fis", DataTypes.DoubleType, false);

    /** Shared with the exploration's clouds, which add rows of their own sources. */
    static final StructType FIS_CLOUD = new StructType()
            .add("source", DataTypes.StringType, false)
            .add("epsilon", DataTypes.DoubleType, false)
            .add("set_size", DataTypes.IntegerType, false)
            .add("pair", DataTypes.StringType, false)
            .add("ref", DataTypes.DoubleType, true)
            .add("min", DataTypes.DoubleType, true)
            .add("max", DataTypes.DoubleType, true)
            .add("mean", DataTypes.DoubleType, true)
            .add("sign_change", DataTypes.BooleanType, true)
            .add("argmin_model", DataTypes.StringType, true)
            .add("argmax_model", DataTypes.StringType, true);

    static final StructType RID = new StructType()
            .add("epsilon", DataTypes.DoubleType, false)
            .add("feature", DataTypes.StringType, false)
            .add("groups", DataTypes.IntegerType, false)
            .add("models", DataTypes.IntegerType, false)
            .add("mean", DataTypes.DoubleType, true)
            .add("median", DataTypes.DoubleType, true)
            .add("q25", DataTypes.DoubleType, true)
            .add("q75", DataTypes.DoubleType, true)
            .add("bwr_low", DataTypes.DoubleType, true)
            .add("bwr_high", DataTypes.DoubleType, true)
            .add("prob_positive", DataTypes.DoubleType, true)
            .add("cdf_grid", DataTypes.createArrayType(DataTypes.DoubleType, false), true)
            .add("cdf", DataTypes.createArrayType(DataTypes.DoubleType, false), true)
            .add("median_rid_code", DataTypes.DoubleType, true)
            .add("q25_rid_code", DataTypes.DoubleType, true)
            .add("q75_rid_code", DataTypes.DoubleType, true)
            .add("bwr_low_rid_code", DataTypes.DoubleType, true)
            .add("bwr_high_rid_code", DataTypes.DoubleType, true);

    static final StructType CURVE = new StructType()
            .add("epsilon", DataTypes.DoubleType, false)
            .add("set_size", DataTypes.IntegerType, false)
            .add("pool_size", DataTypes.IntegerType, false)
            .add("rashomon_ratio", DataTypes.DoubleType, false)
            .add("pattern_count", DataTypes.IntegerType, false)
            .add("pool_pattern_count", DataTypes.IntegerType, false)
            .add("pattern_rashomon_ratio", DataTypes.DoubleType, false)
            .add("configured", DataTypes.BooleanType, false);

    static final String POOL_SOURCE = "pool";

    private final SparkSession spark;
    private final Pool pool;
    private final Reliance reliance;
    private final RashomonConfig.Rashomon options;

    /** @param reliance by the pool's indexes */
    RelianceTables(SparkSession spark, Pool pool, Reliance reliance, RashomonConfig.Rashomon options) {
        this.spark = spark;
        this.pool = pool;
        this.reliance = reliance;
        this.options = options;
    }

    /** The ε at which a model joins the set around the reference. */
    private double joinsAt(int model) {
        double loss = pool.loss(model);
        double ref = pool.loss(pool.reference());
        return options.epsilonMode() == RashomonSet.EpsilonMode.ABSOLUTE ? loss - ref : loss / ref - 1;
    }

    Dataset<Row> modelReliance() {
        List<Row> rows = new ArrayList<>();
        for (int m = 0; m < pool.size(); m++) {
            for (String feature : reliance.features()) {
                ModelReliance mr = reliance.of(m, feature);
                rows.add(RowFactory.create(pool.modelId(m), pool.loss(m), joinsAt(m), feature, mr.original(),
                        mr.perturbed(), orNull(mr.ratio()), mr.difference()));
            }
        }
        return spark.createDataFrame(rows, MODEL_RELIANCE);
    }

    Dataset<Row> mcr() {
        List<Row> rows = new ArrayList<>();
        int ref = pool.reference();
        for (String feature : reliance.features()) {
            double[] ratio = new double[pool.size()];
            double[] diff = new double[pool.size()];
            for (int m = 0; m < pool.size(); m++) {
                ratio[m] = reliance.of(m, feature).ratio();
                diff[m] = reliance.of(m, feature).difference();
            }
            SetRange.Range[] ratios = SetRange.sweep(ratio, pool.members(), pool.setSizes());
            SetRange.Range[] diffs = SetRange.sweep(diff, pool.members(), pool.setSizes());
            for (int e = 0; e < pool.epsilons().length; e++) {
                SetRange.Range r = ratios[e];
                SetRange.Range d = diffs[e];
                rows.add(RowFactory.create(pool.epsilons()[e], pool.setSizes()[e], feature, orNull(ratio[ref]), diff[ref],
                        orNull(r.min()), orNull(r.max()), orNull(r.mean()), modelOrNull(r.argmin()), modelOrNull(r.argmax()),
                        orNull(d.min()), orNull(d.max()), orNull(d.mean()), modelOrNull(d.argmin()),
                        modelOrNull(d.argmax())));
            }
        }
        return spark.createDataFrame(rows, MCR);
    }

    Dataset<Row> fis() {
        List<Row> rows = new ArrayList<>();
        for (int m = 0; m < pool.size(); m++) {
            for (String pair : reliance.pairs()) {
                String[] ab = Reliance.pairOf(pair);
                rows.add(RowFactory.create(pool.modelId(m), pair, ab[0], ab[1], reliance.of(m, ab[0]).difference(),
                        reliance.of(m, ab[1]).difference(), reliance.of(m, pair).difference(),
                        reliance.interaction(m, pair)));
            }
        }
        return spark.createDataFrame(rows, FIS);
    }

    Dataset<Row> fisCloud() {
        List<Row> rows = new ArrayList<>();
        for (String pair : reliance.pairs()) {
            double[] fis = IntStream.range(0, pool.size()).mapToDouble(m -> reliance.interaction(m, pair)).toArray();
            SetRange.Range[] ranges = SetRange.sweep(fis, pool.members(), pool.setSizes());
            for (int e = 0; e < pool.epsilons().length; e++) {
                SetRange.Range r = ranges[e];
                rows.add(RowFactory.create(POOL_SOURCE, pool.epsilons()[e], pool.setSizes()[e], pair, fis[pool.reference()],
                        orNull(r.min()), orNull(r.max()), orNull(r.mean()), r.argmin() < 0 ? null : r.signChange(),
                        modelOrNull(r.argmin()), modelOrNull(r.argmax())));
            }
        }
        return spark.createDataFrame(rows, FIS_CLOUD);
    }

    /**
     * @param groups group by pool index: each group has its own Rashomon set around its best model
     *     (as RID keeps one set per bootstrap sample)
     */
    Dataset<Row> rid(String[] groups) {
        Map<String, List<Integer>> byGroup = new TreeMap<>();
        for (int m = 0; m < pool.size(); m++) {
            byGroup.computeIfAbsent(groups[m], g -> new ArrayList<>()).add(m);
        }
        List<int[]> ordered = new ArrayList<>();
        for (List<Integer> models : byGroup.values()) {
            ordered.add(models.stream().sorted(Comparator.<Integer>comparingDouble(pool::loss)
                    .thenComparing(pool::modelId)).mapToInt(Integer::intValue).toArray());
        }
        List<Row> rows = new ArrayList<>();
        for (double epsilon : pool.epsilons()) {
            List<int[]> sets = new ArrayList<>();
            for (int[] group : ordered) {
                double[] losses = Arrays.stream(group).mapToDouble(pool::loss).toArray();
                int size = RashomonSet.size(losses, losses[0], epsilon, options.epsilonMode(), options.strict());
                sets.add(Arrays.copyOf(group, size));
            }
            for (String feature : reliance.features()) {
                rows.add(ridRow(epsilon, feature, sets));
            }
        }
        return spark.createDataFrame(rows, RID);
    }

    private Row ridRow(double epsilon, String feature, List<int[]> sets) {
        List<double[]> values = new ArrayList<>();
        int models = 0;
        for (int[] set : sets) {
            double[] importance = Arrays.stream(set).mapToDouble(m -> importance(m, feature))
                    .filter(v -> !Double.isNaN(v)).toArray();
            models += importance.length;
            values.add(importance);
        }
        int groups = (int) values.stream().filter(v -> v.length > 0).count();
        if (groups == 0) {
            return RowFactory.create(epsilon, feature, 0, 0, null, null, null, null, null, null, null, null, null, null, null,
                    null, null, null);
        }
        ImportanceDistribution rid = new ImportanceDistribution(values);
        double[] bwr = rid.boxAndWhiskerRange();
        int points = options.ridGridPoints();
        double[] grid = new double[points];
        double[] cdf = new double[points];
        for (int i = 0; i < points; i++) {
            grid[i] = i == points - 1 ? rid.max() : rid.min() + (rid.max() - rid.min()) * i / (points - 1);
            cdf[i] = rid.cdf(grid[i]);
        }
        RidCodeSummary code = new RidCodeSummary(values.stream().filter(v -> v.length > 0).toList());
        double[] codeRange = code.boxAndWhiskerRange();
        double noReliance = options.ridImportance() == RashomonConfig.Importance.RATIO ? 1.0 : 0.0;
        return RowFactory.create(epsilon, feature, groups, models, rid.mean(), rid.median(), rid.quantile(0.25),
                rid.quantile(0.75), bwr[0], bwr[1], rid.probabilityAbove(noReliance), boxed(grid), boxed(cdf), code.median,
                code.q25, code.q75, codeRange[0], codeRange[1]);
    }

    private double importance(int model, String feature) {
        ModelReliance mr = reliance.of(model, feature);
        return options.ridImportance() == RashomonConfig.Importance.RATIO ? mr.ratio() : mr.difference();
    }

    /**
     * Set size and ratios at every configured ε (the set by its bound) and at every ε where a
     * member joins (the members joining at or below it; below it when strict). Recomputing the
     * bound from a joining ε could round the joining model out of its own row.
     */
    Dataset<Row> curve() {
        int[] members = pool.members();
        double[] joins = IntStream.range(0, members.length).mapToDouble(pool::epsilonOfRank).toArray();
        TreeMap<Double, Boolean> epsilons = new TreeMap<>();
        for (double e : joins) {
            epsilons.put(e, false);
        }
        for (double e : pool.epsilons()) {
            epsilons.put(e, true);
        }
        int[] everyModel = IntStream.range(0, pool.size()).toArray();
        int poolPatterns = reliance.patterns().distinct(everyModel, pool.size());
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<Double, Boolean> entry : epsilons.entrySet()) {
            double e = entry.getKey();
            int size;
            if (entry.getValue()) {
                size = pool.setSizes()[Arrays.binarySearch(pool.epsilons(), e)];
            } else {
                size = (int) Arrays.stream(joins).filter(j -> options.strict() ? j < e : j <= e).count();
            }
            int patterns = reliance.patterns().distinct(members, size);
            rows.add(RowFactory.create(e, size, pool.size(), (double) size / pool.size(), patterns, poolPatterns,
                    (double) patterns / poolPatterns, entry.getValue()));
        }
        return spark.createDataFrame(rows, CURVE);
    }

    private String modelOrNull(int index) {
        return index < 0 ? null : pool.modelId(index);
    }

    private static Double orNull(double value) {
        return Double.isNaN(value) ? null : value;
    }

    private static List<Double> boxed(double[] values) {
        return Arrays.stream(values).boxed().toList();
    }
}
