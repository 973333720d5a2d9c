package dev.rashomon.bench.outrank;

/** MI in nats of a feature and a 0/1 label from counts laid out as {@code counts[2·value + label]}. */
final class MutualInformation {
    private MutualInformation() {
    }

    static double of(int[] counts) {
        long n = 0;
        long[] classes = new long[2];
        for (int i = 0; i < counts.length; i++) {
            n += counts[i];
            classes[i & 1] += counts[i];
        }
        double mi = 0;
        for (int v = 0; v < counts.length / 2; v++) {
            long nv = (long) counts[2 * v] + counts[2 * v + 1];
            for (int c = 0; c < 2; c++) {
                long nvc = counts[2 * v + c];
                if (nvc > 0) {
                    mi += (double) nvc / n * Math.log((double) n * nvc / ((double) nv * classes[c]));
                }
            }
        }
        return Math.max(0, mi);
    }
}
