package dev.rashomon.outrank;

import java.io.Serializable;
import java.util.Objects;

/**
 * The shuffle key of the counting pass: a feature and one of its values. Keys with no feature
 * carry the scan's own summary (class totals, row counters, bad-row examples) through the same
 * shuffle, so that the input is read exactly once.
 */
final class FeatureValue implements Serializable {
    private static final long serialVersionUID = 1L;

    static final String CLASS_TOTALS = "class_totals";
    static final String ROWS_READ = "rows_read";
    static final String ROWS_SAMPLED_OUT = "rows_sampled_out";
    static final String BAD_ROWS = "bad_rows";
    static final String BAD_ROW_EXAMPLE = "bad_row:";

    final String feature;
    final String value;

    FeatureValue(String feature, String value) {
        this.feature = feature;
        this.value = value;
    }

    static FeatureValue summary(String what) {
        return new FeatureValue(null, what);
    }

    boolean isSummary() {
        return feature == null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FeatureValue that && Objects.equals(feature, that.feature) && value.equals(that.value);
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hashCode(feature) + value.hashCode();
    }

    @Override
    public String toString() {
        return feature + "=" + value;
    }
}
