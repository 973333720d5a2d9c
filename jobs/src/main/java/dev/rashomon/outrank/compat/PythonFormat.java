package dev.rashomon.outrank.compat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Python and NumPy arithmetic and formatting that OutRank's outputs depend on: {@code repr} of a
 * float, {@code round(x, 1)}, {@code str.strip()}, and NumPy's pairwise summation.
 */
public final class PythonFormat {
    private PythonFormat() {
    }

    /** Python's {@code repr(float)}: the shortest digits that round-trip, Python's layout. */
    public static String repr(double x) {
        if (Double.isNaN(x)) {
            return "nan";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "inf" : "-inf";
        }
        if (x == 0) {
            return (1 / x < 0) ? "-0.0" : "0.0";
        }
        BigDecimal shortest = shortestRoundTrip(x);
        BigDecimal value = shortest.stripTrailingZeros();
        String digits = value.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - value.scale(); // decimal exponent of the first digit
        String sign = x < 0 ? "-" : "";
        if (exponent < -4 || exponent >= 16) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            String exp = String.format("%02d", Math.abs(exponent));
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + exp;
        }
        if (exponent < 0) {
            return sign + "0." + "0".repeat(-exponent - 1) + digits;
        }
        if (digits.length() <= exponent + 1) {
            return sign + digits + "0".repeat(exponent + 1 - digits.length()) + ".0";
        }
        return sign + digits.substring(0, exponent + 1) + "." + digits.substring(exponent + 1);
    }

    private static final double[] POWERS_OF_TEN = new double[309];

    static {
        for (int k = 0; k <= 308; k++) {
            POWERS_OF_TEN[k] = Double.parseDouble("1e" + k);
        }
    }

    /**
     * A number as pandas' {@code read_csv} parses it by default ({@code precise_xstrtod}): at most
     * 17 digits are accumulated, leading zeros included, then scaled by one power of ten. It is
     * not always the closest double, and OutRank's summary reads its scores back this way.
     */
    static double pandasParse(String text) {
        int p = 0;
        int length = text.length();
        boolean negative = false;
        if (p < length && (text.charAt(p) == '-' || text.charAt(p) == '+')) {
            negative = text.charAt(p) == '-';
            p++;
        }
        double number = 0;
        int exponent = 0;
        int digits = 0;
        while (p < length && Character.isDigit(text.charAt(p))) {
            if (digits < 17) {
                number = number * 10.0 + (text.charAt(p) - '0');
                digits++;
            } else {
                exponent++;
            }
            p++;
        }
        if (p < length && text.charAt(p) == '.') {
            p++;
            int decimals = 0;
            while (digits < 17 && p < length && Character.isDigit(text.charAt(p))) {
                number = number * 10.0 + (text.charAt(p) - '0');
                p++;
                digits++;
                decimals++;
            }
            while (p < length && Character.isDigit(text.charAt(p))) {
                p++;
            }
            exponent -= decimals;
        }
        if (negative) {
            number = -number;
        }
        if (p < length && (text.charAt(p) == 'e' || text.charAt(p) == 'E')) {
            p++;
            boolean negativeExponent = false;
            if (p < length && (text.charAt(p) == '-' || text.charAt(p) == '+')) {
                negativeExponent = text.charAt(p) == '-';
                p++;
            }
            int n = 0;
            for (int d = 0; d < 17 && p < length && Character.isDigit(text.charAt(p)); d++, p++) {
                n = n * 10 + (text.charAt(p) - '0');
            }
            exponent += negativeExponent ? -n : n;
        }
        if (exponent > 308) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        } else if (exponent > 0) {
            return number * POWERS_OF_TEN[exponent];
        } else if (exponent < -308) {
            return exponent < -616 ? 0.0 : number / POWERS_OF_TEN[-308 - exponent] / POWERS_OF_TEN[308];
        }
        return number / POWERS_OF_TEN[-exponent];
    }

    /**
     * The shortest decimal that reads back as {@code x}, the closest to it among those of that
     * length (Python's repr). Next to a power of two the gap below is half the gap above, so the
     * closest p-digit decimal may not round-trip while a neighbour does: try both neighbours.
     */
    private static BigDecimal shortestRoundTrip(double x) {
        BigDecimal exact = new BigDecimal(x);
        for (int precision = 1; precision <= 17; precision++) {
            BigDecimal rounded = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
            BigDecimal step = BigDecimal.ONE.scaleByPowerOfTen(rounded.precision() - rounded.scale() - precision);
            BigDecimal best = null;
            for (BigDecimal candidate : new BigDecimal[] {rounded, rounded.subtract(step), rounded.add(step)}) {
                if (candidate.doubleValue() == x && (best == null
                        || candidate.subtract(exact).abs().compareTo(best.subtract(exact).abs()) < 0)) {
                    best = candidate;
                }
            }
            if (best != null) {
                return best;
            }
        }
        return exact;
    }

    /** Python's {@code int(round(x, 1))}: round the exact binary value half-even to one decimal, truncate. */
    static int intOfRound1(double x) {
        return new BigDecimal(x).setScale(1, RoundingMode.HALF_EVEN).intValue();
    }

    /** Python's {@code str.strip()} for text decoded from ISO-8859-1 (Unicode whitespace in that range). */
    public static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isPythonSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isPythonSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean isPythonSpace(char c) {
        return (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f) || c == ' ' || c == 0x85 || c == 0xa0;
    }

    /** UTF-8 byte length of a string (latin-1 characters above 0x7f take two bytes). */
    public static int utf8Length(String s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }

    /** NumPy's pairwise summation of a float64 array ({@code np.sum}), bit for bit. */
    static double numpySum(double[] a) {
        return 0.0 + pairwise(a, 0, a.length); // NumPy adds the reduction's identity, +0.0
    }

    /** {@code np.mean}: the pairwise sum divided by the count. */
    static double numpyMean(double[] a) {
        return numpySum(a) / a.length;
    }

    private static double pairwise(double[] a, int from, int n) {
        if (n < 8) {
            double sum = -0.0;
            for (int i = 0; i < n; i++) {
                sum += a[from + i];
            }
            return sum;
        }
        if (n <= 128) {
            double[] r = new double[8];
            System.arraycopy(a, from, r, 0, 8);
            int i;
            for (i = 8; i < n - (n % 8); i += 8) {
                for (int j = 0; j < 8; j++) {
                    r[j] += a[from + i + j];
                }
            }
            double sum = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) {
                sum += a[from + i];
            }
            return sum;
        }
        int half = n / 2;
        half -= half % 8;
        return pairwise(a, from, half) + pairwise(a, from + half, n - half);
    }
}
