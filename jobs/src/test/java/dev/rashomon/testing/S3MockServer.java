package dev.rashomon.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Adobe S3Mock's standalone jar as its own process, serving plain HTTP on 127.0.0.1 only.
 *
 * <p>S3Mock (Spring Boot) has two connectors: the main one ({@code server.port}, HTTPS), which
 * honours {@code server.address}, and an extra HTTP one ({@code com.adobe.testing.s3mock.httpPort})
 * that it creates without an address, so Tomcat would bind it to every interface. A one-bean Spring
 * XML file, passed as an extra source, sets that connector's address to loopback before Tomcat
 * binds it ({@code ss -ltn} shows both on 127.0.0.1). The bucket exists from the start. Tomcat's
 * access log records each request with its Authorization header, so a test can see which access
 * key signed it (the secret key never travels, only a signature made with it).
 */
public final class S3MockServer implements AutoCloseable {
    public static final String REGION = "us-east-1";
    private static final String LOOPBACK_CONNECTOR = """
            <?xml version="1.0" encoding="UTF-8"?>
            <beans xmlns="http://www.springframework.org/schema/beans"
                   xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                   xsi:schemaLocation="http://www.springframework.org/schema/beans https://www.springframework.org/schema/beans/spring-beans.xsd">
              <!-- Not lazy: it must run before the web server starts its connectors. -->
              <bean id="loopbackHttpConnector" class="java.lang.String" lazy-init="false">
                <constructor-arg value="#{webServerFactory.additionalTomcatConnectors[0].setProperty('address', '127.0.0.1')}"/>
              </bean>
            </beans>
            """;

    private final Process process;
    private final int port;
    private final Path log;
    private final Path jar;
    private final Path folder;
    private final String bucket;

    private S3MockServer(Process process, int port, Path log, Path jar, Path folder, String bucket) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.jar = jar;
        this.folder = folder;
        this.bucket = bucket;
    }

    /** Starts S3Mock from {@code jar} with its store under {@code folder}, and waits until it answers. */
    public static S3MockServer start(Path jar, Path folder, String bucket) throws IOException, InterruptedException {
        return start(jar, folder, bucket, freeLoopbackPort());
    }

    /**
     * Stops the server at once, as a crash would (SIGKILL: open connections drop, nothing is flushed
     * or cleaned up); its objects stay in its store folder.
     */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("S3Mock (pid " + process.pid() + ") did not end after SIGKILL");
        }
    }

    /** A new server on the same port and store folder: it serves the objects the stopped one had. */
    public S3MockServer restart() throws IOException, InterruptedException {
        if (process.isAlive()) {
            kill();
        }
        return start(jar, folder, bucket, port);
    }

    private static S3MockServer start(Path jar, Path folder, String bucket, int port) throws IOException, InterruptedException {
        Files.createDirectories(folder);
        Path sources = Files.writeString(folder.resolve("loopback-connector.xml"), LOOPBACK_CONNECTOR);
        Path log = folder.resolve("s3mock.log");
        Process process = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar", jar.toString(),
                "--spring.main.sources=file:" + sources,
                "--server.address=127.0.0.1", "--server.port=0",
                "--com.adobe.testing.s3mock.httpPort=" + port,
                "--com.adobe.testing.s3mock.store.root=" + folder.resolve("store"),
                "--com.adobe.testing.s3mock.store.initialBuckets=" + bucket,
                // Kept for a restart; the test's temporary folder goes at the end anyway.
                "--com.adobe.testing.s3mock.store.retainFilesOnExit=true",
                "--server.tomcat.accesslog.enabled=true", "--server.tomcat.accesslog.directory=" + folder,
                "--server.tomcat.accesslog.prefix=requests", "--server.tomcat.accesslog.suffix=.log",
                "--server.tomcat.accesslog.file-date-format=", "--server.tomcat.accesslog.buffered=false",
                "--server.tomcat.accesslog.pattern=%r %s %{Authorization}i"))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        S3MockServer server = new S3MockServer(process, port, log, jar, folder, bucket);
        server.awaitReady(Duration.ofSeconds(90));
        return server;
    }

    /** The HTTP endpoint, e.g. {@code http://127.0.0.1:40123}. */
    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** The requests served so far, one line each: request line, status, Authorization header. */
    public String requests() throws IOException {
        Path requests = log.resolveSibling("requests.log");
        return Files.exists(requests) ? Files.readString(requests) : "";
    }

    /** The HTTP port. */
    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** An S3 client of this server (path-style; S3Mock accepts any key pair). */
    public S3Client client(String accessKey, String secretKey) {
        return S3Client.builder()
                .endpointOverride(URI.create(endpoint()))
                .region(Region.of(REGION))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .build();
    }

    public static void upload(S3Client s3, String bucket, String key, Path file) {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(file));
    }

    /** Every object under {@code prefix}, key → ETag, directory markers ({@code …/}) included. */
    public static Map<String, String> objects(S3Client s3, String bucket, String prefix) {
        Map<String, String> objects = new TreeMap<>();
        for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
            objects.put(object.key(), object.eTag());
        }
        return objects;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Mock exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                HttpURLConnection connection = (HttpURLConnection) URI.create(endpoint() + "/").toURL().openConnection();
                connection.setConnectTimeout(1000);
                connection.setReadTimeout(5000);
                if (connection.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        close();
        throw new IllegalStateException("S3Mock did not answer within " + timeout + ":\n" + Files.readString(log));
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
