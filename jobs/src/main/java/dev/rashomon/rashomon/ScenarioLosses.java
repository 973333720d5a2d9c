package dev.rashomon.rashomon;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.rashomon.info.ExactSum;
import dev.rashomon.run.UserError;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Mean losses of scenarios on the subsample, many scenarios per Spark job. A job crosses the subsample
 * (one partition) with a table of the scenarios (cartesian product, no shuffle), replaces every explored
 * feature by {@code CAST(value AS DOUBLE) · m} read from the row itself or, when perturbed, from its
 * paired row, applies the reference pipeline, and folds the per-row losses into one exact sum per
 * scenario ({@link ExactSum}: the means do not depend on partitioning). Known losses are cached, so a
 * scenario is scored once however often it is asked for.
 */
final class ScenarioLosses {
    /** Rows (subsample × scenarios) through the pipeline in one job at most. */
    private static final long ROWS_PER_JOB = 20_000_000;
    private static final String SCENARIO = "__rashomon_scenario";
    private static final String FIRST = "__rashomon_first";
    private static final String FIRST_MULTIPLIER = "__rashomon_first_m";
    private static final String FIRST_SHIFT = "__rashomon_first_shift";
    private static final String SECOND = "__rashomon_second";
    private static final String SECOND_MULTIPLIER = "__rashomon_second_m";
    private static final String SECOND_SHIFT = "__rashomon_second_shift";
    private static final StructType TABLE = new StructType(new StructField[] {
        DataTypes.createStructField(SCENARIO, DataTypes.IntegerType, false),
        DataTypes.createStructField(FIRST, DataTypes.IntegerType, false),
        DataTypes.createStructField(FIRST_MULTIPLIER, DataTypes.DoubleType, false),
        DataTypes.createStructField(FIRST_SHIFT, DataTypes.IntegerType, false),
        DataTypes.createStructField(SECOND, DataTypes.IntegerType, false),
        DataTypes.createStructField(SECOND_MULTIPLIER, DataTypes.DoubleType, false),
        DataTypes.createStructField(SECOND_SHIFT, DataTypes.IntegerType, false)});

    private final SparkSession spark;
    private final PipelineModel reference;
    private final String probabilityColumn;
    private final Subsample sample;
    private final List<String> features;
    private final Loss loss;
    private final double threshold;
    private final int[][] shifts;
    private final Map<Scenario, Double> known = new HashMap<>();
    private long evaluations;
    private int jobs;

    ScenarioLosses(SparkSession spark, PipelineModel reference, String probabilityColumn, Subsample sample,
            List<String> features, Loss loss, double threshold, int[][] shifts) {
        this.spark = spark;
        this.reference = reference;
        this.probabilityColumn = probabilityColumn;
        this.sample = sample;
        this.features = List.copyOf(features);
        this.loss = loss;
        this.threshold = threshold;
        this.shifts = shifts;
        StructType output = reference.transform(sample.frame()).schema();
        if (!Arrays.asList(output.fieldNames()).contains(probabilityColumn)
                || !(output.apply(probabilityColumn).dataType() instanceof VectorUDT)) {
            throw new UserError("exploration: the reference model outputs no probability vector column '" + probabilityColumn
                    + "' (columns: " + String.join(", ", output.fieldNames()) + ")");
        }
    }

    /** The mean loss of every scenario, scoring those not known yet in as few jobs as the row cap allows. */
    double[] meanLosses(List<Scenario> scenarios) {
        List<Scenario> missing = new ArrayList<>(new LinkedHashSet<>(scenarios));
        missing.removeIf(known::containsKey);
        int perJob = (int) Math.max(1, Math.min(Integer.MAX_VALUE, ROWS_PER_JOB / sample.size()));
        for (int from = 0; from < missing.size(); from += perJob) {
            score(missing.subList(from, Math.min(missing.size(), from + perJob)));
        }
        return scenarios.stream().mapToDouble(this::meanLoss).toArray();
    }

    /** The loss of a scenario already scored. */
    double meanLoss(Scenario scenario) {
        Double value = known.get(scenario);
        if (value == null) {
            throw new IllegalStateException("scenario not scored: " + scenario);
        }
        return value;
    }

    /** Scenarios scored so far. */
    long evaluations() {
        return evaluations;
    }

    /** Scoring jobs run so far. */
    int jobs() {
        return jobs;
    }

    private void score(List<Scenario> batch) {
        List<Row> table = new ArrayList<>();
        for (int id = 0; id < batch.size(); id++) {
            table.add(encode(id, batch.get(id)));
        }
        Dataset<Row> scenarios = spark.createDataFrame(table, TABLE);
        Dataset<Row> crossed = sample.frame().coalesce(1).crossJoin(scenarios.hint("shuffle_replicate_nl"));
        Map<String, Column> rescaled = new LinkedHashMap<>();
        for (int c = 0; c < features.size(); c++) {
            rescaled.put(features.get(c), rescaled(c));
        }
        Dataset<Row> scored = reference.transform(crossed.withColumns(rescaled))
                .select(col(SCENARIO), col("`" + probabilityColumn.replace("`", "``") + "`"), col(Subsample.LABEL));
        Loss rowLoss = loss;
        double tau = threshold;
        Function2<LossState, Row, LossState> add = (state, row) -> state.add(row, rowLoss, tau);
        LossState state = scored.javaRDD().aggregate(new LossState(batch.size()), add, LossState::merge);
        jobs++;
        evaluations += batch.size();
        for (int id = 0; id < batch.size(); id++) {
            if (state.counts[id] == 0) {
                throw new UserError("exploration: the reference pipeline dropped every evaluation row of a rescaled model");
            }
            known.put(batch.get(id), state.sums[id].mean(state.counts[id]));
        }
    }

    private Row encode(int id, Scenario scenario) {
        List<Scenario.Column> columns = scenario.columns();
        if (columns.size() > 2) {
            throw new IllegalArgumentException("a scenario touches at most two columns: " + scenario);
        }
        Object[] out = {id, -1, 1.0, 0, -1, 1.0, 0};
        for (int slot = 0; slot < columns.size(); slot++) {
            Scenario.Column c = columns.get(slot);
            out[1 + 3 * slot] = c.feature();
            out[2 + 3 * slot] = c.multiplier();
            out[3 + 3 * slot] = c.perturbed() ? shifts[scenario.pairing()][c.feature()] : 0;
        }
        return RowFactory.create(out);
    }

    /** x_c · m, with x_c read at position (r + shift) mod n of the pairing order. */
    private Column rescaled(int c) {
        Column first = col(FIRST).equalTo(c);
        Column second = col(SECOND).equalTo(c);
        Column multiplier = when(first, col(FIRST_MULTIPLIER)).when(second, col(SECOND_MULTIPLIER)).otherwise(lit(1.0));
        Column shift = when(first, col(FIRST_SHIFT)).when(second, col(SECOND_SHIFT)).otherwise(lit(0));
        Column source = col(Subsample.POSITION).plus(shift).mod(lit(sample.size())).plus(lit(1));
        return element_at(lit(sample.values()[c]), source).multiply(multiplier);
    }

    /** Per-scenario exact loss sums and row counts: a mergeable state, one per partition. */
    static final class LossState implements Serializable {
        private static final long serialVersionUID = 1L;
        final ExactSum[] sums;
        final long[] counts;

        LossState(int scenarios) {
            sums = new ExactSum[scenarios];
            for (int i = 0; i < scenarios; i++) {
                sums[i] = new ExactSum();
            }
            counts = new long[scenarios];
        }

        LossState add(Row row, Loss loss, double threshold) {
            int id = row.getInt(0);
            Vector probability = row.isNullAt(1) ? null : (Vector) row.get(1);
            double score = probability == null ? Double.NaN : probability.apply(1);
            double value = loss.of(score, row.getInt(2), threshold);
            if (!Double.isFinite(value) || Double.isNaN(score)) {
                throw new UserError("exploration: the reference model gave no probability of class 1 (" + probability
                        + ") for a rescaled evaluation row");
            }
            sums[id].add(value);
            counts[id]++;
            return this;
        }

        LossState merge(LossState other) {
            for (int i = 0; i < sums.length; i++) {
                sums[i].merge(other.sums[i]);
                counts[i] += other.counts[i];
            }
            return this;
        }
    }
}
