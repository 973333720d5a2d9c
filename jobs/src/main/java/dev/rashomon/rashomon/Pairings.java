package dev.rashomon.rashomon;

import dev.rashomon.info.SplitMix64;
import java.util.HashSet;
import java.util.Set;

/**
 * The keyed pairings that perturb columns, as common random numbers: the same for every explored model,
 * so differences between models are not Monte-Carlo noise, and a model that ignores a column scores a
 * perturbation of that column exactly as no perturbation.
 *
 * <p>The subsample is ordered by SplitMix64(key ^ seed ^ ORDER_SALT); pairing k gives the row at position r
 * the value of column c from position (r + shift[k][c]) mod n. Shifts are in 1..n−1, so no row keeps its own
 * value, and distinct between columns, so the columns of a pair are perturbed independently (each column
 * of S gets its own permutation, as in the FISC code, which breaks the dependence within S; Fisher's
 * e_switch would move S jointly).
 */
final class Pairings {
    static final long ORDER_SALT = 0x9E3779B97F4A7C15L;
    private static final long SHIFT_SALT = 0xD1B54A32D192ED03L;
    private static final long GAMMA = 0x9E3779B97F4A7C15L;

    private Pairings() {
    }

    /** The key's place in the pairing order (smaller first). */
    static long orderDraw(long key, long seed) {
        return SplitMix64.mix(key ^ seed ^ ORDER_SALT);
    }

    /** shift[k][c] for K pairings of {@code columns} columns over n rows; needs n > columns. */
    static int[][] shifts(int permutations, int columns, int rows, long seed) {
        if (rows <= columns) {
            throw new IllegalArgumentException("distinct shifts for " + columns + " columns need more than " + columns + " rows");
        }
        int[][] out = new int[permutations][columns];
        for (int k = 0; k < permutations; k++) {
            long stream = SplitMix64.mix(seed ^ SHIFT_SALT ^ SplitMix64.mix(k));
            Set<Integer> taken = new HashSet<>();
            long draw = 0;
            for (int c = 0; c < columns; c++) {
                int shift;
                do {
                    shift = 1 + (int) Math.floorMod(SplitMix64.mix(stream + GAMMA * draw++), (long) (rows - 1));
                } while (!taken.add(shift));
                out[k][c] = shift;
            }
        }
        return out;
    }
}
