package dev.rashomon.rashomon;

import static dev.rashomon.rashomon.BoundarySearch.PLUS;

import dev.rashomon.rashomon.ExploredEffects.PairModel;
import dev.rashomon.rashomon.ExploredEffects.PairReference;
import dev.rashomon.rashomon.ExploredEffects.Results;
import dev.rashomon.rashomon.ExploredEffects.SingleModel;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The fis_cloud, halo and swarm tables of an exploration (schemas in {@link Exploration}). */
final class ExplorationTables {
    static final String PAPER_CODE = "paper_code";
    static final String CONSISTENT = "consistent";
    static final String REFERENCE = "reference";

    static final StructType FIS_CLOUD = schema(
            "source", DataTypes.StringType, "epsilon", DataTypes.DoubleType, "set_size", DataTypes.IntegerType,
            "pair", DataTypes.StringType, "ref", DataTypes.DoubleType, "min", DataTypes.DoubleType,
            "max", DataTypes.DoubleType, "mean", DataTypes.DoubleType, "sign_change", DataTypes.BooleanType,
            "argmin_model", DataTypes.StringType, "argmax_model", DataTypes.StringType);
    static final StructType HALO = schema(
            "pair", DataTypes.StringType, "feature_a", DataTypes.StringType, "feature_b", DataTypes.StringType,
            "split", DataTypes.IntegerType, "quadrant", DataTypes.IntegerType,
            "direction_a", DataTypes.StringType, "direction_b", DataTypes.StringType,
            "t_a", DataTypes.DoubleType, "t_b", DataTypes.DoubleType, "m_a", DataTypes.DoubleType, "m_b", DataTypes.DoubleType,
            "model", DataTypes.StringType, "angle", DataTypes.DoubleType,
            "expected_radius", DataTypes.DoubleType, "empirical_radius", DataTypes.DoubleType,
            "expected_x", DataTypes.DoubleType, "expected_y", DataTypes.DoubleType,
            "empirical_x", DataTypes.DoubleType, "empirical_y", DataTypes.DoubleType, "loss", DataTypes.DoubleType);
    static final StructType SWARM = schema(
            "kind", DataTypes.StringType, "variant", DataTypes.StringType, "target", DataTypes.StringType,
            "model", DataTypes.StringType,
            "feature_a", DataTypes.StringType, "direction_a", DataTypes.StringType, "t_a", DataTypes.DoubleType,
            "m_a", DataTypes.DoubleType,
            "feature_b", DataTypes.StringType, "direction_b", DataTypes.StringType, "t_b", DataTypes.DoubleType,
            "m_b", DataTypes.DoubleType,
            "loss", DataTypes.DoubleType, "excess_loss", DataTypes.DoubleType, "value", DataTypes.DoubleType);

    private final List<String> features;
    private final ExplorationOptions options;
    private final Results results;
    private final double epsilon;
    private final Map<List<Integer>, List<PairModel>> byPair;

    ExplorationTables(List<String> features, ExplorationOptions options, Results results, double epsilon) {
        this.features = features;
        this.options = options;
        this.results = results;
        this.epsilon = epsilon;
        this.byPair = results.pairs().stream().collect(Collectors.groupingBy(g -> List.of(g.first(), g.second())));
    }

    Dataset<Row> fisCloud(SparkSession spark) {
        List<Row> rows = new ArrayList<>();
        for (String variant : List.of(PAPER_CODE, CONSISTENT)) {
            ToDoubleFunction<PairModel> score = variant.equals(PAPER_CODE) ? PairModel::paperCodeScore : PairModel::consistentScore;
            for (PairReference ref : results.referencePairs()) {
                List<PairModel> models = modelsOf(ref);
                double[] values = models.stream().mapToDouble(score).toArray();
                // Members in loss order, so ties go to the model with the lower loss, as in the pool-based cloud.
                int[] members = IntStream.range(0, models.size()).boxed()
                        .sorted(Comparator.comparingDouble(i -> models.get(i).loss())).mapToInt(Integer::intValue).toArray();
                SetRange.Range range = SetRange.sweep(values, members, new int[] {models.size()})[0];
                rows.add(RowFactory.create("exploration_" + variant, options.epsilonRate(), models.size(), pairName(ref),
                        ref.score(), range.min(), range.max(), range.mean(), range.signChange(),
                        label(models.get(range.argmin())), label(models.get(range.argmax()))));
            }
        }
        return spark.createDataFrame(rows, FIS_CLOUD);
    }

    Dataset<Row> halo(SparkSession spark) {
        List<Row> rows = new ArrayList<>();
        for (PairModel g : results.pairs()) {
            double angle = angle(g.split(), g.quadrant());
            double empirical = g.loss() - results.referenceLoss();
            int levels = options.levels();
            rows.add(RowFactory.create(pairName(g.first(), g.second()), features.get(g.first()), features.get(g.second()),
                    g.split(), g.quadrant(), sign(ExploredEffects.QUADRANTS[g.quadrant()][0]),
                    sign(ExploredEffects.QUADRANTS[g.quadrant()][1]), options.budget(g.split()),
                    options.budget(levels - g.split()), g.firstMultiplier(), g.secondMultiplier(), label(g), angle,
                    epsilon, empirical, epsilon * Math.cos(angle), epsilon * Math.sin(angle),
                    empirical * Math.cos(angle), empirical * Math.sin(angle), g.loss()));
        }
        return spark.createDataFrame(rows, HALO);
    }

    Dataset<Row> swarm(SparkSession spark) {
        List<Row> rows = new ArrayList<>();
        double referenceLoss = results.referenceLoss();
        for (String variant : List.of(PAPER_CODE, CONSISTENT)) {
            for (int i = 0; i < features.size(); i++) {
                rows.add(swarmRow("main_effect", variant, features.get(i), REFERENCE, i, -1, null, null, referenceLoss,
                        results.referenceEffects()[i]));
            }
        }
        for (SingleModel s : results.singles()) {
            rows.add(swarmRow("main_effect", PAPER_CODE, features.get(s.feature()), label(s), s.feature(), -1,
                    new double[] {options.budget(s.level()), s.multiplier()}, new int[] {s.direction()}, s.loss(), s.effect()));
        }
        for (PairModel g : results.pairs()) {
            double[] scaling = {options.budget(g.split()), g.firstMultiplier(), options.budget(options.levels() - g.split()),
                g.secondMultiplier()};
            int[] directions = ExploredEffects.QUADRANTS[g.quadrant()];
            rows.add(swarmRow("main_effect", CONSISTENT, features.get(g.first()), label(g), g.first(), g.second(), scaling,
                    directions, g.loss(), g.firstEffect()));
            rows.add(swarmRow("main_effect", CONSISTENT, features.get(g.second()), label(g), g.first(), g.second(), scaling,
                    directions, g.loss(), g.secondEffect()));
        }
        for (String variant : List.of(PAPER_CODE, CONSISTENT)) {
            for (PairReference ref : results.referencePairs()) {
                rows.add(swarmRow("fis", variant, pairName(ref), REFERENCE, ref.first(), ref.second(), null, null,
                        referenceLoss, ref.score()));
                for (PairModel g : modelsOf(ref)) {
                    rows.add(swarmRow("fis", variant, pairName(ref), label(g), g.first(), g.second(),
                            new double[] {options.budget(g.split()), g.firstMultiplier(),
                                options.budget(options.levels() - g.split()), g.secondMultiplier()},
                            ExploredEffects.QUADRANTS[g.quadrant()], g.loss(),
                            variant.equals(PAPER_CODE) ? g.paperCodeScore() : g.consistentScore()));
                }
            }
        }
        return spark.createDataFrame(rows, SWARM);
    }

    /**
     * The halo direction of split k, quadrant q, as the FISC code's {@code pairwise_vis_loss} computes it:
     * atan2(k, L−k), then π/2 added once per quadrant.
     */
    double angle(int split, int quadrant) {
        double angle = StrictMath.atan2(split, options.levels() - split);
        for (int q = 0; q < quadrant; q++) {
            angle = angle + Math.PI * .5;
        }
        return angle;
    }

    /** {@code a+0.3|b-0.7}: each scaled feature with its direction and budget t. */
    String label(PairModel g) {
        int[] directions = ExploredEffects.QUADRANTS[g.quadrant()];
        return scaling(g.first(), directions[0], g.split()) + "|" + scaling(g.second(), directions[1], options.levels() - g.split());
    }

    String label(SingleModel s) {
        return scaling(s.feature(), s.direction(), s.level());
    }

    private String scaling(int feature, int direction, int level) {
        String t = BigDecimal.valueOf(level).divide(BigDecimal.valueOf(options.levels()), new MathContext(6))
                .stripTrailingZeros().toPlainString();
        return features.get(feature) + sign(direction) + t;
    }

    private List<PairModel> modelsOf(PairReference ref) {
        return byPair.get(List.of(ref.first(), ref.second()));
    }

    private String pairName(PairReference ref) {
        return pairName(ref.first(), ref.second());
    }

    private String pairName(int a, int b) {
        return features.get(a) + "|" + features.get(b);
    }

    private static String sign(int direction) {
        return direction == PLUS ? "+" : "-";
    }

    /** A swarm row; {@code scaling} is {t_a, m_a[, t_b, m_b]} and null for the reference. */
    private Row swarmRow(String kind, String variant, String target, String model, int a, int b, double[] scaling,
            int[] directions, double loss, double value) {
        boolean scaled = scaling != null;
        boolean second = b >= 0;
        return RowFactory.create(kind, variant, target, model,
                features.get(a), scaled ? sign(directions[0]) : null, scaled ? scaling[0] : null, scaled ? scaling[1] : 1.0,
                second ? features.get(b) : null, scaled && second ? sign(directions[1]) : null,
                scaled && second ? scaling[2] : null, second ? (scaled ? scaling[3] : 1.0) : null,
                loss, loss - results.referenceLoss(), value);
    }

    private static StructType schema(Object... namesAndTypes) {
        StructType out = new StructType();
        for (int i = 0; i < namesAndTypes.length; i += 2) {
            out = out.add((String) namesAndTypes[i], (DataType) namesAndTypes[i + 1], true);
        }
        return out;
    }
}
