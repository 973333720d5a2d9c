package dev.rashomon.run;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkContext;

/**
 * What a run says on the console while it works, on stderr: the job's own step messages, and
 * Spark's progress (stage, tasks done / total, rows read, elapsed, ETA) from a {@link TaskProgress}
 * listener. On a terminal the progress is one line redrawn in place; elsewhere it is off unless
 * asked for, then a line every few seconds, so logs of scheduled runs stay readable.
 */
public final class Progress {
    /** How much is said. */
    public enum Mode {
        /** nothing, not even step messages ({@code --quiet}) */
        QUIET,
        /** step messages only: the default when stderr is not a terminal */
        STEPS,
        /** step messages and a progress line every few seconds ({@code --progress} without a terminal) */
        LINES,
        /** step messages and one progress line redrawn in place: the default on a terminal */
        LIVE
    }

    private static final long LIVE_REFRESH_MILLIS = 250;
    private static final long LINES_EVERY_MILLIS = 10_000;

    private final Mode mode;
    private final PrintStream err;
    private final long started = System.currentTimeMillis();
    private TaskProgress tasks;
    private SparkContext context;
    private ScheduledExecutorService ticker;
    private boolean lineShown;

    public Progress(Mode mode, PrintStream err) {
        this.mode = mode;
        this.err = err;
    }

    /**
     * The mode for a run: {@code --quiet} wins, then {@code --progress}; without either, progress
     * shows only on a terminal.
     */
    public static Mode mode(boolean quiet, boolean progress, boolean terminal) {
        if (quiet) {
            return Mode.QUIET;
        }
        if (terminal) {
            return Mode.LIVE;
        }
        return progress ? Mode.LINES : Mode.STEPS;
    }

    /**
     * Whether stderr is a terminal. {@code submit/rashomon} knows ({@code [ -t 2 ]}) and says so in
     * RASHOMON_STDERR_TTY; a JVM started otherwise falls back to whether it has a console.
     */
    public static boolean stderrIsTerminal() {
        String said = System.getenv("RASHOMON_STDERR_TTY");
        return said != null ? said.equals("1") : System.console() != null;
    }

    public Mode mode() {
        return mode;
    }

    /** A step of the job's own, e.g. "scoring 10 pairs (209 copies a row)". */
    public synchronized void step(String format, Object... args) {
        if (mode == Mode.QUIET) {
            return;
        }
        clearLine();
        err.println(String.format(Locale.ROOT, format, args));
    }

    /** Starts following Spark's tasks, when the mode shows them. */
    public synchronized void start(SparkContext spark) {
        if (mode != Mode.LIVE && mode != Mode.LINES) {
            return;
        }
        tasks = new TaskProgress();
        context = spark;
        spark.addSparkListener(tasks);
        ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "rashomon-progress");
            thread.setDaemon(true);
            return thread;
        });
        long every = mode == Mode.LIVE ? LIVE_REFRESH_MILLIS : LINES_EVERY_MILLIS;
        ticker.scheduleAtFixedRate(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Stops following, and after a run that finished says what it did in total. A failed run's
     * error line must come first on stderr, so it gets no totals.
     */
    public synchronized void stop(boolean finished) {
        if (tasks == null) {
            return;
        }
        ticker.shutdownNow();
        drainEvents();
        context.removeSparkListener(tasks);
        clearLine();
        TaskProgress.Snapshot last = tasks.snapshot();
        tasks = null;
        if (!finished) {
            return;
        }
        err.println(String.format(Locale.ROOT, "done: %,d stages, %,d tasks, %,d rows read, %s elapsed", last.stagesDone(),
                last.tasksDone(), last.rowsRead(), clock(System.currentTimeMillis() - started)));
    }

    private synchronized void tick() {
        if (tasks == null) {
            return;
        }
        TaskProgress.Snapshot now = tasks.snapshot();
        if (now.running().isEmpty()) {
            return;
        }
        String line = line(now, started, System.currentTimeMillis());
        if (mode == Mode.LIVE) {
            err.print("\r" + line + "\033[K");
            lineShown = true;
        } else {
            err.println(line);
        }
        err.flush();
    }

    private void clearLine() {
        if (lineShown) {
            err.print("\r\033[K");
            lineShown = false;
        }
    }

    /** Lets the events of work already done reach the listener, so the totals are complete. */
    private void drainEvents() {
        try {
            context.listenerBus().waitUntilEmpty(2_000);
        } catch (Exception e) {
            // the totals may then miss the last few tasks; they are informative only
        }
    }

    /**
     * One progress line: {@code stage 12 (save at RunOutput.java:104): 14/16 tasks, 3 stages done,
     * 45,211 rows read, 0:42 elapsed, ETA 0:03}. With several stages running, their tasks add up.
     * The ETA is the running stages' remaining tasks at the rate they have gone so far.
     */
    static String line(TaskProgress.Snapshot now, long runStarted, long nowMillis) {
        int tasks = 0;
        int done = 0;
        long stageStarted = Long.MAX_VALUE;
        StringBuilder ids = new StringBuilder();
        for (TaskProgress.Stage stage : now.running().values()) {
            tasks += stage.tasks();
            done += stage.done();
            stageStarted = Math.min(stageStarted, stage.startedAt());
            ids.append(ids.isEmpty() ? "" : ", ").append(stage.id());
        }
        TaskProgress.Stage first = now.running().values().iterator().next();
        String stages = now.running().size() == 1
                ? "stage " + first.id() + " (" + first.name() + ")"
                : "stages " + ids;
        String eta = done == 0 ? "ETA -" : "ETA " + clock((nowMillis - stageStarted) * (tasks - done) / done);
        return String.format(Locale.ROOT, "%s: %d/%d tasks, %,d stages done, %,d rows read, %s elapsed, %s", stages, done,
                tasks, now.stagesDone(), now.rowsRead(), clock(nowMillis - runStarted), eta);
    }

    /** {@code m:ss}, or {@code h:mm:ss} from an hour on. */
    static String clock(long millis) {
        Duration d = Duration.ofMillis(Math.max(0, millis));
        long h = d.toHours();
        return h > 0
                ? String.format(Locale.ROOT, "%d:%02d:%02d", h, d.toMinutesPart(), d.toSecondsPart())
                : String.format(Locale.ROOT, "%d:%02d", d.toMinutes(), d.toSecondsPart());
    }
}
