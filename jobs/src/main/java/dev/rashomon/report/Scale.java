package dev.rashomon.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Maps data values to pixels along one axis, linear or log10, and gives the axis its ticks.
 * Linear ticks are multiples of 1, 2 or 5 × 10^k (about one per 90 pixels); the domain is widened to
 * the ticks around it, so the first and last tick sit on the ends of the axis. Log ticks are the
 * powers of ten, plus 2 and 5 times them when the domain spans less than two decades.
 */
public final class Scale {
    private final boolean log;
    private final double lo;
    private final double hi;
    private final double from;
    private final double to;
    private final double step;

    private Scale(boolean log, double lo, double hi, double from, double to, double step) {
        this.log = log;
        this.lo = lo;
        this.hi = hi;
        this.from = from;
        this.to = to;
        this.step = step;
    }

    /** A linear scale over [min, max] (widened to nice ticks) onto the pixels [from, to]. */
    public static Scale linear(double min, double max, double from, double to) {
        if (!(min <= max) || !Double.isFinite(min) || !Double.isFinite(max)) {
            min = 0;
            max = 1;
        }
        if (min == max) {
            double pad = min == 0 ? 1 : Math.abs(min) * 0.1;
            min -= pad;
            max += pad;
        }
        // About one tick per 90 pixels, at least four.
        double step = niceStep((max - min) / Math.max(4, Math.abs(to - from) / 90));
        double lo = Math.floor(min / step + 1e-9) * step;
        double hi = Math.ceil(max / step - 1e-9) * step;
        return new Scale(false, lo, hi, from, to, step);
    }

    /** A log10 scale over [min, max] (both > 0; widened to whole decades) onto [from, to]. */
    public static Scale log(double min, double max, double from, double to) {
        if (!(min > 0) || !(max >= min) || !Double.isFinite(max)) {
            min = 1;
            max = 10;
        }
        double lo = Math.pow(10, Math.floor(Math.log10(min) + 1e-9));
        double hi = Math.pow(10, Math.ceil(Math.log10(max) - 1e-9));
        if (hi <= lo) {
            hi = lo * 10;
        }
        return new Scale(true, lo, hi, from, to, 0);
    }

    /** 1, 2 or 5 × 10^k, the one nearest {@code rough} on a log scale (d3's rule: thresholds √2, √10, √50). */
    static double niceStep(double rough) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
        double fraction = rough / magnitude;
        double nice = fraction >= Math.sqrt(50) ? 10 : fraction >= Math.sqrt(10) ? 5 : fraction >= Math.sqrt(2) ? 2 : 1;
        return nice * magnitude;
    }

    public double apply(double value) {
        double t = log ? (Math.log10(value) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))
                : (value - lo) / (hi - lo);
        return from + t * (to - from);
    }

    public double min() {
        return lo;
    }

    public double max() {
        return hi;
    }

    public boolean isLog() {
        return log;
    }

    public List<Double> ticks() {
        List<Double> ticks = new ArrayList<>();
        if (log) {
            int first = (int) Math.round(Math.log10(lo));
            int last = (int) Math.round(Math.log10(hi));
            boolean fine = last - first < 2;
            for (int k = first; k <= last; k++) {
                double decade = Math.pow(10, k);
                ticks.add(decade);
                if (fine && k < last) {
                    ticks.add(2 * decade);
                    ticks.add(5 * decade);
                }
            }
            return ticks;
        }
        long count = Math.round((hi - lo) / step);
        for (long i = 0; i <= count; i++) {
            double tick = lo + i * step;
            ticks.add(Math.abs(tick) < step * 1e-9 ? 0.0 : tick);
        }
        return ticks;
    }

    /** A tick's label: as many decimals as the step needs (linear), or the plain power (log). */
    public String label(double tick) {
        if (log) {
            if (tick >= 1e7 || tick < 1e-3) {
                long exponent = (long) Math.floor(Math.log10(tick) + 1e-9);
                return Math.round(tick / Math.pow(10, exponent)) + "e" + exponent;
            }
            if (tick >= 1000) {
                return String.format(Locale.ROOT, "%,d", Math.round(tick));
            }
            return new BigDecimal(tick, MathContext.DECIMAL64).round(new MathContext(3)).stripTrailingZeros().toPlainString();
        }
        double biggest = Math.max(Math.abs(lo), Math.abs(hi));
        if (biggest >= 1e6 || step < 1e-4) {
            return String.format(Locale.ROOT, "%.2e", tick);
        }
        int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
        return String.format(Locale.ROOT, "%." + decimals + "f", tick);
    }
}
