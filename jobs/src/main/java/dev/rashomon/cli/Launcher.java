package dev.rashomon.cli;

import dev.rashomon.query.SqlArguments;
import dev.rashomon.query.SqlCommand;
import dev.rashomon.run.UserError;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.deploy.SparkSubmit;

/**
 * Entry point of {@code submit/rashomon}: runs a job through Spark's own SparkSubmit in this JVM
 * (embedded local mode by default, no Spark installation needed). spark-submit options anywhere
 * on the command line go to SparkSubmit; everything else goes to the job.
 */
public final class Launcher {
    static final List<String> SPARK_OPTIONS_WITH_VALUE = List.of("--master", "--deploy-mode", "--conf", "--name",
            "--jars", "--packages", "--exclude-packages", "--repositories", "--files", "--archives",
            "--properties-file", "--driver-memory", "--driver-java-options", "--driver-library-path",
            "--driver-class-path", "--driver-cores", "--executor-memory", "--executor-cores", "--num-executors",
            "--total-executor-cores", "--queue", "--principal", "--keytab", "--proxy-user");
    static final List<String> SPARK_FLAGS = List.of("--verbose", "--supervise");
    private static final String WAREHOUSE = "spark.sql.warehouse.dir";
    private static final List<String> LOCAL_DEFAULTS = List.of("spark.ui.enabled", "spark.driver.host", "spark.driver.bindAddress");

    private Launcher() {
    }

    /** A command line split into spark-submit's part and the job's part. */
    record Split(List<String> spark, List<String> job) {
        boolean hasSparkOption(String option) {
            return spark.contains(option);
        }

        boolean setsConf(String key) {
            for (int i = 0; i + 1 < spark.size(); i++) {
                if (spark.get(i).equals("--conf") && spark.get(i + 1).startsWith(key + "=")) {
                    return true;
                }
            }
            return false;
        }
    }

    public static void main(String[] args) {
        int code;
        try {
            Split split = split(List.of(args));
            code = Rashomon.isSql(split.job()) ? sql(split) : job(split);
        } catch (UserError e) {
            System.err.println("rashomon: error: " + e.getMessage());
            code = Rashomon.BAD_INPUT;
        } catch (Exception e) {
            System.err.println("rashomon: failed: " + e.getMessage());
            e.printStackTrace();
            code = Rashomon.FAILED;
        }
        System.exit(code);
    }

    /** A job (or the help text): in this JVM through SparkSubmit, or on a standalone cluster. */
    private static int job(Split split) throws Exception {
        JobArguments arguments = JobArguments.parse(split.job());
        if (arguments.help() || arguments.job() == null) {
            return Rashomon.execute(split.job(), () -> {
                throw new IllegalStateException("help needs no Spark");
            }, false, System.out, System.err);
        }
        if (isStandaloneClusterMode(split)) {
            return runOnStandaloneCluster(split);
        }
        SparkSubmit.main(sparkSubmitArguments(split).toArray(String[]::new));
        return Rashomon.OK;
    }

    static boolean isStandaloneClusterMode(Split split) {
        return sparkOption(split, "--master").startsWith("spark://") && sparkOption(split, "--deploy-mode").equals("cluster");
    }

    /**
     * Cluster deploy mode on a standalone master: submit the driver, then wait for it, since
     * spark-submit would return once the master accepted it. Exits with the driver's outcome.
     */
    private static int runOnStandaloneCluster(Split split) throws Exception {
        int checked = Rashomon.validateLocalConfig(split.job(), System.err);
        if (checked != Rashomon.OK) {
            return checked;
        }
        List<String> args = sparkSubmitArguments(split);
        if (!split.setsConf("spark.master.rest.enabled")) {
            // SparkSubmit prepares a REST submission only when told the master serves one.
            args.addAll(0, List.of("--conf", "spark.master.rest.enabled=true"));
        }
        String master = sparkOption(split, "--master");
        String submissionId = StandaloneSubmission.submit(args);
        System.err.println("rashomon: submitted driver " + submissionId + " to " + master);
        StandaloneDriverWatch.DriverStatus status = new StandaloneDriverWatch(master, Duration.ofSeconds(1))
                .await(submissionId, System.err);
        int code = StandaloneDriverWatch.exitCode(status);
        if (code != Rashomon.OK) {
            System.err.println(StandaloneDriverWatch.failureLine(status));
        }
        return code;
    }

    private static String sparkOption(Split split, String option) {
        int at = split.spark().lastIndexOf(option);
        return at < 0 ? "" : split.spark().get(at + 1);
    }

    /**
     * The sql command: its arguments are checked here, before Spark starts; the query runs in the
     * driver that SparkSubmit starts in this JVM, like a job.
     */
    private static int sql(Split split) {
        SqlArguments arguments;
        try {
            arguments = SqlArguments.parse(split.job().subList(1, split.job().size()));
        } catch (UserError e) {
            System.err.println("rashomon " + SqlCommand.NAME + ": error: " + e.getMessage());
            return Rashomon.BAD_INPUT;
        }
        if (arguments.help()) {
            System.out.print(SqlCommand.usage());
            return Rashomon.OK;
        }
        SparkSubmit.main(sparkSubmitArguments(split).toArray(String[]::new));
        return Rashomon.OK;
    }

    static Split split(List<String> args) {
        List<String> spark = new ArrayList<>();
        List<String> job = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String option = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (SPARK_OPTIONS_WITH_VALUE.contains(option)) {
                if (arg.contains("=")) {
                    spark.add(option);
                    spark.add(arg.substring(arg.indexOf('=') + 1));
                } else {
                    if (i + 1 >= args.size()) {
                        throw new UserError(arg + " needs a value");
                    }
                    spark.add(arg);
                    spark.add(args.get(++i));
                }
            } else if (SPARK_FLAGS.contains(arg)) {
                spark.add(arg);
            } else {
                job.add(arg);
            }
        }
        return new Split(spark, job);
    }

    /** SparkSubmit's arguments: defaults for embedded local runs, the user's options, then the job. */
    static List<String> sparkSubmitArguments(Split split) {
        List<String> args = new ArrayList<>();
        if (!split.hasSparkOption("--master")) {
            args.add("--master");
            args.add("local[*]");
        }
        boolean local = !split.hasSparkOption("--master") || split.spark().get(split.spark().indexOf("--master") + 1).startsWith("local");
        if (local) {
            // An embedded run serves nothing to the network: no UI, driver on loopback.
            for (String key : LOCAL_DEFAULTS) {
                if (!split.setsConf(key)) {
                    args.add("--conf");
                    args.add(key + "=" + (key.equals("spark.ui.enabled") ? "false" : "127.0.0.1"));
                }
            }
        }
        if (local && Rashomon.isSql(split.job()) && !split.setsConf(WAREHOUSE)) {
            // The query's in-memory catalog is dropped when it ends; keep Spark from leaving an empty
            // spark-warehouse/ in the working directory.
            args.add("--conf");
            args.add(WAREHOUSE + "=" + new File(System.getProperty("java.io.tmpdir"), "rashomon-sql-warehouse").getAbsolutePath());
        }
        if (!split.hasSparkOption("--name")) {
            args.add("--name");
            args.add("rashomon " + (Rashomon.isSql(split.job()) ? SqlCommand.NAME : JobArguments.parse(split.job()).job()));
        }
        args.addAll(split.spark());
        args.add("--class");
        args.add(Rashomon.class.getName());
        args.add(primaryResource(local));
        args.addAll(split.job());
        return args;
    }

    /** The jobs jar this class was loaded from; "spark-internal" when the classes are already local. */
    private static String primaryResource(boolean local) {
        File source = new File(Launcher.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        if (source.isFile() && source.getName().endsWith(".jar")) {
            return source.getAbsolutePath();
        }
        if (!local) {
            throw new UserError("a cluster master needs the jobs jar; build it with mvn package and run submit/rashomon from it");
        }
        return "spark-internal";
    }
}
