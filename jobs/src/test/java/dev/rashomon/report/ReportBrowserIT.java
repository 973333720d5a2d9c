package dev.rashomon.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rashomon.testing.ListeningSockets;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The report in a real browser: Debian's headless chromium, started as its own process and driven
 * over the DevTools protocol (java.net.http's WebSocket, Jackson). The page must load without a
 * console error, an exception or a blocked fetch, hold every chart with a non-zero size, and look
 * like something: the screenshot (saved as jobs/target/report-screenshot.png) is not blank.
 */
class ReportBrowserIT extends ReportInputs {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theReportLoadsCleanlyInChromiumWithEveryChart() throws Exception {
        Path out = temp.resolve("report");
        RunResult result = run("report", "--config", write("report", reportConfig(out, """
                outrank: %s
                multiplicity: %s
                rashomon: %s
                """.formatted(inputs.resolve("outrank"), inputs.resolve("multiplicity"), inputs.resolve("rashomon")))).toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        Path page = out.resolve("run_date=" + DATE).resolve("report.html");

        Path profile = Files.createTempDirectory(temp, "chromium");
        Process browser = startChromium(profile);
        try (DevTools devtools = DevTools.connect(devtoolsUrl(profile, browser))) {
            assertThat(ListeningSockets.ofTree(browser.toHandle())).as("chromium's listening sockets (DevTools)")
                    .isNotEmpty().allMatch(address -> address.matches(ListeningSockets.LOOPBACK), "bound to 127.0.0.1");
            String session = devtools.openPage();
            devtools.call(session, "Runtime.enable", Map.of());
            devtools.call(session, "Log.enable", Map.of());
            devtools.call(session, "Page.enable", Map.of());
            devtools.call(session, "Emulation.setDeviceMetricsOverride",
                    Map.of("width", 1200, "height", 900, "deviceScaleFactor", 1, "mobile", false));
            CompletableFuture<JsonNode> loaded = devtools.next("Page.loadEventFired");
            devtools.call(session, "Page.navigate", Map.of("url", page.toUri().toString()));
            loaded.get(60, TimeUnit.SECONDS);

            JsonNode charts = devtools.call(session, "Runtime.evaluate", Map.of("returnByValue", true, "expression", """
                    JSON.stringify(Array.from(document.querySelectorAll('[data-chart] svg')).map(svg => {
                      const box = svg.getBoundingClientRect();
                      return {name: svg.closest('[data-chart]').dataset.chart, width: box.width, height: box.height};
                    }))""")).at("/result/value");
            List<String> drawn = new ArrayList<>();
            for (JsonNode chart : JSON.readTree(charts.asText())) {
                assertThat(chart.get("width").asDouble()).as(chart.get("name").asText()).isGreaterThan(100);
                assertThat(chart.get("height").asDouble()).as(chart.get("name").asText()).isGreaterThan(100);
                drawn.add(chart.get("name").asText());
            }
            assertThat(drawn).containsExactlyElementsOf(ReportJobTest.ALL_CHARTS);

            double height = devtools.call(session, "Runtime.evaluate", Map.of("returnByValue", true,
                    "expression", "document.documentElement.scrollHeight")).at("/result/value").asDouble();
            JsonNode shot = devtools.call(session, "Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true,
                    "clip", Map.of("x", 0, "y", 0, "width", 1200, "height", height, "scale", 1)));
            byte[] png = Base64.getDecoder().decode(shot.get("data").asText());
            Path saved = Path.of("target", "report-screenshot.png").toAbsolutePath();
            Files.createDirectories(saved.getParent());
            Files.write(saved, png);
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            assertThat(image.getHeight()).as("the whole page").isGreaterThan(3000);
            Set<Integer> colours = new HashSet<>();
            long inked = 0;
            for (int y = 0; y < image.getHeight(); y += 2) {
                for (int x = 0; x < image.getWidth(); x += 2) {
                    int rgb = image.getRGB(x, y) & 0xffffff;
                    colours.add(rgb);
                    if (rgb != 0xffffff) {
                        inked++;
                    }
                }
            }
            double share = inked / (double) ((image.getHeight() / 2) * (image.getWidth() / 2));
            assertThat(colours.size()).as("distinct colours in " + saved).isGreaterThan(200);
            assertThat(share).as("share of non-white pixels in " + saved).isGreaterThan(0.03);

            Thread.sleep(500); // late console messages
            assertThat(devtools.problems()).as("console errors, exceptions and failed loads").isEmpty();
        } finally {
            // The whole tree: chromium's renderer and zygote processes outlive a killed parent for a moment and
            // keep writing to the profile, which JUnit is about to delete.
            List<ProcessHandle> tree = Stream.concat(browser.descendants(), Stream.of(browser.toHandle())).toList();
            tree.forEach(ProcessHandle::destroyForcibly);
            for (ProcessHandle process : tree) {
                process.onExit().get(10, TimeUnit.SECONDS);
            }
        }
    }

    private static Process startChromium(Path profile) throws IOException {
        String binary = null;
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (new File(candidate).canExecute()) {
                binary = candidate;
                break;
            }
        }
        if (binary == null) {
            fail("chromium is not installed (apt-get install -y chromium); the report's browser test needs it");
        }
        return new ProcessBuilder(binary, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-port=0",
                "--user-data-dir=" + profile, "--no-first-run", "--no-default-browser-check", "about:blank")
                .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
    }

    /** Chromium writes the port it bound (on 127.0.0.1) and the browser's path to DevToolsActivePort. */
    private static URI devtoolsUrl(Path profile, Process browser) throws Exception {
        Path active = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.exists(active)) {
                List<String> lines = Files.readAllLines(active);
                if (lines.size() >= 2) {
                    return URI.create("ws://127.0.0.1:" + lines.get(0).trim() + lines.get(1).trim());
                }
            }
            if (!browser.isAlive()) {
                fail("chromium exited with " + browser.exitValue() + ": " + Files.readString(profile.resolve("chromium.log")));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("chromium did not write " + active + " within 60 s");
    }

    /** A DevTools connection: numbered calls with their answers, events, and the problems the page reported. */
    private static final class DevTools implements WebSocket.Listener, AutoCloseable {
        private final Map<Integer, CompletableFuture<JsonNode>> calls = new ConcurrentHashMap<>();
        private final Map<String, CompletableFuture<JsonNode>> awaited = new ConcurrentHashMap<>();
        private final List<String> problems = new CopyOnWriteArrayList<>();
        private final AtomicInteger ids = new AtomicInteger();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        static DevTools connect(URI url) throws Exception {
            DevTools devtools = new DevTools();
            devtools.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
                    .buildAsync(url, devtools).get(30, TimeUnit.SECONDS);
            return devtools;
        }

        /** Opens a page target and attaches to it; returns the session id. */
        String openPage() throws Exception {
            String target = call(null, "Target.createTarget", Map.of("url", "about:blank")).get("targetId").asText();
            return call(null, "Target.attachToTarget", Map.of("targetId", target, "flatten", true)).get("sessionId").asText();
        }

        JsonNode call(String session, String method, Map<String, Object> params) throws Exception {
            int id = ids.incrementAndGet();
            ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
            message.set("params", JSON.valueToTree(params));
            if (session != null) {
                message.put("sessionId", session);
            }
            CompletableFuture<JsonNode> answer = new CompletableFuture<>();
            calls.put(id, answer);
            socket.sendText(JSON.writeValueAsString(message), true).get(30, TimeUnit.SECONDS);
            JsonNode reply = answer.get(60, TimeUnit.SECONDS);
            if (reply.has("error")) {
                throw new AssertionError(method + " failed: " + reply.get("error"));
            }
            return reply.get("result");
        }

        CompletableFuture<JsonNode> next(String event) {
            return awaited.computeIfAbsent(event, e -> new CompletableFuture<>());
        }

        List<String> problems() {
            return problems;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    handle(JSON.readTree(partial.toString()));
                } catch (IOException e) {
                    problems.add("unreadable DevTools message: " + e.getMessage());
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        private void handle(JsonNode message) {
            if (message.has("id")) {
                CompletableFuture<JsonNode> answer = calls.remove(message.get("id").asInt());
                if (answer != null) {
                    answer.complete(message);
                }
                return;
            }
            String method = message.path("method").asText();
            JsonNode params = message.path("params");
            switch (method) {
                case "Runtime.consoleAPICalled" -> {
                    if (params.path("type").asText().equals("error") || params.path("type").asText().equals("assert")) {
                        problems.add("console." + params.path("type").asText() + ": " + params.path("args"));
                    }
                }
                case "Runtime.exceptionThrown" -> problems.add("exception: " + params.path("exceptionDetails"));
                case "Log.entryAdded" -> {
                    if (params.at("/entry/level").asText().equals("error")) {
                        problems.add("log: " + params.path("entry"));
                    }
                }
                default -> {
                }
            }
            CompletableFuture<JsonNode> waiting = awaited.remove(method);
            if (waiting != null) {
                waiting.complete(params);
            }
        }

        @Override
        public void close() {
            socket.abort();
        }
    }
}
