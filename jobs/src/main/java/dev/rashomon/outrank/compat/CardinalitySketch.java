package dev.rashomon.outrank.compat;

import net.jpountz.xxhash.XXHash32;
import net.jpountz.xxhash.XXHashFactory;

/**
 * OutRank's cardinality sketch beyond its exact range (reference 7.1): linear counting over 2^19
 * registers, a register being the low 19 bits of xxh32 (seed 19) of a digest's 8-digit hex form.
 * The touched registers are a bitset, so the registers of digest buckets merge by OR.
 */
final class CardinalitySketch {
    /** 2^19 registers; OutRank counts exactly up to half of them. */
    static final int REGISTERS = 1 << 19;
    private static final XXHash32 XXH32 = XXHashFactory.fastestJavaInstance().hash32();
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private CardinalitySketch() {
    }

    /** The touched registers of some distinct digests, one bit each. */
    static long[] registers(int[] digests) {
        long[] bits = new long[REGISTERS / 64];
        byte[] hex = new byte[8];
        for (int digest : digests) {
            int r = register(digest, hex);
            bits[r >>> 6] |= 1L << r;
        }
        return bits;
    }

    /** {@code into |= other}. */
    static long[] or(long[] into, long[] other) {
        for (int i = 0; i < into.length; i++) {
            into[i] |= other[i];
        }
        return into;
    }

    /** Linear counting: ceil(m·ln(m/Z)) − 1 for Z untouched registers of m, or m when none is left. */
    static long estimate(long[] bits) {
        long touched = 0;
        for (long word : bits) {
            touched += Long.bitCount(word);
        }
        long zeros = REGISTERS - touched;
        return zeros == 0 ? REGISTERS : (long) Math.ceil(REGISTERS * Math.log((double) REGISTERS / zeros)) - 1;
    }

    /** Python's {@code '%08x' % digest} (unsigned), hashed with xxh32 seed 19, low 19 bits. */
    static int register(int digest, byte[] hex) {
        for (int i = 7; i >= 0; i--) {
            hex[i] = HEX[digest & 0xF];
            digest >>>= 4;
        }
        return XXH32.hash(hex, 0, 8, 19) & (REGISTERS - 1);
    }
}
