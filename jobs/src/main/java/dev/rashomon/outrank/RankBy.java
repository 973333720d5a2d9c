package dev.rashomon.outrank;

import dev.rashomon.config.Choice;
import java.util.function.ToDoubleFunction;

/** The score features are ranked by, highest first. */
public enum RankBy implements Choice {
    MI_ADJUSTED(FeatureScore::miAdjusted),
    MI(FeatureScore::mi),
    AMI(FeatureScore::ami),
    NMI(FeatureScore::nmi),
    SU(FeatureScore::su),
    GAIN_RATIO(FeatureScore::gainRatio),
    G_STAT(FeatureScore::gStat);

    private final ToDoubleFunction<FeatureScore> score;

    RankBy(ToDoubleFunction<FeatureScore> score) {
        this.score = score;
    }

    double of(FeatureScore feature) {
        return score.applyAsDouble(feature);
    }

    @Override
    public String configName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
