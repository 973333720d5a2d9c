package dev.rashomon.cli;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.s3a.HttpChannelEOFException;

/**
 * The one line for a run that failed because the storage (S3, HDFS) could not be reached. Spark
 * reports such a failure as a task failure whose first line is a few hundred characters of stage,
 * task and SDK wrapping around the two things that matter: where, and why.
 */
final class StorageFailure {
    private static final Pattern URI = Pattern.compile("\\b[a-z][a-z0-9+.-]*://[^\\s:/]+(:\\d+)?[^\\s:]*");

    private StorageFailure() {
    }

    /** "cannot reach the storage at URI: REASON …", if a network failure is among the causes. */
    static Optional<String> describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String reason = reason(t);
            if (reason != null) {
                Matcher uri = URI.matcher(String.valueOf(t.getMessage()));
                String where = uri.find() ? " at " + uri.group() : "";
                String retries = where.startsWith(" at s3a://")
                        ? ", after S3A's retries (fs.s3a.retry.limit, fs.s3a.attempts.maximum)" : "";
                return Optional.of("cannot reach the storage" + where + ": " + reason + retries);
            }
        }
        return Optional.empty();
    }

    private static String reason(Throwable t) {
        if (t instanceof UnknownHostException) {
            return "unknown host " + t.getMessage();
        }
        if (t instanceof SocketTimeoutException) {
            return "timed out";
        }
        if (t instanceof HttpChannelEOFException) {
            return "the server closed the connection"; // it went away in the middle of a request
        }
        if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
            // The deepest message says it plainly ("Connection refused"); the outer ones wrap it.
            String message = null;
            for (Throwable c = t; c != null; c = c.getCause()) {
                message = c.getMessage() == null ? message : c.getMessage();
            }
            String plain = message == null ? t.getClass().getSimpleName() : message.substring(message.lastIndexOf(": ") + 1).strip();
            return plain.isEmpty() ? t.getClass().getSimpleName() : plain;
        }
        return null;
    }
}
