package dev.rashomon.report;

import static org.apache.spark.sql.functions.col;

import dev.rashomon.outrank.OutrankJob;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The charts of an outrank run: the ranking, score against cardinality (where the cardinality
 * correction shows as the gap between mi and mi_adjusted), and the feature–feature heatmap of the
 * pairwise table.
 */
final class RankingCharts {
    static final String RANKING = "ranking";
    static final String CARDINALITY = "cardinality";
    static final String REDUNDANCY = "redundancy";
    /** The scatter shows at most this many features (the best by rank), so the page stays small. */
    static final int SCATTER_MAX = 2000;
    private static final int HEATMAP_MAX = 30;

    private final RunFolder run;
    private final int top;

    RankingCharts(RunFolder run, int top) {
        this.run = run;
        this.top = top;
    }

    static List<Chart> absent(String reason) {
        return List.of(Chart.skipped(RANKING, "Feature ranking", reason),
                Chart.skipped(CARDINALITY, "Score against cardinality", reason),
                Chart.skipped(REDUNDANCY, "Feature–feature redundancy", reason));
    }

    List<Chart> charts() {
        Dataset<Row> table = run.readRequired(OutrankJob.TABLE, "rank", "feature");
        String score = RunFolder.hasColumn(table, "mi_adjusted") ? "mi_adjusted" : "score";
        run.requireColumns(table, OutrankJob.TABLE, "rank", "feature", score);
        List<Row> best = table.orderBy(col("rank")).limit(SCATTER_MAX).collectAsList();
        return List.of(ranking(best, score), cardinality(table, best), redundancy(best));
    }

    private Chart ranking(List<Row> best, String score) {
        String title = "Feature ranking";
        if (best.isEmpty()) {
            return Chart.skipped(RANKING, title, OutrankJob.TABLE + " is empty");
        }
        List<BarChart.Bar> bars = best.stream().limit(top)
                .map(r -> new BarChart.Bar(RunFolder.text(r, "feature"), RunFolder.number(r, score), Double.NaN, Double.NaN))
                .toList();
        String caption = "The " + bars.size() + " best features by rank, of " + run.path() + "/" + OutrankJob.TABLE + "; bar = "
                + score + (score.equals("mi_adjusted") ? " (MI minus its expectation under the permutation null, nats)"
                : " (OutRank's median score)") + ".";
        return Chart.drawn(RANKING, title, caption, BarChart.draw(bars, score, "ranking by " + score, Svg.PALETTE.get(0)));
    }

    private Chart cardinality(Dataset<Row> table, List<Row> best) {
        String title = "Score against cardinality";
        if (!RunFolder.hasColumn(table, "mi") || !RunFolder.hasColumn(table, "mi_adjusted")) {
            return Chart.skipped(CARDINALITY, title, OutrankJob.TABLE + " has no mi and mi_adjusted columns (outrank-compat mode)");
        }
        if (best.isEmpty()) {
            return Chart.skipped(CARDINALITY, title, OutrankJob.TABLE + " is empty");
        }
        double minCardinality = Double.MAX_VALUE;
        double maxCardinality = 1;
        double low = 0;
        double high = 0;
        for (Row r : best) {
            double c = Math.max(1, RunFolder.number(r, "cardinality"));
            minCardinality = Math.min(minCardinality, c);
            maxCardinality = Math.max(maxCardinality, c);
            low = Math.min(low, Math.min(RunFolder.number(r, "mi"), RunFolder.number(r, "mi_adjusted")));
            high = Math.max(high, Math.max(RunFolder.number(r, "mi"), RunFolder.number(r, "mi_adjusted")));
        }
        Svg.Frame frame = new Svg.Frame(80, 40, 980, 440);
        Scale x = Scale.log(minCardinality, maxCardinality, frame.left(), frame.right());
        Scale y = Scale.linear(low, high, frame.bottom(), frame.top());
        Svg svg = new Svg(1100, 540, "mi and mi_adjusted against cardinality");
        svg.bottomAxis(x, frame, "cardinality (distinct values, log scale)").leftAxis(y, frame, "nats");
        String raw = Svg.PALETTE.get(1);
        String adjusted = Svg.PALETTE.get(0);
        svg.legend(frame.left(), 20, List.of("mi (plug-in)", "mi_adjusted (corrected)"), List.of(raw, adjusted));
        for (Row r : best) {
            double px = x.apply(Math.max(1, RunFolder.number(r, "cardinality")));
            double mi = RunFolder.number(r, "mi");
            double adj = RunFolder.number(r, "mi_adjusted");
            svg.line(px, y.apply(mi), px, y.apply(adj), Svg.GRID, 1.5);
        }
        for (Row r : best) {
            String name = RunFolder.text(r, "feature");
            double c = Math.max(1, RunFolder.number(r, "cardinality"));
            double mi = RunFolder.number(r, "mi");
            double adj = RunFolder.number(r, "mi_adjusted");
            String tip = name + ": cardinality " + (long) c + ", mi " + Svg.number(mi) + ", mi_adjusted " + Svg.number(adj);
            svg.circle(x.apply(c), y.apply(mi), 3.5, raw, tip).circle(x.apply(c), y.apply(adj), 3.5, adjusted, tip);
        }
        // Name the features the correction moves most: high-cardinality features whose MI is mostly chance.
        List<Row> corrected = new ArrayList<>(best);
        corrected.sort(Comparator.comparingDouble((Row r) -> RunFolder.number(r, "mi") - RunFolder.number(r, "mi_adjusted"))
                .reversed());
        List<double[]> labels = new ArrayList<>();
        for (Row r : corrected.subList(0, Math.min(5, corrected.size()))) {
            String name = Svg.shorten(RunFolder.text(r, "feature"), 30);
            double px = x.apply(Math.max(1, RunFolder.number(r, "cardinality")));
            double py = y.apply(RunFolder.number(r, "mi")) - 6;
            boolean right = px + 6 + Svg.textWidth(name) <= frame.right();
            double from = right ? px + 6 : px - 6 - Svg.textWidth(name);
            double to = from + Svg.textWidth(name);
            // A label that would overlap one already placed is left to the tooltip.
            if (labels.stream().noneMatch(l -> Math.abs(l[2] - py) < 13 && from < l[1] && l[0] < to)) {
                svg.text(right ? px + 6 : px - 6, py, name, right ? "start" : "end", 11, Svg.MUTED);
                labels.add(new double[] {from, to, py});
            }
        }
        String caption = "Each feature twice, at its number of distinct values: plug-in MI (orange) and MI minus its "
                + "expectation under the permutation null (blue). The grey line between them is the cardinality "
                + "correction; it grows with cardinality. " + (best.size() == SCATTER_MAX ? "The " + SCATTER_MAX
                + " best features by rank." : best.size() + " features.") + " The largest corrections are named.";
        return Chart.drawn(CARDINALITY, title, caption, svg.render());
    }

    private Chart redundancy(List<Row> best) {
        String title = "Feature–feature redundancy";
        if (!run.has(OutrankJob.PAIRWISE_TABLE)) {
            return Chart.skipped(REDUNDANCY, title, OutrankJob.PAIRWISE_TABLE
                    + " not written (outrank runs it with outrank.exact.target_ranking_only: false)");
        }
        Dataset<Row> pairwise = run.read(OutrankJob.PAIRWISE_TABLE, "feature_a", "feature_b");
        String value = RunFolder.hasColumn(pairwise, "nmi") ? "nmi" : "score";
        run.requireColumns(pairwise, OutrankJob.PAIRWISE_TABLE, "feature_a", "feature_b", value);
        List<String> paired = pairwise.select("feature_a").union(pairwise.select("feature_b")).distinct()
                .collectAsList().stream().map(r -> r.getString(0)).toList();
        List<String> features = best.stream().map(r -> RunFolder.text(r, "feature")).filter(paired::contains)
                .limit(Math.min(top, HEATMAP_MAX)).toList();
        if (features.size() < 2) {
            return Chart.skipped(REDUNDANCY, title, OutrankJob.PAIRWISE_TABLE + " has fewer than two ranked features");
        }
        Map<String, Double> cells = new HashMap<>();
        Object[] names = features.toArray();
        for (Row r : pairwise.where(col("feature_a").isin(names).and(col("feature_b").isin(names)))
                .select("feature_a", "feature_b", value).collectAsList()) {
            double v = RunFolder.number(r, value);
            cells.put(r.getString(0) + "\u0000" + r.getString(1), v);
            cells.put(r.getString(1) + "\u0000" + r.getString(0), v);
        }
        double max = cells.values().stream().mapToDouble(Double::doubleValue).filter(Double::isFinite).max().orElse(1);
        double min = Math.min(0, cells.values().stream().mapToDouble(Double::doubleValue).filter(Double::isFinite).min().orElse(0));
        int n = features.size();
        double labelWidth = Math.min(260, 12 + features.stream().mapToDouble(f -> Svg.textWidth(Svg.shorten(f, 40))).max()
                .orElse(40));
        double cell = Math.min(44, (1100 - labelWidth - 160) / n);
        double left = labelWidth + 10;
        double topEdge = labelWidth * 0.75 + 20;
        int height = (int) (topEdge + n * cell + 30);
        Svg svg = new Svg(1100, height, "heatmap of " + value + " between features");
        for (int i = 0; i < n; i++) {
            double y = topEdge + i * cell;
            svg.text(left - 6, y + cell / 2 + 4, Svg.shorten(features.get(i), 40), "end");
            double x = left + i * cell + cell / 2;
            svg.rotatedText(x + 4, topEdge - 6, Svg.shorten(features.get(i), 40), -45, "start");
            for (int j = 0; j < n; j++) {
                double cx = left + j * cell;
                if (i == j) {
                    svg.rect(cx, y, cell - 1, cell - 1, "#f4f4f4", features.get(i));
                    continue;
                }
                Double v = cells.get(features.get(i) + "\u0000" + features.get(j));
                String tip = features.get(i) + " × " + features.get(j) + ": " + value + " = " + (v == null ? "not scored" : Svg.number(v));
                svg.rect(cx, y, cell - 1, cell - 1, v == null ? "#ffffff" : blues((v - min) / (max - min)), tip);
                if (v != null && cell >= 34) {
                    double t = (v - min) / (max - min);
                    svg.text(cx + cell / 2, y + cell / 2 + 4, String.format(java.util.Locale.ROOT, "%.2f", v), "middle", 10,
                            t > 0.55 ? "#ffffff" : Svg.INK);
                }
            }
        }
        // The colour key: five swatches from the smallest to the largest value.
        double keyX = left + n * cell + 24;
        svg.text(keyX, topEdge - 6, value, "start");
        for (int k = 0; k <= 4; k++) {
            double t = k / 4.0;
            svg.rect(keyX, topEdge + k * 22, 18, 18, blues(t), null);
            svg.text(keyX + 24, topEdge + k * 22 + 13, Svg.number(min + t * (max - min)), "start", 11, Svg.INK);
        }
        String caption = "Redundancy between the " + n + " best ranked features that have pairs in " + run.path() + "/"
                + OutrankJob.PAIRWISE_TABLE + ": " + (value.equals("nmi")
                ? "normalised MI of the two features, MI(A;B) / mean(H(A), H(B)), 0 = independent, 1 = one determines the other. "
                + "It is not corrected for chance: a feature with many values looks somewhat redundant with every other."
                : "OutRank's pair score.") + " Hover a cell for its value.";
        return Chart.drawn(REDUNDANCY, title, caption, svg.render());
    }

    /** White to dark blue, for t in [0, 1]. */
    static String blues(double t) {
        double clamped = Double.isFinite(t) ? Math.max(0, Math.min(1, t)) : 0;
        int r = (int) Math.round(247 + clamped * (8 - 247));
        int g = (int) Math.round(251 + clamped * (48 - 251));
        int b = (int) Math.round(255 + clamped * (107 - 255));
        return String.format("#%02x%02x%02x", r, g, b);
    }
}
