package dev.rashomon.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The TCP addresses processes listen on, as {@code ss -Hltnp} lists them: to check that servers bind 127.0.0.1 only. */
public final class ListeningSockets {
    /** 127.0.0.1, or the same address in IPv6's IPv4-mapped form, with a port. */
    public static final String LOOPBACK = "(127\\.0\\.0\\.1|\\[::ffff:127\\.0\\.0\\.1\\]):\\d+";

    private ListeningSockets() {
    }

    /** The local addresses ({@code host:port}) that any of the processes listens on. */
    public static List<String> of(Stream<ProcessHandle> processes) {
        List<String> pids = processes.map(p -> "pid=" + p.pid() + ",").toList();
        try {
            Process ss = new ProcessBuilder("ss", "-Hltnp").redirectErrorStream(true).start();
            String sockets = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            ss.waitFor(10, TimeUnit.SECONDS);
            // State, Recv-Q, Send-Q, local address, peer, process
            return sockets.lines().filter(line -> pids.stream().anyMatch(line::contains))
                    .map(line -> line.trim().split("\\s+")[3]).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The addresses a process and its descendants listen on. */
    public static List<String> ofTree(ProcessHandle process) {
        return of(Stream.concat(Stream.of(process), process.descendants()));
    }
}
