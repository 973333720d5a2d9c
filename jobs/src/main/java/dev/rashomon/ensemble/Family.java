package dev.rashomon.ensemble;

import java.util.Arrays;
import java.util.List;

/** The model families of a pool, by their config name and the prefix of their model ids. */
enum Family {
    LOGISTIC_REGRESSION("logistic_regression", "lr", false),
    FACTORIZATION_MACHINES("factorization_machines", "fm", false),
    RANDOM_FOREST("random_forest", "rf", true),
    GBT("gbt", "gbt", true);

    final String configName;
    final String idPrefix;
    /** Trees take the tree feature vector (category indexes, unscaled numbers); the others the linear one. */
    final boolean tree;

    Family(String configName, String idPrefix, boolean tree) {
        this.configName = configName;
        this.idPrefix = idPrefix;
        this.tree = tree;
    }

    static List<String> names() {
        return Arrays.stream(values()).map(f -> f.configName).toList();
    }

    /** The family of a config name, or null. */
    static Family byName(String name) {
        return Arrays.stream(values()).filter(f -> f.configName.equals(name)).findFirst().orElse(null);
    }
}
