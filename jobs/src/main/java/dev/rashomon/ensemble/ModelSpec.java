package dev.rashomon.ensemble;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.ml.classification.FMClassifier;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.classification.RandomForestClassifier;

/**
 * One model of the pool: its family, hyper-parameters, seed and bootstrap resample, and the id
 * that names it everywhere (model table, predictions, the folder of its saved pipeline).
 *
 * @param seed the family's seed, null for logistic regression (deterministic)
 * @param bootstrapId the resample it trains on (1, 2, …), null when it trains on the whole training split
 */
record ModelSpec(String id, Family family, Hyperparameters parameters, Long seed, Integer bootstrapId) {

    /** The hyper-parameters of one family. */
    public sealed interface Hyperparameters {
        /**
         * The MLlib estimator, named {@code uid} (its model and the model's folder in a saved
         * pipeline take the name); {@code treeMaxBins} is what the tree feature vector needs.
         */
        ProbabilisticClassifier<?, ?, ?> estimator(String uid, Long seed, int treeMaxBins);

        /** The parameters as a JSON-able map, in a fixed order. */
        Map<String, Object> describe(int treeMaxBins);

        /** The id without the family prefix, seed and bootstrap, e.g. "r0.01-e0.5". */
        String idPart();
    }

    /** {@code LogisticRegression}, binomial, with intercept and MLlib's internal standardisation. */
    public record LogisticRegressionParams(double regParam, double elasticNetParam, int maxIter) implements Hyperparameters {
        @Override
        public ProbabilisticClassifier<?, ?, ?> estimator(String uid, Long seed, int treeMaxBins) {
            return new LogisticRegression(uid).setFamily("binomial").setRegParam(regParam)
                    .setElasticNetParam(elasticNetParam).setMaxIter(maxIter);
        }

        @Override
        public Map<String, Object> describe(int treeMaxBins) {
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("reg_param", regParam);
            params.put("elastic_net_param", elasticNetParam);
            params.put("max_iter", maxIter);
            return params;
        }

        @Override
        public String idPart() {
            return "r" + number(regParam) + "-e" + number(elasticNetParam);
        }
    }

    /** {@code FMClassifier} with AdamW on the full batch. */
    public record FactorizationMachinesParams(int factorSize, double regParam, double stepSize, int maxIter)
            implements Hyperparameters {
        @Override
        public ProbabilisticClassifier<?, ?, ?> estimator(String uid, Long seed, int treeMaxBins) {
            return new FMClassifier(uid).setFactorSize(factorSize).setRegParam(regParam).setStepSize(stepSize)
                    .setMaxIter(maxIter).setSeed(seed);
        }

        @Override
        public Map<String, Object> describe(int treeMaxBins) {
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("factor_size", factorSize);
            params.put("reg_param", regParam);
            params.put("step_size", stepSize);
            params.put("max_iter", maxIter);
            return params;
        }

        @Override
        public String idPart() {
            return "k" + factorSize + "-r" + number(regParam);
        }
    }

    /** {@code RandomForestClassifier} with MLlib's defaults besides these. */
    public record RandomForestParams(int numTrees, int maxDepth) implements Hyperparameters {
        @Override
        public ProbabilisticClassifier<?, ?, ?> estimator(String uid, Long seed, int treeMaxBins) {
            return new RandomForestClassifier(uid).setNumTrees(numTrees).setMaxDepth(maxDepth).setMaxBins(treeMaxBins)
                    .setSeed(seed);
        }

        @Override
        public Map<String, Object> describe(int treeMaxBins) {
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("num_trees", numTrees);
            params.put("max_depth", maxDepth);
            params.put("max_bins", treeMaxBins);
            return params;
        }

        @Override
        public String idPart() {
            return "t" + numTrees + "-d" + maxDepth;
        }
    }

    /** {@code GBTClassifier} (logistic loss). */
    public record GbtParams(int maxIter, int maxDepth, double stepSize, double subsamplingRate) implements Hyperparameters {
        @Override
        public ProbabilisticClassifier<?, ?, ?> estimator(String uid, Long seed, int treeMaxBins) {
            return new GBTClassifier(uid).setMaxIter(maxIter).setMaxDepth(maxDepth).setStepSize(stepSize)
                    .setSubsamplingRate(subsamplingRate).setMaxBins(treeMaxBins).setSeed(seed);
        }

        @Override
        public Map<String, Object> describe(int treeMaxBins) {
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("max_iter", maxIter);
            params.put("max_depth", maxDepth);
            params.put("step_size", stepSize);
            params.put("subsampling_rate", subsamplingRate);
            params.put("max_bins", treeMaxBins);
            return params;
        }

        @Override
        public String idPart() {
            return "i" + maxIter + "-d" + maxDepth;
        }
    }

    /** A spec whose id follows from its parts: {@code <family>-<params>[-s<seed>][-b<bootstrap>]}. */
    static ModelSpec of(Family family, Hyperparameters parameters, Long seed, Integer bootstrapId) {
        String id = family.idPrefix + "-" + parameters.idPart() + (seed == null ? "" : "-s" + seed)
                + (bootstrapId == null ? "" : "-b" + bootstrapId);
        return new ModelSpec(id, family, parameters, seed, bootstrapId);
    }

    /** A number as it reads in an id: 0, 0.001, 0.5, 1 (no exponent, no trailing zeros). */
    static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
