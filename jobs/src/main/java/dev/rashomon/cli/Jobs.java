package dev.rashomon.cli;

import dev.rashomon.ensemble.EnsembleJob;
import dev.rashomon.multiplicity.MultiplicityJob;
import dev.rashomon.outrank.OutrankJob;
import dev.rashomon.rashomon.RashomonJob;
import dev.rashomon.report.ReportJob;
import java.util.List;
import java.util.Optional;

/** Every job of the suite, by name. */
public final class Jobs {
    private static final List<Job<?>> ALL = List.of(new OutrankJob(), new EnsembleJob(), new MultiplicityJob(),
            new RashomonJob(), new ReportJob());

    private Jobs() {
    }

    public static List<Job<?>> all() {
        return ALL;
    }

    public static Optional<Job<?>> find(String name) {
        return ALL.stream().filter(job -> job.name().equals(name)).findFirst();
    }
}
