package dev.rashomon.report;

import static org.apache.spark.sql.functions.col;

import dev.rashomon.rashomon.RashomonJob;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The charts of a rashomon run: model class reliance as a ranking with [MCR−, MCR+] error bars and
 * as ranges per ε, the FIS cloud of the pool, and the exploration's Halo and swarm plots.
 */
final class RashomonCharts {
    static final String MCR = "mcr";
    static final String MCR_RANGES = "mcr_ranges";
    static final String FIS_CLOUD = "fis_cloud";
    static final String HALO = "halo";
    static final String SWARM = "swarm";
    private static final int HALO_PANELS = 6;
    private static final int SWARM_TARGETS = 24;

    private final RunFolder run;
    private final int top;

    RashomonCharts(RunFolder run, int top) {
        this.run = run;
        this.top = top;
    }

    static List<Chart> absent(String reason) {
        return List.of(Chart.skipped(MCR, "Model class reliance", reason), Chart.skipped(MCR_RANGES, "MCR ranges by ε", reason),
                Chart.skipped(FIS_CLOUD, "FIS cloud", reason), Chart.skipped(HALO, "Halo plot", reason),
                Chart.skipped(SWARM, "Swarm plot", reason));
    }

    List<Chart> charts() {
        List<Chart> charts = new ArrayList<>();
        List<Row> mcr = run.readRequired(RashomonJob.MCR, "feature", "epsilon", "set_size", "mr_diff_ref", "mr_ratio_ref",
                "mcr_minus_diff", "mcr_plus_diff", "mcr_minus_ratio", "mcr_plus_ratio").where(col("set_size").gt(0))
                .collectAsList();
        charts.add(mcrRanking(mcr));
        charts.add(mcrRanges(mcr));
        charts.add(fisCloud());
        charts.add(halo());
        charts.add(swarm());
        return charts;
    }

    private static double largestEpsilon(List<Row> rows) {
        return rows.stream().mapToDouble(r -> RunFolder.number(r, "epsilon")).max().orElse(Double.NaN);
    }

    private Chart mcrRanking(List<Row> mcr) {
        String title = "Model class reliance";
        if (mcr.isEmpty()) {
            return Chart.skipped(MCR, title, RashomonJob.MCR + " has no non-empty Rashomon set");
        }
        double epsilon = largestEpsilon(mcr);
        List<BarChart.Bar> bars = mcr.stream().filter(r -> RunFolder.number(r, "epsilon") == epsilon)
                .map(r -> new BarChart.Bar(RunFolder.text(r, "feature"), RunFolder.number(r, "mr_diff_ref"),
                        RunFolder.number(r, "mcr_minus_diff"), RunFolder.number(r, "mcr_plus_diff")))
                .sorted(Comparator.comparingDouble(BarChart.Bar::value).reversed().thenComparing(BarChart.Bar::name))
                .limit(top).toList();
        int setSize = (int) mcr.stream().filter(r -> RunFolder.number(r, "epsilon") == epsilon).findFirst()
                .map(r -> RunFolder.number(r, "set_size")).orElse(0.0).doubleValue();
        String caption = "Features ranked by the reference model's reliance (bar: MR difference, the loss increase when the "
                + "feature is perturbed); the error bar is [MCR−, MCR+], the least and the most any of the " + setSize
                + " models of the Rashomon set at ε = " + Svg.number(epsilon) + " relies on it. From " + run.path() + "/"
                + RashomonJob.MCR + ".";
        return Chart.drawn(MCR, title, caption, BarChart.draw(bars, "model reliance (loss increase, difference form)",
                "model class reliance ranking", Svg.PALETTE.get(3)));
    }

    private Chart mcrRanges(List<Row> mcr) {
        String title = "MCR ranges by ε";
        if (mcr.isEmpty()) {
            return Chart.skipped(MCR_RANGES, title, RashomonJob.MCR + " has no non-empty Rashomon set");
        }
        double largest = largestEpsilon(mcr);
        List<String> features = mcr.stream().filter(r -> RunFolder.number(r, "epsilon") == largest)
                .sorted(Comparator.comparingDouble((Row r) -> RunFolder.number(r, "mcr_plus_ratio")).reversed()
                        .thenComparing(r -> RunFolder.text(r, "feature")))
                .map(r -> RunFolder.text(r, "feature")).limit(top).toList();
        List<Double> epsilons = new ArrayList<>(new TreeSet<>(mcr.stream().map(r -> RunFolder.number(r, "epsilon")).toList()));
        Map<String, Row> byKey = new LinkedHashMap<>();
        double low = 1;
        double high = 1;
        for (Row r : mcr) {
            byKey.put(RunFolder.text(r, "feature") + "\u0000" + RunFolder.number(r, "epsilon"), r);
            if (features.contains(RunFolder.text(r, "feature"))) {
                low = Math.min(low, RunFolder.number(r, "mcr_minus_ratio"));
                high = Math.max(high, RunFolder.number(r, "mcr_plus_ratio"));
            }
        }
        double labelWidth = Math.min(300, 12 + features.stream().mapToDouble(f -> Svg.textWidth(Svg.shorten(f, 45))).max()
                .orElse(40));
        int rowHeight = Math.max(22, 6 * epsilons.size() + 10);
        Svg.Frame frame = new Svg.Frame(labelWidth + 10, 40, 1100 - labelWidth - 60, features.size() * rowHeight);
        Scale x = Scale.linear(low, high, frame.left(), frame.right());
        Svg svg = new Svg(1100, (int) frame.bottom() + 50, "model class reliance ranges by epsilon");
        svg.bottomAxis(x, frame, "model reliance ratio (loss when perturbed / original loss; 1 = not relied on)");
        svg.line(x.apply(1), frame.top(), x.apply(1), frame.bottom(), Svg.INK, 1, "4 3");
        List<String> names = new ArrayList<>();
        List<String> colours = new ArrayList<>();
        for (int e = 0; e < epsilons.size(); e++) {
            names.add("ε = " + Svg.number(epsilons.get(e)));
            colours.add(Svg.PALETTE.get(e % Svg.PALETTE.size()));
        }
        svg.legend(frame.left(), 20, names, colours);
        for (int i = 0; i < features.size(); i++) {
            String feature = features.get(i);
            double rowTop = frame.top() + i * rowHeight;
            svg.text(frame.left() - 8, rowTop + rowHeight / 2.0 + 4, Svg.shorten(feature, 45), "end");
            for (int e = 0; e < epsilons.size(); e++) {
                Row r = byKey.get(feature + "\u0000" + epsilons.get(e));
                if (r == null) {
                    continue;
                }
                double y = rowTop + 8 + e * 6;
                double lo = RunFolder.number(r, "mcr_minus_ratio");
                double hi = RunFolder.number(r, "mcr_plus_ratio");
                // At least 3 px wide, so a one-model set (a range of zero width) still shows.
                svg.rect(x.apply(lo) - 1.5, y - 1.5, Math.max(3, x.apply(hi) - x.apply(lo) + 3), 3, colours.get(e),
                        feature + " at ε = " + Svg.number(epsilons.get(e)) + ": [" + Svg.number(lo) + ", " + Svg.number(hi)
                                + "], " + (long) RunFolder.number(r, "set_size") + " models");
            }
            Row ref = byKey.get(feature + "\u0000" + largest);
            double refValue = RunFolder.number(ref, "mr_ratio_ref");
            svg.circle(x.apply(refValue), rowTop + rowHeight / 2.0, 3.5, Svg.INK, feature + ": reference " + Svg.number(refValue));
        }
        String caption = "Per feature, the range [MCR−, MCR+] of model reliance (ratio form) over the Rashomon set at "
                + "each ε, growing with ε; the black dot is the reference model. Features ordered by MCR+ at ε = "
                + Svg.number(largest) + ". From " + run.path() + "/" + RashomonJob.MCR + ".";
        return Chart.drawn(MCR_RANGES, title, caption, svg.render());
    }

    private Chart fisCloud() {
        String title = "FIS cloud";
        List<Row> pool = run.readRequired(RashomonJob.FIS_CLOUD, "source", "set_size", "epsilon", "pair", "min", "max", "mean",
                "ref", "sign_change").where(col("source").equalTo("pool").and(col("set_size").gt(0)))
                .collectAsList();
        if (pool.isEmpty()) {
            return Chart.skipped(FIS_CLOUD, title, RashomonJob.FIS_CLOUD + " has no pool pairs (the run had rashomon.pairs: none)");
        }
        double epsilon = largestEpsilon(pool);
        List<Row> rows = pool.stream().filter(r -> RunFolder.number(r, "epsilon") == epsilon)
                .sorted(Comparator.comparingDouble((Row r) -> RunFolder.number(r, "max") - RunFolder.number(r, "min")).reversed()
                        .thenComparing(r -> RunFolder.text(r, "pair")))
                .limit(top).toList();
        double low = 0;
        double high = 0;
        for (Row r : rows) {
            low = Math.min(low, RunFolder.number(r, "min"));
            high = Math.max(high, RunFolder.number(r, "max"));
        }
        double labelWidth = Math.min(320, 12 + rows.stream().mapToDouble(r -> Svg.textWidth(Svg.shorten(
                RunFolder.text(r, "pair"), 50))).max().orElse(40));
        int rowHeight = 24;
        Svg.Frame frame = new Svg.Frame(labelWidth + 10, 40, 1100 - labelWidth - 60, rows.size() * rowHeight);
        Scale x = Scale.linear(low, high, frame.left(), frame.right());
        Svg svg = new Svg(1100, (int) frame.bottom() + 50, "feature interaction score cloud");
        svg.bottomAxis(x, frame, "feature interaction score (φ_ab − φ_a − φ_b, loss)");
        svg.line(x.apply(0), frame.top(), x.apply(0), frame.bottom(), Svg.INK, 1, "4 3");
        String keeps = Svg.PALETTE.get(0);
        String changes = Svg.PALETTE.get(2);
        svg.legend(frame.left(), 20, List.of("one sign over the set", "sign changes inside the set", "reference"),
                List.of(keeps, changes, Svg.INK));
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            double y = frame.top() + i * rowHeight + rowHeight / 2.0;
            String pair = RunFolder.text(r, "pair");
            boolean signChange = Boolean.parseBoolean(RunFolder.text(r, "sign_change"));
            double min = RunFolder.number(r, "min");
            double max = RunFolder.number(r, "max");
            double mean = RunFolder.number(r, "mean");
            double ref = RunFolder.number(r, "ref");
            svg.text(frame.left() - 8, y + 4, Svg.shorten(pair, 50), "end");
            svg.rect(x.apply(min), y - 5, Math.max(2, x.apply(max) - x.apply(min)), 10, signChange ? changes : keeps,
                    pair + ": [" + Svg.number(min) + ", " + Svg.number(max) + "], mean " + Svg.number(mean) + ", reference "
                            + Svg.number(ref));
            svg.line(x.apply(mean), y - 8, x.apply(mean), y + 8, Svg.INK, 1.5);
            svg.circle(x.apply(ref), y, 3.5, Svg.INK, pair + ": reference " + Svg.number(ref));
        }
        String caption = "Per pair of features, the range of the feature interaction score over the " + (long) RunFolder.number(
                rows.get(0), "set_size") + " models of the Rashomon set at ε = " + Svg.number(epsilon)
                + " (source pool); the tick is the mean, the dot the reference model. Red: equally good models disagree "
                + "on the interaction's sign. From " + run.path() + "/" + RashomonJob.FIS_CLOUD + ".";
        return Chart.drawn(FIS_CLOUD, title, caption, svg.render());
    }

    private Chart halo() {
        String title = "Halo plot";
        if (!run.has(RashomonJob.HALO)) {
            return Chart.skipped(HALO, title, RashomonJob.HALO + " not written (the run had no rashomon.exploration)");
        }
        Map<String, List<Row>> byPair = new LinkedHashMap<>();
        for (Row r : run.read(RashomonJob.HALO, "pair", "angle", "feature_a", "feature_b", "model", "expected_radius",
                "empirical_radius", "empirical_x", "empirical_y").orderBy("pair", "angle").collectAsList()) {
            byPair.computeIfAbsent(RunFolder.text(r, "pair"), p -> new ArrayList<>()).add(r);
        }
        if (byPair.isEmpty()) {
            return Chart.skipped(HALO, title, RashomonJob.HALO + " is empty");
        }
        List<String> pairs = byPair.keySet().stream().limit(HALO_PANELS).toList();
        int columns = 3;
        int panel = 360;
        int rowsOfPanels = (pairs.size() + columns - 1) / columns;
        Svg svg = new Svg(1100, rowsOfPanels * panel + 30, "halo plots");
        svg.legend(70, 18, List.of("expected radius (additive)", "explored models (empirical)"),
                List.of(Svg.MUTED, Svg.PALETTE.get(2)));
        for (int p = 0; p < pairs.size(); p++) {
            List<Row> rows = byPair.get(pairs.get(p));
            double radius = 0;
            for (Row r : rows) {
                radius = Math.max(radius, Math.max(RunFolder.number(r, "expected_radius"),
                        Math.max(Math.abs(RunFolder.number(r, "empirical_x")), Math.abs(RunFolder.number(r, "empirical_y")))));
            }
            double left = 70 + (p % columns) * 365;
            double topEdge = 50 + (p / columns) * panel;
            Svg.Frame frame = new Svg.Frame(left, topEdge, 260, 260);
            Scale x = Scale.linear(-radius * 1.05, radius * 1.05, frame.left(), frame.right());
            Scale y = Scale.linear(-radius * 1.05, radius * 1.05, frame.bottom(), frame.top());
            Row first = rows.get(0);
            svg.bottomAxis(x, frame, RunFolder.text(first, "feature_a")).leftAxis(y, frame, RunFolder.text(first, "feature_b"));
            svg.line(x.apply(0), frame.top(), x.apply(0), frame.bottom(), Svg.MUTED, 0.8)
                    .line(frame.left(), y.apply(0), frame.right(), y.apply(0), Svg.MUTED, 0.8);
            double expected = RunFolder.number(first, "expected_radius");
            svg.ring(x.apply(0), y.apply(0), x.apply(expected) - x.apply(0), Svg.MUTED, 1.5, "5 4");
            List<double[]> outline = new ArrayList<>();
            for (Row r : rows) {
                outline.add(new double[] {x.apply(RunFolder.number(r, "empirical_x")), y.apply(RunFolder.number(r, "empirical_y"))});
            }
            svg.polyline(outline, Svg.PALETTE.get(2), 1.5, true);
            for (Row r : rows) {
                svg.circle(x.apply(RunFolder.number(r, "empirical_x")), y.apply(RunFolder.number(r, "empirical_y")), 3,
                        Svg.PALETTE.get(2), RunFolder.text(r, "model") + ": angle " + Svg.number(RunFolder.number(r, "angle"))
                                + ", empirical radius " + Svg.number(RunFolder.number(r, "empirical_radius")) + ", expected "
                                + Svg.number(RunFolder.number(r, "expected_radius")));
            }
            svg.text(frame.left() + frame.width() / 2, frame.top() - 8, Svg.shorten(pairs.get(p), 40), "middle");
        }
        String caption = "For each explored pair (" + pairs.size() + " of " + byPair.size() + " shown), the 36 pair models "
                + "of the exploration at their angle (budget split and sign quadrant): the dashed circle is the loss excess "
                + "ε that additive effects would give, the red outline the excess actually measured. A halo off the circle "
                + "means the two features interact. From " + run.path() + "/" + RashomonJob.HALO + ".";
        return Chart.drawn(HALO, title, caption, svg.render());
    }

    private Chart swarm() {
        String title = "Swarm plot";
        if (!run.has(RashomonJob.SWARM)) {
            return Chart.skipped(SWARM, title, RashomonJob.SWARM + " not written (the run had no rashomon.exploration)");
        }
        Dataset<Row> table = run.read(RashomonJob.SWARM, "variant", "kind", "target", "model", "value", "excess_loss");
        List<String> variants = table.select("variant").distinct().collectAsList().stream().map(r -> r.getString(0)).toList();
        if (variants.isEmpty()) {
            return Chart.skipped(SWARM, title, RashomonJob.SWARM + " is empty");
        }
        String variant = variants.contains("consistent") ? "consistent" : variants.get(0);
        List<Row> rows = table.where(col("variant").equalTo(variant)).orderBy("kind", "target", "model").collectAsList();
        Map<String, List<Row>> byTarget = new LinkedHashMap<>();
        for (String kind : List.of("main_effect", "fis")) {
            for (Row r : rows) {
                if (RunFolder.text(r, "kind").equals(kind) && (byTarget.size() < SWARM_TARGETS
                        || byTarget.containsKey(RunFolder.text(r, "target")))) {
                    byTarget.computeIfAbsent(RunFolder.text(r, "target"), t -> new ArrayList<>()).add(r);
                }
            }
        }
        double low = 0;
        double high = 0;
        double worst = 0;
        for (List<Row> group : byTarget.values()) {
            for (Row r : group) {
                low = Math.min(low, RunFolder.number(r, "value"));
                high = Math.max(high, RunFolder.number(r, "value"));
                worst = Math.max(worst, RunFolder.number(r, "excess_loss"));
            }
        }
        List<String> targets = new ArrayList<>(byTarget.keySet());
        double labelWidth = Math.min(300, 12 + targets.stream().mapToDouble(t -> Svg.textWidth(Svg.shorten(t, 45)))
                .max().orElse(40));
        int band = 46;
        Svg.Frame frame = new Svg.Frame(labelWidth + 30, 40, 1100 - labelWidth - 80, targets.size() * band);
        Scale x = Scale.linear(low, high, frame.left(), frame.right());
        Svg svg = new Svg(1100, (int) frame.bottom() + 50, "swarm plot of main effects and interaction scores");
        svg.bottomAxis(x, frame, "effect (main effects: loss increase; fis: interaction score)");
        svg.line(x.apply(0), frame.top(), x.apply(0), frame.bottom(), Svg.INK, 1, "4 3");
        List<String> keyNames = new ArrayList<>();
        List<String> keyColours = new ArrayList<>();
        for (int k = 0; k <= 4; k++) {
            keyNames.add((k == 0 ? "excess loss " : "") + Svg.number(k / 4.0 * worst));
            keyColours.add(RankingCharts.blues(0.2 + 0.8 * k / 4.0));
        }
        svg.legend(frame.left(), 24, keyNames, keyColours);
        double ringAt = frame.left() + keyNames.stream().mapToDouble(n -> Svg.textWidth(n) + 34).sum() + 10;
        svg.ring(ringAt, 20, 4, "#000000", 2, null).text(ringAt + 10, 24, "reference", "start", 12, Svg.INK);
        for (int i = 0; i < targets.size(); i++) {
            String target = targets.get(i);
            double centre = frame.top() + i * band + band / 2.0;
            if (i > 0 && !RunFolder.text(byTarget.get(target).get(0), "kind").equals(
                    RunFolder.text(byTarget.get(targets.get(i - 1)).get(0), "kind"))) {
                svg.line(frame.left() - labelWidth, frame.top() + i * band, frame.right(), frame.top() + i * band, Svg.MUTED, 1);
            }
            String kind = RunFolder.text(byTarget.get(target).get(0), "kind");
            svg.text(frame.left() - 8, centre + 4, Svg.shorten(target, 45), "end")
                    .text(frame.left() - 8, centre + 16, kind.equals("fis") ? "interaction" : "main effect", "end", 10, Svg.MUTED);
            List<double[]> placed = new ArrayList<>();
            List<Row> group = new ArrayList<>(byTarget.get(target));
            group.sort(Comparator.comparingDouble(r -> RunFolder.number(r, "value")));
            for (Row r : group) {
                double px = x.apply(RunFolder.number(r, "value"));
                double offset = beeswarmOffset(placed, px, 3.2, band / 2.0 - 4);
                placed.add(new double[] {px, offset});
                double py = centre + offset;
                String model = RunFolder.text(r, "model");
                double excess = RunFolder.number(r, "excess_loss");
                String tip = target + ", " + model + ": " + Svg.number(RunFolder.number(r, "value")) + " (excess loss "
                        + Svg.number(excess) + ")";
                svg.circle(px, py, 3.2, RankingCharts.blues(0.2 + 0.8 * (worst > 0 ? excess / worst : 0)), tip);
                if (model.equals("reference")) {
                    svg.ring(px, py, 4.5, "#000000", 2, null);
                }
            }
        }
        String caption = "Each dot is one model of the exploration (variant " + variant + "), placed at its main effect "
                + "or interaction score and coloured by its loss above the reference (darker = worse, all within the "
                + "explored ε); the ringed dot is the reference. From " + run.path() + "/" + RashomonJob.SWARM + ".";
        return Chart.drawn(SWARM, title, caption, svg.render());
    }

    /**
     * The smallest vertical offset (0, +r, −r, +2r, …, within ±limit) at which a dot of radius r at x
     * overlaps no dot already placed ({x, offset} pairs); 0 when the band is full.
     */
    static double beeswarmOffset(List<double[]> placed, double x, double r, double limit) {
        double step = r;
        for (int k = 0; k * step <= limit; k++) {
            for (int sign : k == 0 ? new int[] {1} : new int[] {1, -1}) {
                double dy = sign * k * step;
                boolean free = true;
                for (double[] p : placed) {
                    double dx = p[0] - x;
                    double ddy = p[1] - dy;
                    if (dx * dx + ddy * ddy < 4 * r * r) {
                        free = false;
                        break;
                    }
                }
                if (free) {
                    return dy;
                }
            }
        }
        return 0;
    }
}
