package dev.rashomon.cli;

import dev.rashomon.run.UserError;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.SparkSubmit;
import org.apache.spark.deploy.SparkSubmitArguments;
import org.apache.spark.deploy.rest.CreateSubmissionResponse;
import org.apache.spark.deploy.rest.RestSubmissionClientApp;
import org.apache.spark.deploy.rest.SubmitRestProtocolException;
import org.apache.spark.deploy.rest.SubmitRestProtocolResponse;
import scala.Option;
import scala.Tuple4;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Submits a driver to a standalone master in cluster deploy mode, through the master's REST server,
 * and returns its submission id. SparkSubmit's own argument handling prepares the request, exactly
 * as spark-submit would; only the last step differs: spark-submit drops the master's answer, and
 * with it the id that {@link StandaloneDriverWatch} needs.
 */
final class StandaloneSubmission {
    private static final String REST_CLIENT = RestSubmissionClientApp.class.getName();
    /** Host-specific settings of this machine that must not follow the driver to a worker. */
    private static final Set<String> LOCAL_ENV = Set.of("SPARK_ENV_LOADED", "SPARK_HOME", "SPARK_CONF_DIR", "SPARK_LOCAL_IP");

    private StandaloneSubmission() {
    }

    /** @param sparkSubmitArgs spark-submit's command line, with --master spark://… and --deploy-mode cluster */
    static String submit(List<String> sparkSubmitArgs) {
        SparkSubmitArguments arguments = new SparkSubmitArguments(toSeq(sparkSubmitArgs), toScala(System.getenv()));
        Tuple4<Seq<String>, Seq<String>, SparkConf, String> prepared =
                new SparkSubmit().prepareSubmitEnvironment(arguments, Option.empty());
        if (!prepared._4().equals(REST_CLIENT)) {
            throw new IllegalStateException("spark-submit prepared " + prepared._4() + " instead of the REST submission");
        }
        List<String> childArgs = CollectionConverters.asJava(prepared._1());
        String master = prepared._3().get("spark.master");
        SubmitRestProtocolResponse response;
        try {
            response = new RestSubmissionClientApp().run(childArgs.get(0), childArgs.get(1),
                    childArgs.subList(2, childArgs.size()).toArray(String[]::new), prepared._3(), toScala(driverEnvironment()));
        } catch (Exception e) {
            // Scala declares no checked exceptions: an unreachable or non-REST master arrives as this one.
            if (!(e instanceof SubmitRestProtocolException)) {
                throw e;
            }
            throw new UserError("cannot submit to the master's REST server at " + master + " (" + e.getMessage()
                    + "); cluster deploy mode needs spark.master.rest.enabled=true on the master and its REST port"
                    + " (6066 unless spark.master.rest.port says otherwise), not the 7077 RPC port");
        }
        if (response instanceof CreateSubmissionResponse created && Boolean.TRUE.equals(created.success())
                && created.submissionId() != null) {
            return created.submissionId();
        }
        throw new IllegalStateException("the master at " + master + " did not accept the driver"
                + (response == null || response.message() == null ? "" : ": " + response.message()));
    }

    /** SPARK_* variables go with the driver, as spark-submit sends them, except this machine's own. */
    private static Map<String, String> driverEnvironment() {
        Map<String, String> env = new TreeMap<>();
        System.getenv().forEach((key, value) -> {
            if (key.startsWith("SPARK_") && !LOCAL_ENV.contains(key)) {
                env.put(key, value);
            }
        });
        return env;
    }

    private static Seq<String> toSeq(List<String> list) {
        return CollectionConverters.asScala(list).toSeq();
    }

    @SuppressWarnings("unchecked")
    private static scala.collection.immutable.Map<String, String> toScala(Map<String, String> map) {
        return (scala.collection.immutable.Map<String, String>) scala.collection.immutable.Map$.MODULE$.from(CollectionConverters.asScala(map));
    }
}
