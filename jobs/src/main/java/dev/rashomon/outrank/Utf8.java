package dev.rashomon.outrank;

/** Small text measures of a value for the feature profile. */
final class Utf8 {
    private Utf8() {
    }

    /** UTF-8 bytes of the value without leading and trailing whitespace (OutRank's memory measure). */
    static int strippedLength(String value) {
        String stripped = value.strip();
        int bytes = 0;
        for (int i = 0; i < stripped.length(); i++) {
            char c = stripped.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** The value as a finite number, or NaN when it is not one. */
    static double number(String value) {
        if (value.isEmpty() || value.length() > 40) {
            return Double.NaN;
        }
        char first = value.charAt(0);
        if (!(Character.isDigit(first) || first == '-' || first == '+' || first == '.')) {
            return Double.NaN;
        }
        try {
            double number = Double.parseDouble(value);
            return Double.isFinite(number) ? number : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
