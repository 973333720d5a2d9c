package dev.rashomon.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Locale;

/**
 * Builds one inline SVG element: shapes, text, axes with ticks, a legend. Every text is escaped;
 * coordinates are written with one decimal. Shapes may carry a tooltip (an SVG {@code <title>}).
 */
public final class Svg {
    /** Tableau 10: distinct, readable on white, fine for most colour-vision deficiencies. */
    public static final List<String> PALETTE = List.of("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
            "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac");
    public static final String INK = "#333333";
    public static final String MUTED = "#777777";
    public static final String GRID = "#e6e6e6";
    private static final int FONT = 12;

    /** The plot area inside the margins. */
    public record Frame(double left, double top, double width, double height) {
        public double right() {
            return left + width;
        }

        public double bottom() {
            return top + height;
        }
    }

    private final StringBuilder out = new StringBuilder();

    public Svg(int width, int height, String label) {
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\" role=\"img\" aria-label=\"")
                .append(escape(label)).append("\" font-family=\"sans-serif\" font-size=\"").append(FONT).append("\">\n");
    }

    public Svg rect(double x, double y, double w, double h, String fill, String tooltip) {
        out.append("<rect x=\"").append(px(x)).append("\" y=\"").append(px(y)).append("\" width=\"").append(px(Math.max(0, w)))
                .append("\" height=\"").append(px(Math.max(0, h))).append("\" fill=\"").append(fill).append('"');
        return close("rect", tooltip);
    }

    public Svg line(double x1, double y1, double x2, double y2, String stroke, double width) {
        return line(x1, y1, x2, y2, stroke, width, null);
    }

    /** A line; {@code dash} is an SVG dash pattern ("4 3") or null for a solid line. */
    public Svg line(double x1, double y1, double x2, double y2, String stroke, double width, String dash) {
        out.append("<line x1=\"").append(px(x1)).append("\" y1=\"").append(px(y1)).append("\" x2=\"").append(px(x2))
                .append("\" y2=\"").append(px(y2)).append("\" stroke=\"").append(stroke).append("\" stroke-width=\"")
                .append(px(width)).append('"');
        if (dash != null) {
            out.append(" stroke-dasharray=\"").append(dash).append('"');
        }
        out.append("/>\n");
        return this;
    }

    public Svg circle(double cx, double cy, double r, String fill, String tooltip) {
        out.append("<circle cx=\"").append(px(cx)).append("\" cy=\"").append(px(cy)).append("\" r=\"").append(px(r))
                .append("\" fill=\"").append(fill).append("\" fill-opacity=\"0.85\"");
        return close("circle", tooltip);
    }

    /** An open circle (outline only). */
    public Svg ring(double cx, double cy, double r, String stroke, double width, String dash) {
        out.append("<circle cx=\"").append(px(cx)).append("\" cy=\"").append(px(cy)).append("\" r=\"").append(px(r))
                .append("\" fill=\"none\" stroke=\"").append(stroke).append("\" stroke-width=\"").append(px(width)).append('"');
        if (dash != null) {
            out.append(" stroke-dasharray=\"").append(dash).append('"');
        }
        out.append("/>\n");
        return this;
    }

    /** A polyline through {x, y} points; {@code closed} makes it a polygon outline. */
    public Svg polyline(List<double[]> points, String stroke, double width, boolean closed) {
        out.append(closed ? "<polygon" : "<polyline").append(" points=\"");
        for (double[] p : points) {
            out.append(px(p[0])).append(',').append(px(p[1])).append(' ');
        }
        out.append("\" fill=\"none\" stroke=\"").append(stroke).append("\" stroke-width=\"").append(px(width))
                .append("\" stroke-linejoin=\"round\"/>\n");
        return this;
    }

    /** Text at (x, y); {@code anchor} is start, middle or end. */
    public Svg text(double x, double y, String text, String anchor, int size, String fill) {
        out.append("<text x=\"").append(px(x)).append("\" y=\"").append(px(y)).append("\" text-anchor=\"").append(anchor)
                .append('"');
        if (size != FONT) {
            out.append(" font-size=\"").append(size).append('"');
        }
        out.append(" fill=\"").append(fill).append("\">").append(escape(text)).append("</text>\n");
        return this;
    }

    public Svg text(double x, double y, String text, String anchor) {
        return text(x, y, text, anchor, FONT, INK);
    }

    /** Text turned 90° anticlockwise about (x, y): a y-axis title. */
    public Svg verticalText(double x, double y, String text) {
        return rotatedText(x, y, text, -90, "middle");
    }

    /** Text turned by {@code degrees} (negative: anticlockwise) about (x, y). */
    public Svg rotatedText(double x, double y, String text, double degrees, String anchor) {
        out.append("<text x=\"").append(px(x)).append("\" y=\"").append(px(y)).append("\" text-anchor=\"").append(anchor)
                .append("\" fill=\"").append(INK).append("\" transform=\"rotate(").append(px(degrees)).append(' ')
                .append(px(x)).append(' ').append(px(y)).append(")\">").append(escape(text)).append("</text>\n");
        return this;
    }

    /** The x axis along the frame's bottom: baseline, ticks, tick labels, vertical grid lines, title. */
    public Svg bottomAxis(Scale x, Frame frame, String title) {
        for (double tick : x.ticks()) {
            double at = x.apply(tick);
            line(at, frame.top(), at, frame.bottom(), GRID, 1);
            line(at, frame.bottom(), at, frame.bottom() + 5, INK, 1);
            text(at, frame.bottom() + 18, x.label(tick), "middle");
        }
        line(frame.left(), frame.bottom(), frame.right(), frame.bottom(), INK, 1);
        return text(frame.left() + frame.width() / 2, frame.bottom() + 38, title, "middle");
    }

    /** The y axis along the frame's left side: baseline, ticks, tick labels, horizontal grid lines, title. */
    public Svg leftAxis(Scale y, Frame frame, String title) {
        for (double tick : y.ticks()) {
            double at = y.apply(tick);
            line(frame.left(), at, frame.right(), at, GRID, 1);
            line(frame.left() - 5, at, frame.left(), at, INK, 1);
            text(frame.left() - 8, at + 4, y.label(tick), "end");
        }
        line(frame.left(), frame.top(), frame.left(), frame.bottom(), INK, 1);
        return verticalText(frame.left() - 52, frame.top() + frame.height() / 2, title);
    }

    /** A row of coloured swatches with names, starting at (x, y). */
    public Svg legend(double x, double y, List<String> names, List<String> colours) {
        double at = x;
        for (int i = 0; i < names.size(); i++) {
            rect(at, y - 9, 12, 12, colours.get(i), null);
            text(at + 16, y + 1, names.get(i), "start");
            at += 16 + textWidth(names.get(i)) + 18;
        }
        return this;
    }

    /** Roughly how wide a text is at the default font size (sans-serif averages about 0.6 em). */
    public static double textWidth(String text) {
        return text.length() * FONT * 0.6;
    }

    /** A long label cut to {@code max} characters with an ellipsis. */
    public static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    public String render() {
        return out + "</svg>";
    }

    private Svg close(String element, String tooltip) {
        if (tooltip == null) {
            out.append("/>\n");
        } else {
            out.append("><title>").append(escape(tooltip)).append("</title></").append(element).append(">\n");
        }
        return this;
    }

    /** Escapes text for HTML and SVG, in content and in quoted attributes. */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> {
                    // Control characters (U+001F joins combination values) are not allowed in XML 1.0.
                    if (c < 0x20 && c != '\n' && c != '\t') {
                        escaped.append('·');
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }

    /** A value as the report prints it: four significant digits, plain between 0.001 and 10^6. */
    public static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (value == 0) {
            return "0";
        }
        double abs = Math.abs(value);
        if (abs >= 1e-3 && abs < 1e6) {
            return new BigDecimal(value).round(new MathContext(4)).stripTrailingZeros().toPlainString();
        }
        return String.format(Locale.ROOT, "%.3e", value);
    }

    static String px(double value) {
        double rounded = Math.round(value * 10) / 10.0;
        return rounded == Math.rint(rounded) ? Long.toString((long) rounded) : Double.toString(rounded);
    }
}
