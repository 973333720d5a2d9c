"""Renders an Airflow DAG file's spark-submit tasks without Airflow, which cannot be installed here.

    python3 render_dag.py DAG_FILE DS PARAMS_JSON  ->  JSON on stdout

1. Compiles the DAG file (py_compile), as Airflow's DagBag does first.
2. Runs it against stand-ins for the two Airflow names it imports (DAG, SparkSubmitOperator), which
   record the DAG's arguments, each task's arguments and the dependencies set with >>.
3. Renders every templated field of every task with Jinja2, as Airflow does at run time, for the
   logical date DS and the DAG's params updated with PARAMS_JSON (StrictUndefined: a misspelt
   variable is an error, not an empty string).
4. Builds each task's spark-submit command line the way the Spark provider's SparkSubmitHook does.
"""
import json
import py_compile
import runpy
import sys
import types
from datetime import datetime, timedelta

import jinja2

# SparkSubmitOperator.template_fields in apache-airflow-providers-apache-spark
TEMPLATE_FIELDS = ("application", "conf", "files", "py_files", "jars", "driver_class_path", "packages",
                   "exclude_packages", "keytab", "principal", "proxy_user", "name", "application_args",
                   "env_vars", "properties_file")

dags = []


class DAG:
    def __init__(self, dag_id, **kwargs):
        self.dag_id = dag_id
        self.kwargs = kwargs
        self.tasks = []

    def __enter__(self):
        dags.append(self)
        return self

    def __exit__(self, *exc):
        return False


class SparkSubmitOperator:
    def __init__(self, task_id, **kwargs):
        if not dags:
            raise RuntimeError("task %s is created outside a DAG" % task_id)
        self.task_id = task_id
        self.kwargs = kwargs
        self.upstream = set()
        dags[-1].tasks.append(self)

    def __rshift__(self, other):
        for task in other if isinstance(other, list) else [other]:
            task.upstream.add(self.task_id)
        return other

    def __rrshift__(self, other):
        for task in other if isinstance(other, list) else [other]:
            self.upstream.add(task.task_id)
        return self

    def __lshift__(self, other):
        return self.__rrshift__(other)


def stand_in(name, **names):
    module = types.ModuleType(name)
    module.__dict__.update(names)
    sys.modules[name] = module


for package in ("airflow.providers", "airflow.providers.apache", "airflow.providers.apache.spark",
                "airflow.providers.apache.spark.operators"):
    stand_in(package)
stand_in("airflow", DAG=DAG)
stand_in("airflow.providers.apache.spark.operators.spark_submit", SparkSubmitOperator=SparkSubmitOperator)


def render(value, env, context):
    if isinstance(value, str):
        return env.from_string(value).render(**context)
    if isinstance(value, list):
        return [render(v, env, context) for v in value]
    if isinstance(value, dict):
        return {k: render(v, env, context) for k, v in value.items()}
    return value


def spark_submit(kwargs, master):
    """SparkSubmitHook._build_spark_submit_command, for the arguments this DAG uses."""
    command = ["spark-submit", "--master", master]
    for key, value in (kwargs.get("conf") or {}).items():
        command += ["--conf", "%s=%s" % (key, value)]
    if kwargs.get("properties_file"):
        command += ["--properties-file", kwargs["properties_file"]]
    if kwargs.get("name"):
        command += ["--name", kwargs["name"]]
    if kwargs.get("java_class"):
        command += ["--class", kwargs["java_class"]]
    if kwargs.get("deploy_mode"):
        command += ["--deploy-mode", kwargs["deploy_mode"]]
    command.append(kwargs["application"])
    command += kwargs.get("application_args") or []
    return command


def main():
    dag_file, ds, params_json = sys.argv[1], sys.argv[2], sys.argv[3]
    py_compile.compile(dag_file, doraise=True)
    runpy.run_path(dag_file, run_name="rashomon_dag")
    if len(dags) != 1:
        raise SystemExit("expected one DAG in %s, found %d" % (dag_file, len(dags)))
    dag = dags[0]
    params = dict(dag.kwargs.get("params") or {})
    params.update(json.loads(params_json))
    date = datetime.strptime(ds, "%Y-%m-%d")
    context = {"ds": ds, "ds_nodash": date.strftime("%Y%m%d"), "params": params}
    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    defaults = dag.kwargs.get("default_args") or {}
    tasks = []
    for task in dag.tasks:
        kwargs = dict(task.kwargs)
        for field in TEMPLATE_FIELDS:
            if field in kwargs:
                kwargs[field] = render(kwargs[field], env, context)
        settings = dict(defaults)
        settings.update({k: v for k, v in task.kwargs.items() if k in ("retries", "retry_delay")})
        tasks.append({
            "task_id": task.task_id,
            "upstream": sorted(task.upstream),
            "retries": settings.get("retries", 0),
            "retry_delay_seconds": settings.get("retry_delay", timedelta(0)).total_seconds(),
            "conn_id": kwargs.get("conn_id"),
            "command": spark_submit(kwargs, "spark://127.0.0.1:7077"),
        })
    json.dump({"dag_id": dag.dag_id, "schedule": dag.kwargs.get("schedule"),
               "catchup": dag.kwargs.get("catchup"), "tasks": tasks}, sys.stdout, indent=1)


main()
