package dev.rashomon.bench;

/** SplitMix64 hashing of a tuple of longs: the same cell gets the same draw in any partitioning. */
public final class SplitMix {
    private SplitMix() {
    }

    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public static long hash(long seed, long... parts) {
        long h = mix(seed + 0x9E3779B97F4A7C15L);
        for (long part : parts) {
            h = mix(h ^ (part + 0x9E3779B97F4A7C15L));
        }
        return h;
    }

    /** A uniform draw in [0, 1) from a hash. */
    public static double unit(long hash) {
        return (hash >>> 11) * 0x1.0p-53;
    }
}
