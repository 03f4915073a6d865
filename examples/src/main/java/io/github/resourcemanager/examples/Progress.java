package io.github.resourcemanager.examples;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of a bounded task on standard error: elapsed, remaining and samples taken. On a terminal, a bar redrawn
 * in place (the progressbar library); on a file or a pipe, a plain line now and then (at the start, then every
 * tenth of the task but at most every 5 s), with no control characters. Tasks shorter than {@link #MIN_TOTAL}
 * show nothing. Thread-safe: updates may come from the monitor thread.
 */
abstract class Progress implements AutoCloseable {

  /** Tasks at least this long show progress. */
  static final Duration MIN_TOTAL = Duration.ofSeconds(3);
  /** Plain lines come at most this often. */
  static final Duration MIN_LINE_PERIOD = Duration.ofSeconds(5);

  /**
   * Progress of {@code task} lasting {@code total}: a bar when {@code terminal}, else lines on {@code err}; nothing
   * when the task is short or {@code enabled} is false.
   */
  static Progress start(String task, Duration total, boolean enabled, boolean terminal, PrintWriter err) {
    return start(task, total, Durations.format(total), enabled, terminal, err);
  }

  /** As {@link #start(String, Duration, boolean, boolean, PrintWriter)}, the total written as the user typed it. */
  static Progress start(String task, Duration total, String typed, boolean enabled, boolean terminal,
      PrintWriter err) {
    if (!enabled || total.compareTo(MIN_TOTAL) < 0) {
      return new Silent();
    }
    err.flush();
    return terminal ? new Bar(task, total, System.err) : new Lines(task, total, typed, err);
  }

  /** Reports the state: time elapsed since the start, samples taken, and an optional extra text (may be empty). */
  abstract void update(Duration elapsed, long samples, String extra);

  /** Ends the display (the bar's last state stays on its line). */
  @Override
  public abstract void close();

  /** {@code 13 of 31 samples} when the expected count is known (positive), else {@code 13 samples}. */
  static String samples(long samples, long expected) {
    return expected > 0 ? samples + " of " + Words.count(expected, "sample") : Words.count(samples, "sample");
  }

  /** Shows nothing. */
  static final class Silent extends Progress {
    @Override
    void update(Duration elapsed, long samples, String extra) {}

    @Override
    public void close() {}
  }

  /** Plain lines for files and pipes. */
  static final class Lines extends Progress {
    private final String task;
    private final Duration total;
    private final String typed;
    private final Duration period;
    private final PrintWriter err;
    private Duration printedAt;

    Lines(String task, Duration total, String typed, PrintWriter err) {
      this.task = task;
      this.total = total;
      this.typed = typed;
      Duration tenth = total.dividedBy(10);
      this.period = tenth.compareTo(MIN_LINE_PERIOD) > 0 ? tenth : MIN_LINE_PERIOD;
      this.err = err;
    }

    @Override
    synchronized void update(Duration elapsed, long samples, String extra) {
      if (printedAt != null && elapsed.minus(printedAt).compareTo(period) < 0) {
        return;
      }
      printedAt = elapsed;
      Duration remaining = total.minus(elapsed).isNegative() ? Duration.ZERO : total.minus(elapsed);
      err.println(task + ": " + Durations.seconds(elapsed) + " of " + typed + " elapsed, "
          + Durations.seconds(remaining) + " remaining, " + extra);
      err.flush();
    }

    @Override
    public void close() {}
  }

  /** A bar redrawn in place on a terminal, by the progressbar library on its own thread. */
  static final class Bar extends Progress {
    private final ProgressBar bar;
    private final Duration total;
    private volatile Duration elapsed = Duration.ZERO;

    Bar(String task, Duration total, PrintStream err) {
      this.total = total;
      this.bar = new ProgressBarBuilder()
          .setTaskName(task)
          .setInitialMax(Math.max(1, total.toMillis()))
          .setUnit("s", 1000)
          .setStyle(ProgressBarStyle.UNICODE_BLOCK)
          .setUpdateIntervalMillis(250)
          .setEtaFunction(state -> {
            Duration left = this.total.minus(elapsed);
            return Optional.of(left.isNegative() ? Duration.ZERO : left);
          })
          .setConsumer(new ConsoleProgressBarConsumer(err))
          .build();
    }

    @Override
    void update(Duration elapsed, long samples, String extra) {
      this.elapsed = elapsed;
      bar.stepTo(Math.min(bar.getMax(), elapsed.toMillis()));
      bar.setExtraMessage(extra);
    }

    @Override
    public void close() {
      bar.close();
    }
  }
}
