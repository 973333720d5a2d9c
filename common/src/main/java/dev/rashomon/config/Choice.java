package dev.rashomon.config;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A config value from a fixed set, spelled in config as its lower-case name. */
public interface Choice {
    String name();

    @JsonValue
    default String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** "a, b, c": the config spellings of an enum's constants (or their names for other enums). */
    static String spellings(Class<?> enumType, String separator) {
        return Arrays.stream(enumType.getEnumConstants())
                .map(c -> c instanceof Choice choice ? choice.configName() : c.toString())
                .collect(Collectors.joining(separator));
    }
}
