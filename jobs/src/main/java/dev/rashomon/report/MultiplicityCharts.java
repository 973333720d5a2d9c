package dev.rashomon.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import dev.rashomon.multiplicity.MultiplicityJob;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The charts of a multiplicity run: the summary measures against ε (all rows, group ""), and from
 * the opt-in per_row table the distributions of the viable prediction range's width and of the
 * Rashomon capacity at the largest ε. Histograms are counted by Spark; only the bins reach the driver.
 */
final class MultiplicityCharts {
    static final String MEASURES = "measures";
    static final String VPR_WIDTH = "vpr_width";
    static final String CAPACITY = "capacity";
    /** Summary measures that are shares in [0, 1], so they fit one axis. */
    static final List<String> SHARES = List.of("ambiguity", "discrepancy", "pairwise_ambiguity", "pairwise_discrepancy",
            "vpr_crossing_rate", "rashomon_ratio", "pattern_rashomon_ratio", "vpr_width_mean", "disagreement_plugin_mean");
    static final int BINS = 20;

    private final RunFolder run;

    MultiplicityCharts(RunFolder run) {
        this.run = run;
    }

    static List<Chart> absent(String reason) {
        return List.of(Chart.skipped(MEASURES, "Multiplicity against ε", reason),
                Chart.skipped(VPR_WIDTH, "Viable prediction range width", reason),
                Chart.skipped(CAPACITY, "Rashomon capacity", reason));
    }

    List<Chart> charts() {
        List<Chart> charts = new ArrayList<>();
        charts.add(measures());
        if (!run.has(MultiplicityJob.PER_ROW)) {
            String reason = MultiplicityJob.PER_ROW + " not written (the multiplicity run had multiplicity.per_row: false)";
            charts.add(Chart.skipped(VPR_WIDTH, "Viable prediction range width", reason));
            charts.add(Chart.skipped(CAPACITY, "Rashomon capacity", reason));
            return charts;
        }
        Dataset<Row> perRow = run.read(MultiplicityJob.PER_ROW, "epsilon", "vpr_width", "rashomon_capacity");
        Row largest = perRow.agg(max("epsilon")).first();
        if (largest.isNullAt(0)) {
            charts.add(Chart.skipped(VPR_WIDTH, "Viable prediction range width", MultiplicityJob.PER_ROW + " is empty"));
            charts.add(Chart.skipped(CAPACITY, "Rashomon capacity", MultiplicityJob.PER_ROW + " is empty"));
            return charts;
        }
        double epsilon = RunFolder.number(largest, largest.schema().fieldNames()[0]);
        Dataset<Row> atLargest = perRow.where(col("epsilon").equalTo(lit(epsilon)));
        int classes = run.runJson().at("/pool/classes").asInt(2);
        charts.add(histogram(atLargest, VPR_WIDTH, "Viable prediction range width", "vpr_width", 0, 1, epsilon,
                "vpr_width: max − min of the members' scores for a row (of the label's probability for multiclass)"));
        charts.add(histogram(atLargest, CAPACITY, "Rashomon capacity", "rashomon_capacity", 1, Math.max(2, classes), epsilon,
                "rashomon_capacity: 2^C, C the channel capacity of the members' predictions for a row, from 1 (all agree) to "
                        + "the number of classes"));
        return charts;
    }

    private Chart measures() {
        String title = "Multiplicity against ε";
        Dataset<Row> summary = run.readRequired(MultiplicityJob.SUMMARY, "epsilon", "group", "set_size");
        List<String> measures = SHARES.stream().filter(m -> RunFolder.hasColumn(summary, m)).toList();
        List<Row> rows = new ArrayList<>(summary.where(col("group").equalTo("").or(col("group").isNull())).collectAsList());
        rows.sort(Comparator.comparingDouble(r -> RunFolder.number(r, "epsilon")));
        if (rows.isEmpty() || measures.isEmpty()) {
            return Chart.skipped(MEASURES, title, MultiplicityJob.SUMMARY + " has no rows for all rows (group \"\")");
        }
        double low = RunFolder.number(rows.get(0), "epsilon");
        double high = RunFolder.number(rows.get(rows.size() - 1), "epsilon");
        Svg.Frame frame = new Svg.Frame(80, 60, 740, 380);
        Scale x = Scale.linear(low, high, frame.left(), frame.right());
        Scale y = Scale.linear(0, 1, frame.bottom(), frame.top());
        Svg svg = new Svg(1100, 500, "multiplicity measures against epsilon");
        String mode = run.runJson().at("/config/multiplicity/epsilon_mode").asText("absolute");
        svg.bottomAxis(x, frame, "ε (" + mode + ", loss above the reference's)").leftAxis(y, frame, "share");
        for (int m = 0; m < measures.size(); m++) {
            String measure = measures.get(m);
            String colour = Svg.PALETTE.get(m % Svg.PALETTE.size());
            List<double[]> points = new ArrayList<>();
            for (Row r : rows) {
                double value = RunFolder.number(r, measure);
                if (Double.isFinite(value)) {
                    points.add(new double[] {x.apply(RunFolder.number(r, "epsilon")), y.apply(value)});
                }
            }
            if (points.size() > 1) {
                svg.polyline(points, colour, 2, false);
            }
            for (Row r : rows) {
                double value = RunFolder.number(r, measure);
                if (Double.isFinite(value)) {
                    double eps = RunFolder.number(r, "epsilon");
                    svg.circle(x.apply(eps), y.apply(value), 3.5, colour, measure + " at ε = " + Svg.number(eps) + ": "
                            + Svg.number(value) + " (set of " + (long) RunFolder.number(r, "set_size") + " models)");
                }
            }
            // The legend sits right of the plot, one measure per line, with its value at the largest ε.
            double legendY = frame.top() + 10 + m * 22;
            Row last = rows.get(rows.size() - 1);
            svg.rect(frame.right() + 20, legendY - 9, 12, 12, colour, null)
                    .text(frame.right() + 38, legendY + 1, measure + " " + Svg.number(RunFolder.number(last, measure)), "start");
        }
        svg.text(frame.right() + 20, frame.top() - 12, "at the largest ε:", "start", 11, Svg.MUTED);
        double lastLabel = Double.NEGATIVE_INFINITY;
        for (Row r : rows) {
            double at = x.apply(RunFolder.number(r, "epsilon"));
            if (at - lastLabel >= 18) { // set sizes of nearby ε would overwrite each other; the tooltips carry them all
                svg.text(at, frame.top() - 8, (long) RunFolder.number(r, "set_size") + "", "middle", 10, Svg.MUTED);
                lastLabel = at;
            }
        }
        svg.text(frame.left() - 8, frame.top() - 8, "models:", "end", 10, Svg.MUTED);
        String caption = "Measures over all rows (group \"\") of " + run.path() + "/" + MultiplicityJob.SUMMARY
                + ", one line per measure; the numbers above the plot are the Rashomon set sizes. "
                + "Ambiguity: share of rows where some member decides differently from the reference; discrepancy: the "
                + "largest share of rows one member flips. Equal measures draw over each other (in a binary pool that holds "
                + "its reference, ambiguity, pairwise_ambiguity and vpr_crossing_rate coincide); the legend gives each value.";
        return Chart.drawn(MEASURES, title, caption, svg.render());
    }

    private Chart histogram(Dataset<Row> rows, String name, String title, String column, double low, double high,
                            double epsilon, String meaning) {
        if (!RunFolder.hasColumn(rows, column)) {
            return Chart.skipped(name, title, MultiplicityJob.PER_ROW + " has no column " + column);
        }
        double width = (high - low) / BINS;
        long[] counts = new long[BINS];
        Dataset<Row> binned = rows.where(col(column).isNotNull())
                .select(least(greatest(floor(col(column).minus(low).divide(width)), lit(0)), lit(BINS - 1)).cast("int").as("bin"))
                .groupBy("bin").agg(count(lit(1)).as("rows"));
        long total = 0;
        for (Row r : binned.collectAsList()) {
            counts[r.getInt(0)] = r.getLong(1);
            total += r.getLong(1);
        }
        long most = 0;
        for (long c : counts) {
            most = Math.max(most, c);
        }
        Svg.Frame frame = new Svg.Frame(90, 30, 960, 300);
        Scale x = Scale.linear(low, high, frame.left(), frame.right());
        Scale y = Scale.linear(0, most, frame.bottom(), frame.top());
        Svg svg = new Svg(1100, 390, "histogram of " + column);
        svg.bottomAxis(x, frame, column).leftAxis(y, frame, "rows");
        for (int b = 0; b < BINS; b++) {
            double from = low + b * width;
            double left = x.apply(from);
            double right = x.apply(from + width);
            double top = y.apply(counts[b]);
            svg.rect(left + 1, top, right - left - 2, frame.bottom() - top, Svg.PALETTE.get(name.equals(VPR_WIDTH) ? 0 : 4),
                    "[" + Svg.number(from) + ", " + Svg.number(from + width) + (b == BINS - 1 ? "]" : ")") + ": " + counts[b]
                            + " rows");
        }
        String caption = meaning + ". " + total + " rows at ε = " + Svg.number(epsilon) + " (the largest ε of "
                + run.path() + "/" + MultiplicityJob.PER_ROW + "), in " + BINS + " bins of width " + Svg.number(width) + ".";
        return Chart.drawn(name, title, caption, svg.render());
    }
}
