package dev.rashomon.outrank;

import static dev.rashomon.config.ConfigValues.orDefault;
import static dev.rashomon.config.ConfigValues.require;

import dev.rashomon.config.Doc;
import dev.rashomon.config.FeaturesConfig;
import dev.rashomon.config.InputConfig;
import dev.rashomon.config.LabelConfig;
import dev.rashomon.config.NumericConfig;
import dev.rashomon.config.OutputConfig;
import dev.rashomon.config.SampleConfig;
import dev.rashomon.dataset.DatasetSpec;
import java.util.List;

/** The config of the {@code outrank} job. */
public record OutrankConfig(
        InputConfig input,
        LabelConfig label,
        FeaturesConfig features,
        @Doc("values that mean \"no value\" (null cells always do); a missing value is one category of its own "
                + "for MI and counts against coverage") List<String> missing,
        NumericConfig numeric,
        SampleConfig sample,
        Outrank outrank,
        OutputConfig output) {

    /** Options of the ranking itself. */
    public record Outrank(
            @Doc("score that orders the ranking, highest first; ties by feature name") RankBy rankBy) {
        public Outrank {
            rankBy = orDefault(rankBy, RankBy.MI_ADJUSTED);
        }
    }

    public OutrankConfig {
        input = orDefault(input, new InputConfig(null, null, null, null, null));
        label = orDefault(label, new LabelConfig(null, null, null));
        features = orDefault(features, new FeaturesConfig(null, null));
        missing = missing == null ? List.of("") : List.copyOf(missing);
        numeric = orDefault(numeric, new NumericConfig(null, null, null));
        sample = orDefault(sample, new SampleConfig(null, null));
        outrank = orDefault(outrank, new Outrank(null));
        output = orDefault(output, new OutputConfig(null, null, null));
    }

    public void validate() {
        require(input.path(), "input.path");
        input.validate();
        label.validate();
        numeric.validate();
        sample.validate();
        output.validate();
    }

    DatasetSpec datasetSpec() {
        return new DatasetSpec(label, features, missing, numeric, sample);
    }
}
