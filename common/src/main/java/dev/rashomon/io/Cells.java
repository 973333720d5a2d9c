package dev.rashomon.io;

/** Reading one cell of a table whose columns may be typed (Parquet) or text (CSV). */
public final class Cells {
    private Cells() {
    }

    /** A number from a numeric or text cell; null for anything else (text that is not a number, null). */
    public static Double number(Object raw) {
        if (raw instanceof Number n) {
            return n.doubleValue();
        }
        if (raw instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
