package dev.rashomon.outrank.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link PythonFormat} against the Python, NumPy and pandas functions it emulates.
 *
 * <p>Expected values come from running src/test/resources/reference/python_emulation_cases.py
 * with Debian's /usr/bin/python3: Python 3.11.2, NumPy 1.24.2, pandas 1.5.3. Doubles are given
 * as their raw IEEE-754 bits and compared bit for bit.
 */
class PythonFormatTest {

    // ---------------------------------------------------------------- repr(float)

    static Stream<Arguments> reprCases() {
        return Stream.of(
                row(0x0000000000000000L, "0.0"),
                row(0x8000000000000000L, "-0.0"),
                row(0x3ff0000000000000L, "1.0"),
                row(0xbff0000000000000L, "-1.0"),
                row(0x4059000000000000L, "100.0"),
                row(0x4341c37937e08000L, "1e+16"),
                row(0x430c6bf526340000L, "1000000000000000.0"),
                row(0x4341c37937e07fffL, "9999999999999998.0"),
                row(0x437b69b4ba630f35L, "1.2345678901234568e+17"),
                row(0x3f1a36e2eb1c432dL, "0.0001"),
                row(0x3ee4f8b588e368f1L, "1e-05"),
                row(0x3ee4f8b588e368f1L, "1e-05"),
                row(0x0000000000000001L, "5e-324"),
                row(0x0010000000000000L, "2.2250738585072014e-308"),
                row(0x7fefffffffffffffL, "1.7976931348623157e+308"),
                row(0x3fb999999999999aL, "0.1"),
                row(0x3fd5555555555555L, "0.3333333333333333"),
                row(0x3fe5555555555555L, "0.6666666666666666"),
                row(0x3fd3333333333334L, "0.30000000000000004"),
                // float32 values widened to double: float(np.float32(...))
                row(0x3fb99999a0000000L, "0.10000000149011612"),
                row(0xbf830d0fe0000000L, "-0.009302257560193539"),
                row(0x3fd5555560000000L, "0.3333333432674408"),
                row(0x3fe3a6d140000000L, "0.614113450050354"),
                // double literals
                row(0xbf830d1000000000L, "-0.009302258491516113"),
                row(0x3f0152df53308800L, "3.304237397851184e-05"),
                row(0x3e8091f1667f0595L, "1.2345678901234566e-07"),
                row(0x7ff8000000000000L, "nan"),
                row(0x7ff0000000000000L, "inf"),
                row(0xfff0000000000000L, "-inf"),
                // powers of two: the rounding interval is narrower below than above, so the shortest
                // round-tripping digits need not be the closest decimal of that length
                row(0x3e70000000000000L, "5.960464477539063e-08"), // 2**-24, exactly 5.9604644775390625e-08
                row(0x3d30000000000000L, "5.684341886080802e-14"), // 2**-44
                row(0x4580000000000000L, "6.189700196426902e+26"), // 2**89
                row(0x0060000000000000L, "7.120236347223045e-307"), // 2**-1017
                // random.Random(7): 8 x uniform(-1, 1) * 10**randint(-12, 20), 8 x random() * 10**randint(-12, 20)
                row(0xbf37173106ff8856L, "-0.00035233447033367526"),
                row(0xbdece923730327feL, "-2.1035300715365303e-10"),
                row(0xbeacb17d1902a305L, "-8.551274266649144e-07"),
                row(0xbdf275a6afff3da3L, "-2.6862216617482893e-10"),
                row(0x4020635e9e89848aL, "8.194081262862046"),
                row(0xc30a4a52efc52ff2L, "-925008683116030.2"),
                row(0xc06474fb78d12819L, "-163.65569725848107"),
                row(0xc30743e8d736986fL, "-818573973312269.9"),
                row(0x3ea3d58dc6705350L, "5.911050607898916e-07"),
                row(0x3e1046ed879ea7aaL, "9.474497007074876e-10"),
                row(0x4294feb0a6697bf2L, "5771029486174.986"),
                row(0x4013d5f218d010baL, "4.9589313389771466"),
                row(0x3ed389c6f98cd183L, "4.658268061775628e-06"),
                row(0x3f32fad669d565f6L, "0.0002896092863316763"),
                row(0x4154a022b6bd9613L, "5406858.855321425"),
                row(0x3facaf67786c5767L, "0.056025727701281273"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("reprCases")
    void reprIsPythonsRepr(long bits, String expected) {
        assertThat(PythonFormat.repr(Double.longBitsToDouble(bits))).isEqualTo(expected);
    }

    // ---------------------------------------------------------------- int(round(x, 1))

    static Stream<Arguments> roundCases() {
        return Stream.of(
                row(0x40517d70a3d70a3dL, 70), // 69.96
                row(0x4048f851eb851eb8L, 49), // 49.94
                row(0x4058fccccccccccdL, 100), // 99.95
                row(0x4058fcccccccccccL, 99), // 99.94999999999999
                row(0x4059000000000000L, 100), // 100.0
                row(0x4052400000000000L, 73), // 73.0
                row(0x0000000000000000L, 0), // 0.0
                row(0x3fa999999999999aL, 0), // 0.05
                row(0x3fc3333333333333L, 0), // 0.15
                row(0x3fd0000000000000L, 0), // 0.25
                row(0x3fdccccccccccccdL, 0), // 0.45
                row(0x3ff7333333333333L, 1), // 1.45
                row(0x4028b33333333333L, 12), // 12.35
                row(0x4058f66666666666L, 99), // 99.85
                row(0x3fee666666666666L, 0), // 0.95
                row(0x3fff333333333333L, 1), // 1.95
                row(0x400799999999999aL, 3), // 2.95
                row(0x4023e66666666666L, 9), // 9.95
                row(0x4033f33333333333L, 19), // 19.95
                row(0x4043f9999999999aL, 40), // 39.95
                row(0x404df9999999999aL, 60), // 59.95
                row(0x3fee666666666667L, 1), // 0.9500000000000001
                row(0x4007999999999999L, 2), // 2.9499999999999997
                row(0xbfa47ae147ae147bL, 0), // -0.04
                row(0xbfa999999999999aL, 0), // -0.05
                row(0xc028b33333333333L, -12), // -12.35
                row(0xc00799999999999aL, -3), // -2.95
                row(0x404a1964e016ab33L, 52), // 52.19839097124932
                row(0x40542ad22b52bd22L, 80), // 80.66907771186791
                row(0x4058032aa3647fb0L, 96), // 96.04947743238768
                row(0x403cf668e02f00a4L, 29), // 28.962537776446553
                row(0x405327166d141d31L, 76), // 76.61074377979527
                row(0x40519b01d47025f7L, 70), // 70.42198668434126
                row(0x405088da003e9f07L, 66), // 66.13830572238304
                row(0x4026084c01eff495L, 11), // 11.016204891721182
                row(0x40058ca6fce3eb54L, 2), // 2.6936778790526805
                row(0x40433563e0184c38L, 38)); // 38.417110454429746
    }

    @ParameterizedTest(name = "[{index}] -> {1}")
    @MethodSource("roundCases")
    void intOfRound1IsPythonsIntOfRound(long bits, int expected) {
        assertThat(PythonFormat.intOfRound1(Double.longBitsToDouble(bits))).isEqualTo(expected);
    }

    // ---------------------------------------------------------------- str.strip()

    static Stream<Arguments> stripCases() {
        return Stream.of(
                row("abc", "abc"),
                row("  abc  ", "abc"),
                row("\tabc\n", "abc"),
                row("\u000babc\u000c", "abc"),
                row("\rabc\r\n", "abc"),
                row("\u001cabc\u001d", "abc"),
                row("\u001eabc\u001f", "abc"),
                row("\u0085abc\u0085", "abc"),
                row("\u00a0abc\u00a0", "abc"),
                row(" a b\tc ", "a b\tc"),
                row("\u00a0a\u00a0b\u00a0", "a\u00a0b"),
                row("\u001b abc \u001b", "\u001b abc \u001b"),
                row("\u0000abc\u0000", "\u0000abc\u0000"),
                row("\u0084abc\u0086", "\u0084abc\u0086"),
                row("\u009fabc\u00a1", "\u009fabc\u00a1"),
                row(" \t\n\u000b\u000c\r\u001c\u001d\u001e\u001f\u0085\u00a0", ""),
                row("", ""),
                row(" ", ""),
                row("\u00e9t\u00e9 ", "\u00e9t\u00e9"));
    }

    @ParameterizedTest(name = "[{index}]")
    @MethodSource("stripCases")
    void stripIsPythonsStrip(String text, String expected) {
        assertThat(PythonFormat.strip(text)).isEqualTo(expected);
    }

    // ---------------------------------------------------------------- len(s.encode())

    static Stream<Arguments> utf8Cases() {
        return Stream.of(
                row("", 0),
                row("abc", 3),
                row("\u00e9", 2),
                row("\u00a0", 2),
                row("\u00ff", 2),
                row("\u007f", 1),
                row("\u0080", 2),
                row("\u0000", 1),
                row("caf\u00e9 \u00a0 na\u00efve \u00ff!", 19));
    }

    @ParameterizedTest(name = "[{index}] {1} bytes")
    @MethodSource("utf8Cases")
    void utf8LengthIsLengthOfEncode(String text, int expected) {
        assertThat(PythonFormat.utf8Length(text)).isEqualTo(expected);
    }

    // ---------------------------------------------------------------- np.sum / np.mean

    /**
     * Element k of test array {@code seed}, built from a decimal string exactly as the Python
     * script's {@code numpy_text}/{@code numpy_array} do (float() and Double.parseDouble are both
     * correctly rounded, so both sides sum bit-identical inputs).
     */
    static double[] numpyArray(int seed, int n) {
        double[] a = new double[n];
        for (int k = 0; k < n; k++) {
            int mantissa = (k * 7919 + seed * 104729) % 2001 - 1000;
            int exponent = (k * 31 + seed * 17) % 18 - 6;
            a[k] = Double.parseDouble(mantissa + "e" + exponent);
        }
        return a;
    }

    /** seed, length, bits of np.sum, bits of np.mean. */
    static Stream<Arguments> sumCases() {
        return Stream.of(
                row(1, 1, 0xc2bd606e06b80000L, 0xc2bd606e06b80000L),
                row(1, 2, 0xc2bd6086584e0000L, 0xc2ad6086584e0000L),
                row(1, 3, 0xc2bd608658614200L, 0xc2a395aee5962c00L),
                row(1, 4, 0xc2bd60865861420fL, 0xc29d60865861420fL),
                row(1, 5, 0xc2bdfae43987420fL, 0xc297fbe9c79f680cL),
                row(1, 6, 0xc2bdfae4abaa020fL, 0xc293fc98727156b5L),
                row(1, 7, 0xc2bdfae4abaa555cL, 0xc29121a73d85e7a2L),
                row(1, 8, 0xc2bdfae4abaa555cL, 0xc28dfae4abaa555cL),
                row(1, 9, 0xc2bdf891d0f3555cL, 0xc28aa40fd62da135L),
                row(1, 10, 0xc2bdf891cf8eb15cL, 0xc287fa0e3fa55ab0L),
                row(1, 11, 0xc2bdf891cf8eb088L, 0xc285cc0cf40aaeefL),
                row(1, 12, 0xc2b736a34cd2b088L, 0xc27ef384666e40b5L),
                row(1, 13, 0xc2b7369f60cb7088L, 0xc27c91ff3c0e1459L),
                row(1, 14, 0xc2b7369f60c93388L, 0xc27a8791932f1652L),
                row(1, 15, 0xc2b7369f60c93387L, 0xc278c2cc22f8bf7fL),
                row(1, 16, 0xc2b72d3d4f963387L, 0xc2772d3d4f963387L),
                row(1, 17, 0xc2b72d3d4abc0387L, 0xc275d039afc00352L),
                row(1, 18, 0xc2b72d3d4abc0133L, 0xc27499fd97c38f4aL),
                row(1, 19, 0xc2a36eb119380266L, 0xc2605d36d1de52ddL),
                row(1, 20, 0xc2a36ea9969c8266L, 0xc25f1775bdc7370aL),
                row(1, 127, 0x42c6c459efaf10c3L, 0x4256f23e6c882105L), // naive left-to-right sum differs
                row(1, 128, 0x42c6c474669610c4L, 0x4256c474669610c4L), // naive left-to-right sum differs
                row(1, 129, 0x42c6c47466a5bfc2L, 0x42569745daefe002L), // naive left-to-right sum differs
                row(1, 255, 0x42d0185c3b940ce6L, 0x42502884c0546147L), // naive left-to-right sum differs
                row(1, 256, 0x42d0185c3b940ce6L, 0x4250185c3b940ce6L), // naive left-to-right sum differs
                row(1, 1000, 0x42d953982cf8be2dL, 0x4239ef3361403fabL), // naive left-to-right sum differs
                row(2, 1, 0x4289c1c38a400000L, 0x4289c1c38a400000L),
                row(2, 2, 0x4289c1d05df10000L, 0x4279c1d05df10000L),
                row(2, 3, 0x4289c1d05df6c000L, 0x42712be03ea48000L),
                row(2, 4, 0x4289c1d05df6c002L, 0x4269c1d05df6c002L),
                row(2, 5, 0x4289c46bf066c002L, 0x42649d2326b8999bL),
                row(2, 6, 0x4289c46be7bc0002L, 0x42612d9d45280001L),
                row(2, 7, 0x4289c46be7bbf387L, 0x425d72c4768da89aL),
                row(2, 8, 0xc2b2b2aa7370818fL, 0xc282b2aa7370818fL),
                row(2, 9, 0xc2b2b2bde1ce018fL, 0xc2809ee1ac4556b8L),
                row(2, 10, 0xc2b2b2bde1de0f8fL, 0xc27deac969634c18L),
                row(2, 11, 0xc2b2b2bde1de0f9cL, 0xc27b32888e5a4540L),
                row(2, 12, 0xc2b33a042e500f9cL, 0xc279a2b03dc014d0L),
                row(2, 13, 0xc2b33a0493efaf9cL, 0xc277a9de3febebd4L),
                row(2, 14, 0xc2b33a0493effab6L, 0xc275f929cda48c3eL),
                row(2, 15, 0xc2b33a0493effab6L, 0xc274822704332d8fL),
                row(2, 16, 0xc2b33c2989627ab6L, 0xc2733c2989627ab6L),
                row(2, 17, 0xc2b33c2987ddceb6L, 0xc2721a8170d0c28dL),
                row(2, 18, 0xc2b33c2987ddcdcdL, 0xc271190878c528b6L),
                row(2, 19, 0xc2a7769e6c339b9aL, 0xc263c234910309c5L),
                row(2, 20, 0xc2a7769599e69b9aL, 0xc262c5447b1ee2e2L),
                row(2, 127, 0x42b24fb1d94a685aL, 0x4242749b0f693ad0L), // naive left-to-right sum differs
                row(2, 128, 0x42b24faf4001e850L, 0x42424faf4001e850L), // naive left-to-right sum differs
                row(2, 129, 0x42b24faf3fffdf56L, 0x42422b588ee21b20L), // naive left-to-right sum differs
                row(2, 255, 0xc2c56c07b96b4df0L, 0xc245818942adfbecL), // naive left-to-right sum differs
                row(2, 256, 0xc2c56c07b96b4df4L, 0xc2456c07b96b4df4L), // naive left-to-right sum differs
                row(2, 1000, 0xc2c313c5818090b8L, 0xc22388fb65e3e829L), // naive left-to-right sum differs
                row(3, 1, 0xc26c3b102c800000L, 0xc26c3b102c800000L),
                row(3, 2, 0xc26c3afe215c0000L, 0xc25c3afe215c0000L),
                row(3, 3, 0xc26c3afe21513ccdL, 0xc252d1fec0e0d333L),
                row(3, 4, 0xc26c3afe21513cc7L, 0xc24c3afe21513cc7L),
                row(3, 5, 0xc26c078259e13cc7L, 0xc2466c6847e763d2L),
                row(3, 6, 0xc26c07823c4a3cc7L, 0xc242afac28317ddaL),
                row(3, 7, 0xc26c07823c4a2c1bL, 0xc240044a6b981934L),
                row(3, 8, 0x4288b741736d74faL, 0x4258b741736d74faL), // naive left-to-right sum differs
                row(3, 9, 0x4288b752301874faL, 0x4255f8490e4ea0deL), // naive left-to-right sum differs
                row(3, 10, 0x4288b7523020c4faL, 0x4253c5db59b3d0c8L), // naive left-to-right sum differs
                row(3, 11, 0x4288b7523020c4feL, 0x4251f9b023008f44L), // naive left-to-right sum differs
                row(3, 12, 0x4288c933d320c4feL, 0x425086228cc08354L), // naive left-to-right sum differs
                row(3, 13, 0x4288c933d47884feL, 0x424e817ade1e2d87L), // naive left-to-right sum differs
                row(3, 14, 0x4288c933d4787f12L, 0x424c53a8f2d2da5eL), // naive left-to-right sum differs
                row(3, 15, 0xc2a6b9b6bf11e03cL, 0xc2683d8fbabdbbfcL),
                row(3, 16, 0xc2a6b9d3d55be03cL, 0xc266b9d3d55be03cL),
                row(3, 17, 0xc2a6b9d3d575943cL, 0xc265639a32508b84L),
                row(3, 18, 0xc2a6b9d3d5759451L, 0xc2643366f6a16764L),
                row(3, 19, 0xc2a7a23144f19451L, 0xc263e6e61f1c4701L),
                row(3, 20, 0xc2a7a231f72a9451L, 0xc262e827f8eedd0eL),
                row(3, 127, 0x42d39bb99edfbc56L, 0x4263c3401f1df847L), // naive left-to-right sum differs
                row(3, 128, 0x42d39bb9a8114054L, 0x42639bb9a8114054L), // naive left-to-right sum differs
                row(3, 129, 0x42d39bb9a8114438L, 0x426374d0080141b5L), // naive left-to-right sum differs
                row(3, 255, 0xc2dd9f4e72ed44f4L, 0xc25dbd0b7e6bb0a5L), // naive left-to-right sum differs
                row(3, 256, 0xc2dd9f4e72ed44f6L, 0xc25d9f4e72ed44f6L), // naive left-to-right sum differs
                row(3, 1000, 0xc2e3b2ec35f65d7cL, 0xc2442bf3ed878abcL)); // naive left-to-right sum differs
    }

    @ParameterizedTest(name = "[{index}] seed {0}, length {1}")
    @MethodSource("sumCases")
    void numpySumAndMeanAreBitExact(int seed, int n, long sumBits, long meanBits) {
        double[] a = numpyArray(seed, n);
        assertThat(Double.doubleToRawLongBits(PythonFormat.numpySum(a))).as("np.sum").isEqualTo(sumBits);
        assertThat(Double.doubleToRawLongBits(PythonFormat.numpyMean(a))).as("np.mean").isEqualTo(meanBits);
    }

    @Test
    void theSumCasesExercisePairwiseSummation() {
        // The script reports 25 of the 78 arrays whose naive left-to-right sum differs from np.sum;
        // getting the same count here also checks that numpyArray builds the script's inputs.
        long differing = sumCases().filter(c -> {
            Object[] values = c.get();
            double naive = 0.0;
            for (double x : numpyArray((Integer) values[0], (Integer) values[1])) {
                naive += x;
            }
            return Double.doubleToRawLongBits(naive) != (Long) values[2];
        }).count();
        assertThat(differing).isEqualTo(25);
    }

    @Test
    void emptyAndNegativeZeroArraysSumToPositiveZero() {
        // np.sum starts from the identity +0.0: np.sum([]) and np.sum([-0.0, ...]) are 0.0, not -0.0.
        double[][] arrays = {
            {}, {-0.0}, {-0.0, -0.0}, {-0.0, -0.0, -0.0, -0.0, -0.0, -0.0, -0.0, -0.0, -0.0}, {0.0, -0.0}
        };
        for (double[] a : arrays) {
            String zeros = Arrays.toString(a);
            assertThat(Double.doubleToRawLongBits(PythonFormat.numpySum(a))).as("np.sum(%s)", zeros).isZero();
            if (a.length > 0) {
                assertThat(Double.doubleToRawLongBits(PythonFormat.numpyMean(a))).as("np.mean(%s)", zeros).isZero();
            }
        }
        assertThat(PythonFormat.numpyMean(new double[0])).as("np.mean([])").isNaN();
    }

    // ---------------------------------------------------------------- pandas read_csv

    /** text, bits of pd.read_csv(io.StringIO("x\n" + text + "\n"))["x"][0]. */
    static Stream<Arguments> pandasCases() {
        return Stream.of(
                row("0.008047186448715733", 0x3f807b0b14f9f477L), // float(text) is 0x3f807b0b14f9f48aL
                row("-0.009302258491516113", 0xbf830d0ffffffff8L), // float(text) is 0xbf830d1000000000L
                row("0.614113450050354", 0x3fe3a6d140000000L),
                row("3.304237397851184e-05", 0x3f0152df53308800L),
                row("1e-05", 0x3ee4f8b588e368f1L),
                row("1.0", 0x3ff0000000000000L),
                row("0.0", 0x0000000000000000L),
                row("-0.0", 0x8000000000000000L),
                row("123456789012345678901", 0x441ac53a7e04bcdaL), // default dtype: str; dtype=float64 gives this
                row("0.1", 0x3fb999999999999aL),
                row("0.30000000000000004", 0x3fd3333333333333L), // float(text) is 0x3fd3333333333334L
                row("2.2250738585072014e-308", 0x0010000000000000L),
                row("1.7976931348623157e+308", 0x7fefffffffffffffL),
                row("0.00012345678901234567", 0x3f202e85be1804dfL), // float(text) is 0x3f202e85be180b74L
                row("1.2345678901234567e-07", 0x3e8091f1667f0596L), // float(text) is 0x3e8091f1667f0595L
                row("5e-324", 0x0000000000000001L),
                row("100", 0x4059000000000000L),
                row("-42.5E+3", 0xc0e4c08000000000L),
                row("0.0019281374041632787", 0x3f5f9731c5f4f203L), // float(text) is 0x3f5f9731c5f4f36eL
                row("0.0051678955265138755", 0x3f752aee64688934L), // float(text) is 0x3f752aee6468898bL
                row("0.0031036724999828026", 0x3f696cdf7c514530L), // float(text) is 0x3f696cdf7c514536L
                row("0.0065738330819850215", 0x3f7aed29e18b377cL), // float(text) is 0x3f7aed29e18b3795L
                row("0.0016591915418876083", 0x3f5b2f275a40d519L), // float(text) is 0x3f5b2f275a40d53fL
                row("0.0019830618016994984", 0x3f603ec832b2242aL), // float(text) is 0x3f603ec832b2250dL
                row("-5.161139726695705e-09", 0xbe362abbaf3302ccL),
                row("55.62168130864866", 0x404bcf9340cc971aL),
                row("-0.0011893776668668644", 0xbf537c9c8ba26071L), // float(text) is 0xbf537c9c8ba2619aL
                row("0.3824822952815343", 0x3fd87a9705622008L),
                row("-4.5369558641672467e-10", 0xbdff2d7f462003acL), // float(text) is 0xbdff2d7f462003abL
                row("-0.004267011769115925", 0xbf717a493fffffe3L), // float(text) is 0xbf717a4940000000L
                row("-0.02218371070921421", 0xbf96b7539ffffffdL), // float(text) is 0xbf96b753a0000000L
                row("0.04976562038064003", 0x3fa97ae11ffffffcL), // float(text) is 0x3fa97ae120000000L
                row("0.04956916347146034", 0x3fa961211ffffffaL)); // float(text) is 0x3fa9612120000000L
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("pandasCases")
    void pandasParseIsReadCsvsFloat(String text, long expectedBits) {
        assertThat(Double.doubleToRawLongBits(PythonFormat.pandasParse(text))).isEqualTo(expectedBits);
    }

    @Test
    void pandasCasesIncludeValuesThatAreNotCorrectlyRounded() {
        // The script reports 17 of the 33 texts for which pandas' value differs from float(text).
        long differing = pandasCases()
                .filter(c -> Double.doubleToRawLongBits(Double.parseDouble((String) c.get()[0])) != (Long) c.get()[1])
                .count();
        assertThat(differing).isEqualTo(17);
    }

    private static Arguments row(Object... values) {
        return Arguments.of(values);
    }
}
