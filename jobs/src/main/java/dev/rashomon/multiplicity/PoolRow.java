package dev.rashomon.multiplicity;

import java.io.Serializable;

/**
 * One evaluation row with the scores of every pool model.
 *
 * @param rowId the row's id as the predictions hold it
 * @param label the label: 0/1 for binary scores, the class index for multiclass
 * @param groups the row's group keys, {@code column=value}, one per group column
 * @param scores binary: the score of class 1 by pool index; multiclass: {@code classes} probabilities per
 *     model, model-major
 * @param classes 1 for binary scores, else the number of classes this row has probabilities for
 */
public record PoolRow(Object rowId, int label, String[] groups, double[] scores, int classes) implements Serializable {
}
