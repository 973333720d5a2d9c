package dev.rashomon.cli;

import dev.rashomon.config.ConfigHelp;
import dev.rashomon.config.ConfigLoader;
import dev.rashomon.query.SqlArguments;
import dev.rashomon.query.SqlCommand;
import dev.rashomon.run.Progress;
import dev.rashomon.run.RunContext;
import dev.rashomon.run.Secrets;
import dev.rashomon.run.UserError;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The main class given to spark-submit: {@code <job> --config FILE [--set key=value]…}. Parses
 * arguments, loads and validates the config before any Spark work, runs the job and turns the
 * outcome into an exit code: 0 success, 2 bad config or input, 1 runtime failure.
 */
public final class Rashomon {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_INPUT = 2;

    private Rashomon() {
    }

    public static void main(String[] args) {
        int code = execute(Arrays.asList(args), Rashomon::newSession, true, System.out, System.err);
        if (code != OK) {
            System.exit(code);
        }
    }

    private static SparkSession newSession() {
        SparkConf conf = new SparkConf();
        return OutOfMemory.keepLocalDriverAlive(KryoRecords.register(SparkSession.builder(), conf), conf).getOrCreate();
    }

    /**
     * Runs a command line and returns its exit code.
     *
     * @param session gives the SparkSession; called only once config and arguments are valid
     * @param stopSession whether to stop the session afterwards (not when a test shares one)
     */
    public static int execute(List<String> args, Supplier<SparkSession> session, boolean stopSession,
                              PrintStream out, PrintStream err) {
        String name = "rashomon";
        String task = "rashomon";
        try {
            if (isSql(args)) {
                task = SqlCommand.NAME;
                name = "rashomon " + SqlCommand.NAME;
                runSql(SqlArguments.parse(args.subList(1, args.size())), session, stopSession, out, err);
                return OK;
            }
            JobArguments arguments = JobArguments.parse(args);
            if (arguments.job() == null) {
                out.print(usage());
                return OK;
            }
            Job<?> job = Jobs.find(arguments.job()).orElseThrow(() -> new UserError(
                    "unknown job '" + arguments.job() + "'; jobs: " + String.join(", ", Jobs.all().stream().map(Job::name).toList())));
            name = "rashomon " + job.name();
            task = job.name();
            if (arguments.help()) {
                out.print(jobHelp(job));
                return OK;
            }
            runJob(job, arguments, session, stopSession, err);
            return OK;
        } catch (Throwable t) {
            UserError userError = UserError.findIn(t);
            if (userError != null) {
                err.println(name + ": error: " + Secrets.withoutUserInfo(userError.getMessage()));
                return BAD_INPUT;
            }
            String message = OutOfMemory.describe(t, task).or(() -> StorageFailure.describe(t)).orElseGet(() ->
                    t.getMessage() == null ? t.getClass().getName() : t.getMessage().lines().findFirst().orElse(""));
            err.println(name + ": failed: " + Secrets.withoutUserInfo(message));
            t.printStackTrace(err);
            return FAILED;
        }
    }

    /**
     * Checks a command line's config as a run would, without Spark, when the config is a file on
     * this machine; a config elsewhere (hdfs://, s3a://, or a path only the cluster sees) is left
     * to the driver. Returns OK, or BAD_INPUT after the error line.
     */
    static int validateLocalConfig(List<String> args, PrintStream err) {
        String name = "rashomon";
        try {
            JobArguments arguments = JobArguments.parse(args);
            Job<?> job = Jobs.find(arguments.job()).orElseThrow(() -> new UserError("unknown job '" + arguments.job() + "'"));
            name = "rashomon " + job.name();
            if (arguments.config() != null && Files.isRegularFile(Path.of(arguments.config()))) {
                validate(job, arguments);
            }
            return OK;
        } catch (UserError e) {
            err.println(name + ": error: " + e.getMessage());
            return BAD_INPUT;
        } catch (RuntimeException e) {
            UserError userError = UserError.findIn(e);
            if (userError == null) {
                throw e;
            }
            err.println(name + ": error: " + userError.getMessage());
            return BAD_INPUT;
        }
    }

    private static <C extends Record> void validate(Job<C> job, JobArguments arguments) {
        job.validate(ConfigLoader.load(arguments.config(), arguments.overrides(), job.configType()));
    }

    private static <C extends Record> void runJob(Job<C> job, JobArguments arguments, Supplier<SparkSession> session,
                                                  boolean stopSession, PrintStream err) throws Exception {
        C config = ConfigLoader.load(arguments.config(), arguments.overrides(), job.configType());
        job.validate(config);
        Progress progress = new Progress(Progress.mode(arguments.quiet(), arguments.progress(), Progress.stderrIsTerminal()), err);
        SparkSession spark = session.get();
        progress.start(spark.sparkContext());
        boolean finished = false;
        try {
            job.run(spark, config, new RunContext(newRunId(), progress));
            finished = true;
        } finally {
            progress.stop(finished);
            if (stopSession) {
                spark.stop();
            }
        }
    }

    /** {@code sql …}: a command over finished runs' outputs, not a job; it has no config. */
    static boolean isSql(List<String> args) {
        return !args.isEmpty() && args.get(0).equals(SqlCommand.NAME);
    }

    private static void runSql(SqlArguments arguments, Supplier<SparkSession> session, boolean stopSession,
                               PrintStream out, PrintStream err) {
        if (arguments.help()) {
            out.print(SqlCommand.usage());
            return;
        }
        SparkSession spark = session.get();
        try {
            SqlCommand.run(spark, arguments, out, err);
        } finally {
            if (stopSession) {
                spark.stop();
            }
        }
    }

    /** A sortable, unique id: UTC time plus a random suffix. */
    static String newRunId() {
        return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").format(ZonedDateTime.now(ZoneOffset.UTC))
                + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String usage() {
        StringBuilder text = new StringBuilder();
        text.append("rashomon: feature ranking and predictive multiplicity on Apache Spark\n\n")
                .append("usage: submit/rashomon [spark-submit options] <job> --config FILE [--set key=value]...\n")
                .append("       spark-submit [options] --class ").append(Rashomon.class.getName())
                .append(" rashomon-jobs.jar <job> --config FILE [--set key=value]...\n")
                .append("       submit/rashomon [spark-submit options] sql \"<SQL>\" --run FOLDER [--run name=FOLDER]... ")
                .append("[--partition column=value] [--format table|csv|json] [--limit N]\n\n")
                .append("jobs:\n");
        for (Job<?> job : Jobs.all()) {
            text.append(String.format("  %-12s %s%n", job.name(), job.description()));
        }
        text.append("\ncommands:\n")
                .append(String.format("  %-12s %s (submit/rashomon sql --help)%n", SqlCommand.NAME, SqlCommand.description()));
        text.append("\noptions:\n")
                .append("  --config FILE      the job's config, YAML or JSON (local path, or hdfs://, s3a:// …)\n")
                .append("  --set key=value    override a config key; the value is read as YAML (16, true, [a,b])\n")
                .append("  --progress         show Spark's progress (stage, tasks, rows read, elapsed, ETA) even when\n")
                .append("                     stderr is not a terminal; on a terminal it shows by default\n")
                .append("  --quiet            say nothing while working (errors and warnings still go to stderr)\n")
                .append("  --help             this text; with a job, the job's config keys\n\n")
                .append("spark-submit options (the launcher passes them to Spark; default --master local[*]):\n")
                .append("  ").append(String.join(" ", Launcher.SPARK_OPTIONS_WITH_VALUE)).append(' ')
                .append(String.join(" ", Launcher.SPARK_FLAGS)).append("\n\n")
                .append("exit codes: 0 success, 2 bad config or input (one line on stderr says what), 1 failure\n");
        return text.toString();
    }

    static String jobHelp(Job<?> job) {
        return "rashomon " + job.name() + ": " + job.description() + "\n\n"
                + "usage: submit/rashomon [spark-submit options] " + job.name()
                + " --config FILE [--set key=value]... [--progress | --quiet]\n\n"
                + "config keys:\n" + ConfigHelp.render(job.configType());
    }
}
