package dev.rashomon.config;

import static dev.rashomon.config.ConfigValues.check;
import static dev.rashomon.config.ConfigValues.orDefault;
import static dev.rashomon.config.ConfigValues.require;

/** The label (target) column and how its values become classes. */
public record LabelConfig(
        @Doc("label column; for libsvm and vw input the label is the line's first token, named 'label'")
        String column,
        @Doc("for a numeric label: class = (value >= threshold), giving the classes 'true' and 'false'; "
                + "without it every distinct value is a class") Double threshold,
        @Doc("most classes a label may have before the run stops (a guard against a continuous label)")
        Integer maxClasses) {

    public LabelConfig {
        column = orDefault(column, "label");
        maxClasses = orDefault(maxClasses, 1000);
    }

    public void validate() {
        require(column, "label.column");
        check(maxClasses >= 2, "label.max_classes", "at least 2", maxClasses);
        check(threshold == null || Double.isFinite(threshold), "label.threshold", "a finite number", threshold);
    }
}
