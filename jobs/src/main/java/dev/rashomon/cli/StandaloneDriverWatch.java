package dev.rashomon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;

/**
 * Follows a driver that a standalone master runs in cluster deploy mode, through the master's REST
 * server ({@code GET /v1/submissions/status/<id>}), to its final state. spark-submit itself returns
 * as soon as the master accepted the driver, and exits 0 even when the driver later fails; this
 * turns the driver's own outcome into the launcher's exit code.
 */
public final class StandaloneDriverWatch {
    /** Spark's DriverState values after which a driver does not run again. */
    static final Set<String> FINAL_STATES = Set.of("FINISHED", "FAILED", "ERROR", "KILLED");

    /**
     * One status answer of the master.
     *
     * @param state Spark's DriverState (SUBMITTED, RUNNING, RELAUNCHING, FINISHED, FAILED, ERROR, KILLED, UNKNOWN)
     * @param message the master's message, e.g. the exception of an ERROR; may be null
     */
    public record DriverStatus(String submissionId, String state, String workerId, String workerHostPort, String message) {
        public boolean isFinal() {
            return FINAL_STATES.contains(state);
        }
    }

    private final String baseUrl;
    private final Duration interval;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /**
     * @param restMaster the master's REST address as spark-submit takes it, spark://host:port
     *                   (port 6066 unless spark.master.rest.port says otherwise)
     */
    public StandaloneDriverWatch(String restMaster, Duration interval) {
        String hostPort = restMaster.replaceFirst("^spark://", "").replaceAll("/+$", "");
        if (hostPort.contains(",")) {
            // With several masters only one is active; the first answering one is asked each time.
            hostPort = hostPort.split(",")[0];
        }
        this.baseUrl = "http://" + hostPort + "/v1/submissions";
        this.interval = interval;
    }

    /** Asks the master once. */
    public DriverStatus status(String submissionId) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/status/" + submissionId))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body;
        try {
            body = new ObjectMapper().readTree(response.body());
        } catch (IOException e) {
            throw new IOException("the master's REST server at " + baseUrl + " answered HTTP " + response.statusCode()
                    + " with no status: " + firstLine(response.body()));
        }
        if (!body.path("success").asBoolean(false) || !body.hasNonNull("driverState")) {
            String message = text(body, "message");
            throw new IOException("the master does not know driver " + submissionId + (message == null ? "" : ": " + firstLine(message)));
        }
        return new DriverStatus(submissionId, body.get("driverState").asText(), text(body, "workerId"),
                text(body, "workerHostPort"), text(body, "message"));
    }

    /** Polls until the driver reaches a final state; prints each new state on {@code progress}. */
    public DriverStatus await(String submissionId, PrintStream progress) throws IOException, InterruptedException {
        String last = null;
        while (true) {
            DriverStatus status = status(submissionId);
            if (!status.state().equals(last)) {
                progress.println("rashomon: driver " + submissionId + " " + status.state()
                        + (status.workerId() == null ? "" : " on " + status.workerId()));
                last = status.state();
            }
            if (status.isFinal()) {
                return status;
            }
            Thread.sleep(interval.toMillis());
        }
    }

    /** The launcher's exit code for a driver's final state: 0 only when it finished. */
    public static int exitCode(DriverStatus status) {
        return status.state().equals("FINISHED") ? Rashomon.OK : Rashomon.FAILED;
    }

    /** The one line that says how a driver ended that did not finish, and where its log is. */
    public static String failureLine(DriverStatus status) {
        String line = "rashomon: driver " + status.submissionId() + " ended " + status.state();
        if (status.workerId() != null) {
            line += "; its log: " + status.submissionId() + "/stderr in the work dir of " + status.workerId()
                    + " (" + status.workerHostPort() + ")";
        }
        if (status.message() != null && !status.message().isBlank()) {
            line += "; the master says: " + firstLine(status.message());
        }
        return line;
    }

    private static String text(JsonNode body, String field) {
        return body.hasNonNull(field) ? body.get(field).asText() : null;
    }

    private static String firstLine(String text) {
        return text.strip().lines().findFirst().orElse("");
    }
}
