package dev.rashomon.config;

import static dev.rashomon.config.ConfigValues.check;
import static dev.rashomon.config.ConfigValues.orDefault;

/** A Bernoulli row sample, decided per row by a hash of its content and the seed. */
public record SampleConfig(
        @Doc("share of rows kept, in (0, 1]; 1 reads every row") Double fraction,
        @Doc("seed of the sample; recorded in run.json") Long seed) {

    public SampleConfig {
        fraction = orDefault(fraction, 1.0);
        seed = orDefault(seed, 42L);
    }

    public boolean keepsEverything() {
        return fraction >= 1.0;
    }

    public void validate() {
        check(fraction > 0 && fraction <= 1, "sample.fraction", "in (0, 1]", fraction);
    }
}
