package dev.rashomon.run;

/**
 * What a job gets besides its config: the run's id and the console it reports progress on.
 *
 * @param runId a sortable, unique id of this run (UTC time plus a random suffix)
 */
public record RunContext(String runId, Progress progress) {
}
