package dev.rashomon.ensemble;

import dev.rashomon.ensemble.EnsembleConfig.Ensemble;
import dev.rashomon.ensemble.ModelSpec.FactorizationMachinesParams;
import dev.rashomon.ensemble.ModelSpec.GbtParams;
import dev.rashomon.ensemble.ModelSpec.Hyperparameters;
import dev.rashomon.ensemble.ModelSpec.LogisticRegressionParams;
import dev.rashomon.ensemble.ModelSpec.RandomForestParams;
import java.util.ArrayList;
import java.util.List;

/**
 * The pool a config asks for: families in the order {@code ensemble.families} lists them, each
 * family's grid as the product of its lists in the order they are written (the last list varies
 * fastest), seeds next, bootstrap resamples innermost. Position in this list is the model's
 * {@code score_index}.
 */
final class ModelGrid {
    private ModelGrid() {
    }

    static List<ModelSpec> expand(Ensemble ensemble) {
        List<ModelSpec> pool = new ArrayList<>();
        for (Family family : ensemble.familyList()) {
            for (Configuration configuration : configurations(family, ensemble)) {
                if (ensemble.bootstraps() == 0) {
                    pool.add(ModelSpec.of(family, configuration.parameters(), configuration.seed(), null));
                }
                for (int b = 1; b <= ensemble.bootstraps(); b++) {
                    pool.add(ModelSpec.of(family, configuration.parameters(), configuration.seed(), b));
                }
            }
        }
        return List.copyOf(pool);
    }

    private record Configuration(Hyperparameters parameters, Long seed) {
    }

    private static List<Configuration> configurations(Family family, Ensemble ensemble) {
        List<Configuration> grid = new ArrayList<>();
        switch (family) {
            case LOGISTIC_REGRESSION -> {
                EnsembleConfig.LogisticRegression lr = ensemble.logisticRegression();
                for (double reg : lr.regParam()) {
                    // Without regularisation the elastic-net mix changes nothing: one model, not one per mix.
                    List<Double> mixes = reg == 0 ? lr.elasticNetParam().subList(0, 1) : lr.elasticNetParam();
                    for (double mix : mixes) {
                        grid.add(new Configuration(new LogisticRegressionParams(reg, mix, lr.maxIter()), null));
                    }
                }
            }
            case FACTORIZATION_MACHINES -> {
                EnsembleConfig.FactorizationMachines fm = ensemble.factorizationMachines();
                for (int k : fm.factorSize()) {
                    for (double reg : fm.regParam()) {
                        for (long seed : fm.seeds()) {
                            grid.add(new Configuration(new FactorizationMachinesParams(k, reg, fm.stepSize(), fm.maxIter()), seed));
                        }
                    }
                }
            }
            case RANDOM_FOREST -> {
                EnsembleConfig.RandomForest rf = ensemble.randomForest();
                for (int trees : rf.numTrees()) {
                    for (int depth : rf.maxDepth()) {
                        for (long seed : rf.seeds()) {
                            grid.add(new Configuration(new RandomForestParams(trees, depth), seed));
                        }
                    }
                }
            }
            case GBT -> {
                EnsembleConfig.Gbt gbt = ensemble.gbt();
                for (int iterations : gbt.maxIter()) {
                    for (int depth : gbt.maxDepth()) {
                        for (long seed : gbt.seeds()) {
                            grid.add(new Configuration(new GbtParams(iterations, depth, gbt.stepSize(), gbt.subsamplingRate()), seed));
                        }
                    }
                }
            }
            default -> throw new IllegalStateException("no grid for " + family);
        }
        return grid;
    }
}
