package dev.rashomon.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.rashomon.cli.StandaloneDriverWatch.DriverStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The driver watch against a real HTTP server on 127.0.0.1 that answers as a Spark 4.2 master's
 * REST server did: the bodies in {@code cluster/rest/} were recorded from the loopback cluster.
 */
class StandaloneDriverWatchTest {
    private static final String FINISHED_ID = "driver-20261126155311-0000";
    private static final String FAILED_ID = "driver-20261126155734-0002";
    private static final String ERROR_ID = "driver-20261126155554-0001";

    private HttpServer server;
    /** The answers still to give, one per request, in order; each is (HTTP code, body). */
    private final Deque<Answer> answers = new ArrayDeque<>();
    private final List<String> requested = new ArrayList<>();

    private record Answer(int code, String body) {
    }

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requested.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            Answer answer = answers.isEmpty() ? new Answer(500, "no more answers") : answers.poll();
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.code(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private StandaloneDriverWatch watch() {
        return new StandaloneDriverWatch("spark://127.0.0.1:" + server.getAddress().getPort(), Duration.ofMillis(10));
    }

    /** A recorded body, with its driverState replaced to replay the states a driver went through. */
    private static String recorded(String name) throws IOException {
        try (InputStream in = StandaloneDriverWatchTest.class.getResourceAsStream("/cluster/rest/" + name + ".json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String inState(String body, String state) {
        return body.replaceFirst("\"driverState\" : \"[A-Z]+\"", "\"driverState\" : \"" + state + "\"");
    }

    @Test
    void waitsThroughSubmittedAndRunningUntilTheDriverFailsAndExitsNonZero() throws Exception {
        String failed = recorded("failed");
        answers.add(new Answer(200, inState(failed, "SUBMITTED")));
        answers.add(new Answer(200, inState(failed, "RUNNING")));
        answers.add(new Answer(200, inState(failed, "RUNNING")));
        answers.add(new Answer(200, failed));
        ByteArrayOutputStream progress = new ByteArrayOutputStream();

        DriverStatus status = watch().await(FAILED_ID, new PrintStream(progress, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(new DriverStatus(FAILED_ID, "FAILED", "worker-20261126154807-127.0.0.1-40237",
                "127.0.0.1:40237", null));
        assertThat(requested).hasSize(4).allMatch(r -> r.equals("GET /v1/submissions/status/" + FAILED_ID));
        // Each state once, however often the master repeats it.
        assertThat(progress.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "rashomon: driver " + FAILED_ID + " SUBMITTED on worker-20261126154807-127.0.0.1-40237",
                "rashomon: driver " + FAILED_ID + " RUNNING on worker-20261126154807-127.0.0.1-40237",
                "rashomon: driver " + FAILED_ID + " FAILED on worker-20261126154807-127.0.0.1-40237");
        assertThat(StandaloneDriverWatch.exitCode(status)).isEqualTo(1);
        assertThat(StandaloneDriverWatch.failureLine(status)).isEqualTo("rashomon: driver " + FAILED_ID
                + " ended FAILED; its log: " + FAILED_ID + "/stderr in the work dir of worker-20261126154807-127.0.0.1-40237"
                + " (127.0.0.1:40237)");
    }

    @Test
    void aFinishedDriverExitsZero() throws Exception {
        answers.add(new Answer(200, inState(recorded("finished"), "RUNNING")));
        answers.add(new Answer(200, recorded("finished")));

        DriverStatus status = watch().await(FINISHED_ID, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertThat(status.state()).isEqualTo("FINISHED");
        assertThat(status.isFinal()).isTrue();
        assertThat(StandaloneDriverWatch.exitCode(status)).isZero();
    }

    @Test
    void aDriverTheWorkerCouldNotLaunchEndsInErrorWithTheMastersMessage() throws Exception {
        answers.add(new Answer(200, recorded("error")));

        DriverStatus status = watch().await(ERROR_ID, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertThat(status.state()).isEqualTo("ERROR");
        assertThat(StandaloneDriverWatch.exitCode(status)).isEqualTo(1);
        assertThat(StandaloneDriverWatch.failureLine(status)).endsWith(
                "; the master says: Exception from the cluster:");
        assertThat(status.message()).contains("java.nio.file.NoSuchFileException: /tmp/no-such.jar");
    }

    @Test
    void relaunchingAndUnknownAreNotFinal() throws Exception {
        String failed = recorded("failed");
        answers.add(new Answer(200, inState(failed, "RELAUNCHING")));
        answers.add(new Answer(200, inState(failed, "UNKNOWN")));
        answers.add(new Answer(200, inState(failed, "KILLED")));

        DriverStatus status = watch().await(FAILED_ID, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertThat(requested).hasSize(3);
        assertThat(status.state()).isEqualTo("KILLED");
        assertThat(StandaloneDriverWatch.exitCode(status)).isEqualTo(1);
    }

    @Test
    void aDriverTheMasterDoesNotKnowIsAnError() throws Exception {
        answers.add(new Answer(200, recorded("unknown")));

        assertThatThrownBy(() -> watch().status("driver-nope"))
                .isInstanceOf(IOException.class)
                .hasMessage("the master does not know driver driver-nope");
    }

    @Test
    void aServerThatIsNotTheRestServerIsNamed() {
        answers.add(new Answer(404, "<html>Not Found</html>"));

        assertThatThrownBy(() -> watch().status(FAILED_ID))
                .isInstanceOf(IOException.class)
                .hasMessage("the master's REST server at http://127.0.0.1:" + server.getAddress().getPort()
                        + "/v1/submissions answered HTTP 404 with no status: <html>Not Found</html>");
    }
}
