package dev.rashomon.outrank;

import java.io.Serializable;

/** A feature and one of its values: the key of the value counts. */
final class FeatureValue implements Serializable {
    private static final long serialVersionUID = 1L;

    final String feature;
    final String value;

    FeatureValue(String feature, String value) {
        this.feature = feature;
        this.value = value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FeatureValue that && feature.equals(that.feature) && value.equals(that.value);
    }

    @Override
    public int hashCode() {
        return 31 * feature.hashCode() + value.hashCode();
    }

    @Override
    public String toString() {
        return feature + "=" + value;
    }
}
