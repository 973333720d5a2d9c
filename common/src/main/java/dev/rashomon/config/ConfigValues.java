package dev.rashomon.config;

import dev.rashomon.run.UserError;
import java.util.List;
import java.util.Map;

/** Small helpers for the compact constructors and validate() methods of config records. */
public final class ConfigValues {
    private ConfigValues() {
    }

    public static <T> T orDefault(T value, T defaultValue) {
        return value == null ? defaultValue : value;
    }

    public static <T> List<T> orEmpty(List<T> value) {
        return value == null ? List.of() : List.copyOf(value);
    }

    public static <K, V> Map<K, V> orEmpty(Map<K, V> value) {
        return value == null ? Map.of() : value;
    }

    public static void require(Object value, String key) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            throw new UserError("config key '" + key + "' is required but missing");
        }
    }

    public static void check(boolean condition, String key, String expectation, Object actual) {
        if (!condition) {
            throw new UserError("config key '" + key + "' must be " + expectation + ", got " + actual);
        }
    }
}
