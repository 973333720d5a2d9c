package dev.rashomon.ensemble;

import dev.rashomon.ensemble.EnsembleConfig.Encoding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.FeatureHasher;
import org.apache.spark.ml.feature.Imputer;
import org.apache.spark.ml.feature.OneHotEncoder;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The MLlib stages that turn raw input columns into the two feature vectors of the pool, fitted
 * once on the training split:
 * <ul>
 *   <li>{@link #LINEAR} for logistic regression and factorization machines: the numeric columns
 *       imputed (training mean) and standardised (mean 0, sd 1; FM diverges on raw scales), then
 *       the categorical columns hashed ({@code FeatureHasher}) or one-hot encoded;</li>
 *   <li>{@link #TREE} for random forests and GBTs: the imputed numbers as they are, and each
 *       categorical column as its index by frequency ({@code StringIndexer}) — a category for the
 *       trees when the column has at most {@code tree_max_categories} values, an ordered rank
 *       beyond that. A hashed vector of 2^18 entries would cost trees a dense bin per entry per row.</li>
 * </ul>
 * The first stage is a {@code SQLTransformer} holding the job's parsing rules ({@link ColumnSql}),
 * so a saved pipeline scores raw rows as read from the input.
 */
final class FeaturePipeline {
    static final String LINEAR = "_ens_linear";
    static final String TREE = "_ens_tree";
    /** Categorical columns with more values than this need more than MLlib's default 32 bins. */
    private static final int DEFAULT_MAX_BINS = 32;

    /** Which vectors a stage serves. */
    enum Use {
        BOTH, LINEAR, TREE
    }

    /** A fitted stage and the vectors it serves. */
    record Stage(Transformer transformer, Use use) {
    }

    /**
     * The fitted stages.
     *
     * @param treeMaxBins the {@code maxBins} trees need for the categorical columns they take as categories
     * @param description sizes and encodings, for run.json
     */
    record Fitted(List<Stage> stages, int treeMaxBins, Map<String, Object> description) {
        /** Every stage: the transform that produces both vectors. */
        Dataset<Row> transform(Dataset<Row> rows) {
            Dataset<Row> current = rows;
            for (Stage stage : stages) {
                current = stage.transformer().transform(current);
            }
            return current;
        }

        /** The stages a family's saved pipeline needs, in order. */
        List<Transformer> stagesFor(Family family) {
            Use own = family.tree ? Use.TREE : Use.LINEAR;
            return stages.stream().filter(s -> s.use() == Use.BOTH || s.use() == own).map(Stage::transformer).toList();
        }
    }

    private FeaturePipeline() {
    }

    /**
     * Fits the stages on {@code training} (raw input columns); {@code linear}/{@code tree} say which
     * vectors the pool needs.
     */
    static Fitted fit(Dataset<Row> training, InputColumns columns, EnsembleConfig config, boolean linear, boolean tree) {
        List<Stage> stages = new ArrayList<>();
        Map<String, Object> description = new LinkedHashMap<>();
        List<String> numeric = columns.numeric();
        List<String> categorical = columns.categorical();
        String[] numbers = names("_ens_num_", numeric.size());
        String[] imputed = names("_ens_imputed_", numeric.size());
        String[] categories = names("_ens_cat_", categorical.size());
        String[] indexes = names("_ens_index_", categorical.size());

        StringBuilder statement = new StringBuilder("SELECT *");
        for (int i = 0; i < numeric.size(); i++) {
            statement.append(", ").append(ColumnSql.number(numeric.get(i), config.missing())).append(" AS ").append(numbers[i]);
        }
        for (int i = 0; i < categorical.size(); i++) {
            statement.append(", ").append(ColumnSql.category(categorical.get(i), config.missing())).append(" AS ")
                    .append(categories[i]);
        }
        Dataset<Row> current = add(stages, new SQLTransformer("ens_parse").setStatement(statement + " FROM __THIS__"),
                Use.BOTH, training);

        if (numeric.size() > 0) {
            Imputer imputer = new Imputer("ens_impute").setStrategy("mean").setInputCols(numbers).setOutputCols(imputed);
            current = add(stages, imputer.fit(current), Use.BOTH, current);
        }
        List<String> linearParts = new ArrayList<>();
        if (linear && numeric.size() > 0) {
            current = add(stages, new VectorAssembler("ens_numeric_vector").setInputCols(imputed)
                    .setOutputCol("_ens_numeric"), Use.LINEAR, current);
            StandardScaler scaler = new StandardScaler("ens_standardize").setWithMean(true).setWithStd(true)
                    .setInputCol("_ens_numeric").setOutputCol("_ens_numeric_scaled");
            current = add(stages, scaler.fit(current), Use.LINEAR, current);
            linearParts.add("_ens_numeric_scaled");
        }
        Encoding encoding = config.ensemble().encoding();
        boolean oneHot = linear && encoding == Encoding.ONE_HOT;
        String[][] labels = new String[categorical.size()][];
        if (categorical.size() > 0 && (tree || oneHot)) {
            StringIndexer indexer = new StringIndexer("ens_index").setInputCols(categories).setOutputCols(indexes)
                    .setHandleInvalid("keep").setStringOrderType("frequencyDesc");
            StringIndexerModel indexerModel = indexer.fit(current);
            labels = indexerModel.labelsArray();
            current = add(stages, indexerModel, tree && oneHot ? Use.BOTH : tree ? Use.TREE : Use.LINEAR, current);
        }
        int linearSize = numeric.size();
        if (linear && categorical.size() > 0) {
            if (oneHot) {
                String[] encoded = names("_ens_onehot_", categorical.size());
                // dropLast drops the slot StringIndexer keeps for unseen and missing values: they set no entry.
                OneHotEncoder encoder = new OneHotEncoder("ens_one_hot").setInputCols(indexes).setOutputCols(encoded);
                current = add(stages, encoder.fit(current), Use.LINEAR, current);
                linearParts.addAll(List.of(encoded));
                for (String[] values : labels) {
                    linearSize += values.length;
                }
            } else {
                current = add(stages, new FeatureHasher("ens_hash").setInputCols(categories)
                        .setNumFeatures(config.ensemble().hashWidth()).setOutputCol("_ens_hashed"), Use.LINEAR, current);
                linearParts.add("_ens_hashed");
                linearSize += config.ensemble().hashWidth();
            }
        }
        if (linear) {
            current = add(stages, new VectorAssembler("ens_linear_vector").setInputCols(linearParts.toArray(String[]::new))
                    .setOutputCol(LINEAR), Use.LINEAR, current);
            description.put("linear_vector_size", linearSize);
            description.put("linear_encoding", encoding.configName()
                    + (encoding == Encoding.HASH ? " (" + config.ensemble().hashWidth() + " entries)" : ""));
        }
        int treeMaxBins = DEFAULT_MAX_BINS;
        if (tree) {
            int maxCategories = config.ensemble().treeMaxCategories();
            List<String> treeParts = new ArrayList<>(List.of(imputed));
            List<String> ranked = new ArrayList<>();
            StringBuilder ranks = new StringBuilder("SELECT *");
            Map<String, Integer> nominal = new LinkedHashMap<>();
            for (int i = 0; i < categorical.size(); i++) {
                if (labels[i].length <= maxCategories) {
                    treeParts.add(indexes[i]);
                    // StringIndexer's slot for unseen and missing values is one more category.
                    nominal.put(categorical.get(i), labels[i].length + 1);
                    treeMaxBins = Math.max(treeMaxBins, labels[i].length + 1);
                } else {
                    // An arithmetic expression drops the nominal metadata: the trees see an ordered number.
                    ranks.append(", ").append(indexes[i]).append(" * 1.0 AS _ens_rank_").append(i);
                    treeParts.add("_ens_rank_" + i);
                    ranked.add(categorical.get(i));
                }
            }
            if (!ranked.isEmpty()) {
                current = add(stages, new SQLTransformer("ens_rank").setStatement(ranks + " FROM __THIS__"), Use.TREE, current);
            }
            add(stages, new VectorAssembler("ens_tree_vector").setInputCols(treeParts.toArray(String[]::new))
                    .setOutputCol(TREE), Use.TREE, current);
            description.put("tree_vector_size", treeParts.size());
            description.put("tree_categories", nominal);
            description.put("tree_ranked_columns", ranked);
            description.put("tree_max_bins", treeMaxBins);
        }
        description.put("stages", stages.stream().map(s -> s.transformer().uid() + " (" + s.use().name().toLowerCase() + ")")
                .collect(Collectors.toList()));
        return new Fitted(List.copyOf(stages), treeMaxBins, description);
    }

    private static Dataset<Row> add(List<Stage> stages, Transformer transformer, Use use, Dataset<Row> current) {
        stages.add(new Stage(transformer, use));
        return transformer.transform(current);
    }

    private static String[] names(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + i).toArray(String[]::new);
    }
}
