package dev.rashomon.report;

import java.util.List;

/**
 * Horizontal bars, one per item in the given order, labelled with their names on the left and
 * their values at the bar's end; an item with a range gets an error bar [lo, hi] over its bar.
 */
final class BarChart {
    /** One bar; {@code lo} and {@code hi} are NaN when there is no range. */
    record Bar(String name, double value, double lo, double hi) {
        boolean hasRange() {
            return !Double.isNaN(lo) && !Double.isNaN(hi);
        }
    }

    private static final int WIDTH = 1100;
    private static final int ROW = 22;

    private BarChart() {
    }

    static String draw(List<Bar> bars, String axisTitle, String label, String colour) {
        double min = 0;
        double max = 0;
        boolean ranges = false;
        for (Bar bar : bars) {
            min = Math.min(min, Math.min(bar.value(), bar.hasRange() ? bar.lo() : bar.value()));
            max = Math.max(max, Math.max(bar.value(), bar.hasRange() ? bar.hi() : bar.value()));
            ranges |= bar.hasRange();
        }
        double labelWidth = Math.min(300, 12 + bars.stream().mapToDouble(b -> Svg.textWidth(Svg.shorten(b.name(), 45)))
                .max().orElse(40));
        Svg.Frame frame = new Svg.Frame(labelWidth + 10, 30, WIDTH - labelWidth - 90, bars.size() * ROW);
        int height = (int) frame.bottom() + 50;
        Scale x = Scale.linear(min, max, frame.left(), frame.right());
        Svg svg = new Svg(WIDTH, height, label);
        svg.bottomAxis(x, frame, axisTitle);
        if (ranges) {
            svg.line(frame.right() - 210, 14, frame.right() - 190, 14, Svg.INK, 1.5)
                    .text(frame.right() - 185, 18, "range [lo, hi] over the set", "start", 11, Svg.MUTED);
        }
        double zero = x.apply(0);
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            double top = frame.top() + i * ROW + 3;
            double end = x.apply(bar.value());
            String tooltip = bar.name() + ": " + Svg.number(bar.value())
                    + (bar.hasRange() ? " [" + Svg.number(bar.lo()) + ", " + Svg.number(bar.hi()) + "]" : "");
            svg.rect(Math.min(zero, end), top, Math.abs(end - zero), ROW - 6, colour, tooltip);
            svg.text(frame.left() - 8, top + ROW / 2.0 + 1, Svg.shorten(bar.name(), 45), "end");
            double labelAt = Math.max(end, zero);
            if (bar.hasRange()) {
                double lo = x.apply(bar.lo());
                double hi = x.apply(bar.hi());
                double mid = top + (ROW - 6) / 2.0;
                svg.line(lo, mid, hi, mid, Svg.INK, 1.5).line(lo, mid - 5, lo, mid + 5, Svg.INK, 1.5)
                        .line(hi, mid - 5, hi, mid + 5, Svg.INK, 1.5);
                labelAt = Math.max(labelAt, hi);
            }
            svg.text(labelAt + 5, top + ROW / 2.0 + 1, Svg.number(bar.value()), "start", 11, Svg.MUTED);
        }
        svg.line(zero, frame.top(), zero, frame.bottom(), Svg.INK, 1);
        return svg.render();
    }
}
