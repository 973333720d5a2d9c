package dev.rashomon.bench.outrank;

import dev.rashomon.bench.Meter;

/** One contender's figures on one data set; {@code seconds} is null when it did not run. */
public record Contender(String name, Double seconds, long cells, Long shuffleBytes, Long peakHeapBytes, String note,
                        Meter.Reading reading) {
    static Contender measured(String name, long cells, Meter.Reading reading, String note) {
        return new Contender(name, reading.seconds(), cells, reading.shuffleBytes(), reading.peakHeapBytes(), note, reading);
    }

    static Contender cannot(String name, String reason) {
        return new Contender(name, null, 0, null, null, "cannot: " + reason, null);
    }

    public Double cellsPerSecond() {
        return seconds == null ? null : cells / seconds;
    }
}
