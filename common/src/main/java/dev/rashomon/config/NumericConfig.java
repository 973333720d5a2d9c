package dev.rashomon.config;

import static dev.rashomon.config.ConfigValues.check;
import static dev.rashomon.config.ConfigValues.orDefault;
import static dev.rashomon.config.ConfigValues.orEmpty;

import java.util.List;

/** How numeric columns become categories. */
public record NumericConfig(
        @Doc("categorical: every raw value is a category (what OutRank does); "
                + "bins: equal-frequency bins of the numeric columns") Mode mode,
        @Doc("number of equal-frequency bins in bins mode") Integer bins,
        @Doc("columns to treat as numeric besides those of a numeric type (CSV/TSV columns are text); "
                + "a value that is not a number is a bad row") List<String> columns) {

    /** Numeric treatment. */
    public enum Mode implements Choice {
        CATEGORICAL, BINS
    }

    public NumericConfig {
        mode = orDefault(mode, Mode.CATEGORICAL);
        bins = orDefault(bins, 32);
        columns = orEmpty(columns);
    }

    public void validate() {
        check(bins >= 2, "numeric.bins", "at least 2", bins);
    }
}
