package dev.rashomon.config;

import static dev.rashomon.config.ConfigValues.orEmpty;

import dev.rashomon.run.UserError;
import java.util.List;

/** Which columns are features. */
public record FeaturesConfig(
        @Doc("feature columns to use (default: every column but the label)") List<String> include,
        @Doc("columns to leave out") List<String> exclude) {

    public FeaturesConfig {
        include = orEmpty(include);
        exclude = orEmpty(exclude);
    }

    /** A column named in both lists would be a feature and not one at once. */
    public void validate() {
        for (String column : exclude) {
            if (include.contains(column)) {
                throw new UserError("config keys 'features.include' and 'features.exclude' both name '" + column
                        + "'; a column is either a feature or left out");
            }
        }
    }
}
