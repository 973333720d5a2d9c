#!/usr/bin/env bash
# Scale run of the rashomon job, models mode: generate ROWS rows x 20 features and MODELS saved
# logistic PipelineModels (jobs/src/test/java/dev/rashomon/bench/RelianceScaleData.java), run
# `submit/rashomon rashomon` on them and print the figures: step timings (run.json), wall time,
# the process's max RSS (/usr/bin/time -v), rows/s, model-row scorings/s and, from Spark's event
# log, each long stage's task time and the largest task result sent to the driver.
#
#   bench/rashomon-scale.sh                          # 1M rows, 50 models, pairs none
#   ROWS=100000 MODELS=10 PAIRS=top-k bench/rashomon-scale.sh
#   JAVA_OPTS=-XX:-DontCompileHugeMethods bench/rashomon-scale.sh   # extra JVM options for the run
#
# Environment: ROWS (1000000), MODELS (50; the first MODELS of the generated 50), PAIRS (none|top-k|all),
# TOP_K (5), DRIVER_MEMORY (4g), WORK (/tmp/rashomon-scale), NAME (run name), TIMEOUT (1500 s: the
# run is killed after it), JAVA_OPTS (passed as RASHOMON_JAVA_OPTS), SPARK_ARGS (more launcher args).
# Everything runs offline, in local mode, bound to 127.0.0.1.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rows=${ROWS:-1000000}
models=${MODELS:-50}
pairs=${PAIRS:-none}
top_k=${TOP_K:-5}
memory=${DRIVER_MEMORY:-4g}
work=${WORK:-/tmp/rashomon-scale}
name=${NAME:-r${rows}-m${models}-${pairs}}
limit=${TIMEOUT:-1500}
pool=50   # models generated once; a run uses the first $models of them
mkdir -p "$work"
cd "$repo"

# 1. Build the jobs jar and the test classes (offline), and the test classpath for the generator.
#    Building first also keeps submit/rashomon from rebuilding (it does when sources are newer than the jar).
mvn -B -q -o -pl jobs -am package -DskipTests
if [ ! -s "$work/test-classpath.txt" ] || [ jobs/pom.xml -nt "$work/test-classpath.txt" ]; then
  mvn -B -q -o -pl jobs dependency:build-classpath -Dmdep.outputFile="$work/test-classpath.txt" -Dmdep.includeScope=test
fi
read -r -a jvm_options < jobs/target/launcher/jvm-options
# The reactor's classes come first: the classpath names the installed rashomon-common, which may be older.
cp="jobs/target/test-classes:jobs/target/classes:common/target/classes:$(cat "$work/test-classpath.txt")"

# 2. Data and models, unless already there.
gen_rows=$rows; gen_models=$pool
[ -f "$work/data-$rows.parquet/_SUCCESS" ] && gen_rows=0
[ "$(find "$work/models" -mindepth 1 -maxdepth 1 -type d 2>/dev/null | wc -l)" -ge $pool ] && gen_models=0
if [ $gen_rows -gt 0 ] || [ $gen_models -gt 0 ]; then
  SPARK_LOCAL_IP=127.0.0.1 java -Xmx4g "${jvm_options[@]}" -Dlog4j2.configurationFile=conf/log4j2.properties \
    -cp "$cp" dev.rashomon.bench.RelianceScaleData "$work" $gen_rows $gen_models
fi
data_mb=$(du -sm "$work/data-$rows.parquet" | cut -f1)

# 3. The run.
include=$(seq 0 $((models - 1)) | awk '{printf "%sm%02d", (NR > 1 ? ", " : ""), $1}')
config="$work/$name.yaml"
cat > "$config" <<YAML
models: {path: $work/models, include: [$include]}
input: {path: $work/data-$rows.parquet, format: parquet}
rashomon: {pairs: $pairs, top_k_features: $top_k}
output: {path: $work/out/$name, format: parquet}
YAML
rm -rf "$work/out/$name" "$work/events-$name" "$work/$name.gc.log"
mkdir -p "$work/events-$name"
echo "rashomon-scale: $name: $rows rows ($data_mb MB parquet), $models models, pairs $pairs; config $config" >&2
set +e
RASHOMON_JAVA_OPTS="-Xlog:gc:file=$work/$name.gc.log ${JAVA_OPTS:-}" /usr/bin/time -v -o "$work/$name.time" timeout "$limit" \
  submit/rashomon --driver-memory "$memory" --conf spark.eventLog.enabled=true \
  --conf "spark.eventLog.dir=file://$work/events-$name" ${SPARK_ARGS:-} \
  rashomon --config "$config" > "$work/$name.log" 2>&1
status=$?
set -e

# 4. The figures.
python3 - "$work" "$name" "$status" "$rows" "$models" "$limit" <<'PY'
import collections, glob, json, os, re, subprocess, sys
work, name, status, rows, models, limit = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
timing = open(f"{work}/{name}.time").read()
rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", timing).group(1))
wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", timing).group(1)
cpu = re.search(r"Percent of CPU this job got: (\S+)", timing).group(1)
print(f"== {name}: exit {status}{' (killed after %d s)' % limit if status == 124 else ''}")
print(f"wall {wall}, CPU {cpu} of 200%, max RSS {rss_kb / 1024:.0f} MB, load average at end {open('/proc/loadavg').read().split()[:3]}")
gc = [tuple(map(int, m)) for m in re.findall(r"(\d+)M->(\d+)M\((\d+)M\)", open(f"{work}/{name}.gc.log").read())]
if gc:
    print(f"JVM heap (GC log): largest heap after a GC {max(g[1] for g in gc)} MB, before a GC {max(g[0] for g in gc)} MB, "
          f"committed up to {max(g[2] for g in gc)} MB; {len(gc)} collections")
run_json = f"{work}/out/{name}/run.json"
copies = None
if os.path.exists(run_json):
    run = json.load(open(run_json))
    t = run["timings_seconds"]
    print("steps (s): " + ", ".join(f"{k} {v:.1f}" for k, v in t.items()))
    schemes = run["evaluation"]["perturbation"]
    def n(f):
        m = re.match(r"marginal \((\d+) values?\)", schemes[f])
        return int(m.group(1)) if m else 1
    singles = sum(n(f) for f in run["pool"]["features"])
    pair_copies = 0
    for p in run["pool"]["pairs"]:
        a, b = p.split("|", 1)  # Reliance.PAIR
        pair_copies += n(a) * n(b)
    print(f"copies per row: 1 original + {singles} single-feature" + (f" + {pair_copies} pair ({len(run['pool']['pairs'])} pairs)" if run["pool"]["pairs"] else ""))
    copies = {"features": 1 + singles, "pairs": pair_copies}
    feat = t.get("score features")
    print(f"score features: {rows / feat:,.0f} rows/s, {rows * (1 + singles) * models / feat:,.0f} model-row scorings/s "
          f"({rows * (1 + singles) * models:,} scorings)")
    if "score pairs" in t:
        print(f"score pairs: {rows / t['score pairs']:,.0f} rows/s, {rows * pair_copies * models / t['score pairs']:,.0f} "
              f"model-row scorings/s ({rows * pair_copies * models:,} scorings)")
    print(f"whole run: {rows / t['total']:,.0f} rows/s, {rows * (1 + singles + pair_copies) * models / t['total']:,.0f} scorings/s")
else:
    print("no run.json (the run did not finish); log tail:")
    print("".join(open(f"{work}/{name}.log").readlines()[-5:]))

def lines(folder):
    files = sorted(glob.glob(f"{folder}/*/events_*"), key=lambda f: int(re.search(r"events_(\d+)_", f).group(1)))
    for f in files:
        text = subprocess.run(["zstdcat", f], capture_output=True, text=True).stdout if f.endswith(".zstd") else open(f).read()
        yield from text.splitlines()
stages, tasks, submitted = {}, collections.defaultdict(list), {}
passes = iter(["features", "pairs"])
for line in lines(f"{work}/events-{name}"):
    try:
        e = json.loads(line)
    except json.JSONDecodeError:
        continue  # a log cut short by the kill
    if e["Event"] == "SparkListenerStageSubmitted":
        s = e["Stage Info"]; submitted[s["Stage ID"]] = s
    elif e["Event"] == "SparkListenerStageCompleted":
        s = e["Stage Info"]; stages[s["Stage ID"]] = s
    elif e["Event"] == "SparkListenerTaskEnd" and e.get("Task Metrics"):
        tasks[e["Stage ID"]].append(e["Task Metrics"])
biggest, total = (0, ""), 0
for sid in sorted(set(stages) | set(tasks)):
    s, ts = stages.get(sid) or submitted.get(sid), tasks[sid]
    results = [t["Result Size"] for t in ts]
    total += sum(results)
    if results and max(results) > biggest[0]:
        biggest = (max(results), f"stage {sid} {s['Stage Name']}")
    done = sid in stages
    wall = (s["Completion Time"] - s["Submission Time"]) / 1000 if done else float("nan")
    run_s = sum(t["Executor Run Time"] for t in ts) / 1000
    if run_s >= 5 or not done:
        cpu_s = sum(t["Executor CPU Time"] for t in ts) / 1e9
        gc_s = sum(t["JVM GC Time"] for t in ts) / 1000
        print(f"stage {sid} {s['Stage Name'][:40]}: {len(ts)}/{s['Number of Tasks']} tasks done, "
              f"wall {wall:.1f} s, task time {run_s:.1f} s, task CPU {cpu_s:.1f} s, GC {gc_s:.1f} s, "
              f"largest result {max(results) if results else 0} B")
        if s["Stage Name"].startswith("aggregate at PerturbedScoring") and copies:
            which = next(passes)
            if done and cpu_s > 0:
                print(f"  ({which} pass: {rows * copies[which] * models / cpu_s:,.0f} model-row scorings per task-CPU-second, "
                      f"{rows * copies[which] * models / run_s:,.0f} per task-second)")
print(f"largest task result: {biggest[0]} bytes ({biggest[1]}); all task results together {total / 1e6:.2f} MB")
PY
