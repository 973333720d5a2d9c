package dev.rashomon.config;

import static dev.rashomon.config.ConfigValues.orEmpty;

import java.util.List;

/** Which columns are features. */
public record FeaturesConfig(
        @Doc("feature columns to use (default: every column but the label)") List<String> include,
        @Doc("columns to leave out") List<String> exclude) {

    public FeaturesConfig {
        include = orEmpty(include);
        exclude = orEmpty(exclude);
    }
}
