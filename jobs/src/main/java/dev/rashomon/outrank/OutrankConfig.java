package dev.rashomon.outrank;

import static dev.rashomon.config.ConfigValues.check;
import static dev.rashomon.config.ConfigValues.orDefault;
import static dev.rashomon.config.ConfigValues.require;

import dev.rashomon.config.Choice;
import dev.rashomon.config.Doc;
import dev.rashomon.config.FeaturesConfig;
import dev.rashomon.config.InputConfig;
import dev.rashomon.config.LabelConfig;
import dev.rashomon.config.NumericConfig;
import dev.rashomon.config.OutputConfig;
import dev.rashomon.config.SampleConfig;
import dev.rashomon.dataset.DatasetSpec;
import dev.rashomon.outrank.compat.CompatOptions;
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
            @Doc("exact: exact scores over all rows, partition-invariant; outrank-compat: OutRank 0.97.6's "
                    + "batched scores and files") Mode mode,
            @Doc("score that orders the ranking in exact mode, highest first; ties by feature name") RankBy rankBy,
            ExactOptions exact,
            CompatOptions compat) {

        /** How the ranking is computed. */
        public enum Mode implements Choice {
            EXACT, OUTRANK_COMPAT
        }

        public Outrank {
            mode = orDefault(mode, Mode.EXACT);
            rankBy = orDefault(rankBy, RankBy.MI_ADJUSTED);
            exact = orDefault(exact, new ExactOptions(null, null, null, null, null, null, null, null, null, null, null));
            compat = orDefault(compat, new CompatOptions(null, null, null, null, null, null, null, null, null, null, null, null, null));
        }
    }

    public OutrankConfig {
        input = orDefault(input, new InputConfig(null, null, null, null, null));
        label = orDefault(label, new LabelConfig(null, null, null));
        features = orDefault(features, new FeaturesConfig(null, null));
        missing = missing == null ? List.of("") : List.copyOf(missing);
        numeric = orDefault(numeric, new NumericConfig(null, null, null));
        sample = orDefault(sample, new SampleConfig(null, null));
        outrank = orDefault(outrank, new Outrank(null, null, null, null));
        output = orDefault(output, new OutputConfig(null, null, null));
    }

    public void validate() {
        require(input.path(), "input.path");
        input.validate();
        label.validate();
        numeric.validate();
        sample.validate();
        output.validate();
        features.validate();
        outrank.exact().validate();
        Transformers.of(outrank.exact().transformers());
        if (isCompat()) {
            outrank.compat().validate();
            input.badRows().requireNoRejectedTable("in outrank-compat mode");
            check(input.format() != InputConfig.Format.LIBSVM && input.format() != InputConfig.Format.VW, "input.format",
                    "a table in outrank-compat mode: csv-raw or ob-vw (OutRank's layouts), or csv, tsv, parquet, orc, json",
                    input.format().configName());
            check(label.threshold() == null, "label.threshold", "unset in outrank-compat mode (OutRank takes the label "
                    + "column's values as they are)", label.threshold());
            check(features.include().isEmpty() && features.exclude().isEmpty(), "features.include/exclude",
                    "empty in outrank-compat mode (OutRank scores every column)", "a list");
            check(numeric.mode() == NumericConfig.Mode.CATEGORICAL, "numeric.mode",
                    "categorical in outrank-compat mode (OutRank takes every value as a category)", numeric.mode().configName());
            check(sample.keepsEverything(), "sample.fraction", "1 in outrank-compat mode (use outrank.compat.subsampling)",
                    sample.fraction());
        } else {
            check(input.format() != InputConfig.Format.OB_VW, "input.format", "one of the suite's formats in exact mode "
                    + "(ob-vw is OutRank's layout, read in outrank-compat mode)", input.format().configName());
        }
    }

    boolean isCompat() {
        return outrank.mode() == Outrank.Mode.OUTRANK_COMPAT;
    }

    DatasetSpec datasetSpec() {
        return new DatasetSpec(label, features, missing, numeric, sample);
    }
}
