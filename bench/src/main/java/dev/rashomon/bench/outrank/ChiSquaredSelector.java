package dev.rashomon.bench.outrank;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.UnivariateFeatureSelector;
import org.apache.spark.ml.feature.UnivariateFeatureSelectorModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Spark MLlib's chi-squared feature selection: StringIndexer per column (missing as its own text),
 * VectorAssembler of the indices, UnivariateFeatureSelector with categorical features and label.
 * Returns the selected feature names.
 */
final class ChiSquaredSelector {
    private ChiSquaredSelector() {
    }

    static List<String> run(Dataset<Row> data, List<String> features, int top) {
        String[] in = features.toArray(String[]::new);
        String[] indexed = features.stream().map(f -> f + "_i").toArray(String[]::new);
        Dataset<Row> filled = data.na().fill("(missing)", in).withColumn("label", col("label").cast("double"));
        Dataset<Row> indices = new StringIndexer().setInputCols(in).setOutputCols(indexed).setHandleInvalid("keep")
                .fit(filled).transform(filled);
        Dataset<Row> vectors = new VectorAssembler().setInputCols(indexed).setOutputCol("features").transform(indices);
        UnivariateFeatureSelectorModel model = new UnivariateFeatureSelector().setFeatureType("categorical")
                .setLabelType("categorical").setSelectionMode("numTopFeatures").setSelectionThreshold(top)
                .setFeaturesCol("features").setLabelCol("label").fit(vectors);
        return java.util.Arrays.stream(model.selectedFeatures()).mapToObj(features::get).toList();
    }
}
