"""The daily rashomon-suite pipeline, one run per day's partition of a table of credit applications.

    outrank ───────────────────────────────────────────┐
    ensemble ──> multiplicity ──> rashomon ──────────> report

Every task is `spark-submit --class dev.rashomon.cli.Rashomon rashomon-jobs.jar <job> --config …`, and
writes its tables into the `run_date={{ ds }}` partition of its output folder. A rerun of a day (a
retry, or a backfill) replaces that day's partition and nothing else, so retries are safe.

Install: copy this file into the DAGs folder, the jobs jar and conf/airflow/*.yaml where the Spark
client can read them (a local path or s3a://), set the `spark_default` connection to the cluster
(`spark://…`, `yarn`, `k8s://…`), and set the params below (or pass them when triggering a run).
Needs apache-airflow-providers-apache-spark.
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

PARAMS = {
    # The shaded jobs jar (mvn -B -DskipTests package builds jobs/target/rashomon-jobs.jar).
    "jar": "/opt/rashomon/rashomon-jobs.jar",
    # The job configs of conf/airflow/: label, features, ε, … (the paths in them are set below per day).
    "conf_dir": "/opt/rashomon/conf/airflow",
    # Spark properties for S3 (conf/s3a.properties: endpoint, credentials provider, committer).
    "spark_properties": "/opt/rashomon/conf/s3a.properties",
    # One folder per day, dt=YYYY-MM-DD, of the applications table (CSV with a header).
    "applications": "s3a://credit-lake/applications",
    # Where every job writes: <output>/<job>/<table>/run_date=YYYY-MM-DD/.
    "output": "s3a://credit-lake/rashomon",
}

DAY = "{{ params.applications }}/dt={{ ds }}"
OUT = "{{ params.output }}"


def rashomon_job(job, *overrides):
    """A task running one job of the suite on the day's partition."""
    args = [job, "--config", "{{ params.conf_dir }}/" + job + ".yaml",
            "--set", "output.path=" + OUT + "/" + job,
            "--set", "output.partition.run_date={{ ds }}",
            # Airflow's log is not a terminal: a progress line every 10 s shows the task is alive.
            "--progress"]
    for override in overrides:
        args += ["--set", override]
    return SparkSubmitOperator(
        task_id=job,
        conn_id="spark_default",
        application="{{ params.jar }}",
        java_class="dev.rashomon.cli.Rashomon",
        name="rashomon-" + job + "-{{ ds }}",
        properties_file="{{ params.spark_properties }}",
        application_args=args,
    )


with DAG(
    dag_id="rashomon_daily",
    description="Feature ranking, a model pool, its multiplicity and Rashomon-set statistics, and a report, per day",
    schedule="@daily",
    start_date=datetime(2026, 11, 1),
    catchup=False,
    max_active_runs=1,
    params=PARAMS,
    default_args={
        "retries": 2,
        "retry_delay": timedelta(minutes=10),
        "retry_exponential_backoff": True,
        "execution_timeout": timedelta(hours=6),
    },
    tags=["rashomon"],
) as dag:
    outrank = rashomon_job("outrank", "input.path=" + DAY)
    ensemble = rashomon_job("ensemble", "input.path=" + DAY)
    multiplicity = rashomon_job(
        "multiplicity",
        "predictions.path=" + OUT + "/ensemble/predictions/run_date={{ ds }}",
        "losses.path=" + OUT + "/ensemble/models/run_date={{ ds }}",
    )
    rashomon = rashomon_job(
        "rashomon",
        "models.path=" + OUT + "/ensemble",
        "models.partition.run_date={{ ds }}",
        "input.path=" + DAY,
    )
    report = rashomon_job(
        "report",
        "outrank=" + OUT + "/outrank",
        "multiplicity=" + OUT + "/multiplicity",
        "rashomon=" + OUT + "/rashomon",
        "partition.run_date={{ ds }}",
    )

    ensemble >> multiplicity >> rashomon >> report
    outrank >> report
