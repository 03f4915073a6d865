package io.github.resourcemanager.internal.monitor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How long a history keeps its samples and at which resolutions: raw samples for a recent window, then rollups at
 * coarser steps for longer windows. Written as text, for example {@code "raw 10m, 10s for 6h, 1m for 24h"}: raw
 * samples for 10 minutes, 10-second rollups for 6 hours, 1-minute rollups for 24 hours.
 *
 * <p>Each rollup step must be a whole multiple of the step before it (the first: of the sampling interval, checked
 * by the monitor's configuration), and each rollup window must be longer than the window before it and at least its
 * own step. Durations are a whole number and a unit: {@code ms}, {@code s}, {@code m}, {@code h} or {@code d}.
 *
 * @param raw how long raw samples are kept
 * @param steps the rollup steps, finest first
 * @param windows how long each rollup is kept, in the same order
 */
record HistoryTiers(Duration raw, List<Duration> steps, List<Duration> windows) {

  /** The tiers used unless configured otherwise; see docs/PERFORMANCE.md for the measurements behind them. */
  static final String DEFAULT_SPEC = "raw 10m, 1m for 6h, 5m for 24h";

  static final String SYNTAX = "\"raw <window>[, <step> for <window>]...\" with durations such as 500ms, 10s, 5m, 6h, 1d,"
      + " e.g. \"" + DEFAULT_SPEC + "\"";

  HistoryTiers {
    Objects.requireNonNull(raw, "raw");
    steps = List.copyOf(steps);
    windows = List.copyOf(windows);
  }

  /** The default tiers. */
  static HistoryTiers ofDefaults() {
    return parse("historyTiers", DEFAULT_SPEC);
  }

  /** Raw samples only, for {@code window}. */
  static HistoryTiers rawOnly(Duration window) {
    return new HistoryTiers(window, List.of(), List.of());
  }

  /** The number of rollup tiers. */
  int rollups() {
    return steps.size();
  }

  /** How far back the history reaches: the last tier's window. */
  Duration reach() {
    return steps.isEmpty() ? raw : windows.get(windows.size() - 1);
  }

  /**
   * These tiers cut or extended so that the history reaches exactly {@code retention} back: tiers that would start
   * beyond it are left out, and the last one kept ends at it.
   */
  HistoryTiers reaching(Duration retention) {
    if (retention.compareTo(raw) <= 0 || steps.isEmpty()) {
      return rawOnly(retention);
    }
    List<Duration> s = new ArrayList<>();
    List<Duration> w = new ArrayList<>();
    Duration previous = raw;
    for (int i = 0; i < steps.size() && previous.compareTo(retention) < 0; i++) {
      s.add(steps.get(i));
      w.add(windows.get(i));
      previous = windows.get(i);
    }
    w.set(w.size() - 1, retention);
    while (w.size() > 1 && w.get(w.size() - 1).compareTo(s.get(s.size() - 1)) < 0) {
      // a last tier shorter than its own step holds nothing useful: the tier before it reaches instead
      s.remove(s.size() - 1);
      w.remove(w.size() - 1);
      w.set(w.size() - 1, retention);
    }
    return new HistoryTiers(raw, s, w);
  }

  /**
   * These tiers for sampling every {@code interval}: rollups whose step is shorter are left out (their buckets would
   * hold no sample), and the raw window is at least one interval. For the default tiers under a long interval.
   */
  HistoryTiers forInterval(Duration interval) {
    List<Duration> s = new ArrayList<>();
    List<Duration> w = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i).compareTo(interval) >= 0) {
        s.add(steps.get(i));
        w.add(windows.get(i));
      }
    }
    Duration r = raw.compareTo(interval) < 0 ? interval : raw;
    while (!w.isEmpty() && w.get(0).compareTo(r) <= 0) {
      s.remove(0);
      w.remove(0);
    }
    return new HistoryTiers(r, s, w);
  }

  /**
   * Parses a tier specification.
   *
   * @param field the setting's name, for messages
   * @throws IllegalArgumentException naming the field, the text and the syntax if it is malformed or inconsistent
   */
  static HistoryTiers parse(String field, String text) {
    Objects.requireNonNull(text, field);
    String[] parts = text.split(",", -1);
    String first = parts[0].trim().toLowerCase(Locale.ROOT);
    if (!first.startsWith("raw ")) {
      throw bad(field, text, "it must start with \"raw <window>\"");
    }
    Duration raw = duration(field, text, first.substring(4).trim());
    List<Duration> steps = new ArrayList<>();
    List<Duration> windows = new ArrayList<>();
    Duration previousStep = null;
    Duration previousWindow = raw;
    for (int i = 1; i < parts.length; i++) {
      String part = parts[i].trim().toLowerCase(Locale.ROOT);
      int at = part.indexOf(" for ");
      if (at < 0) {
        throw bad(field, text, "tier \"" + parts[i].trim() + "\" must read \"<step> for <window>\"");
      }
      Duration step = duration(field, text, part.substring(0, at).trim());
      Duration window = duration(field, text, part.substring(at + 5).trim());
      if (previousStep != null && (step.compareTo(previousStep) <= 0 || step.toNanos() % previousStep.toNanos() != 0)) {
        throw bad(field, text, "step " + format(step) + " must be a whole multiple of the step before it ("
            + format(previousStep) + ") and longer");
      }
      if (window.compareTo(previousWindow) <= 0) {
        throw bad(field, text, "window " + format(window) + " must be longer than the window before it ("
            + format(previousWindow) + ")");
      }
      if (window.compareTo(step) < 0) {
        throw bad(field, text, "window " + format(window) + " must be at least its step " + format(step));
      }
      steps.add(step);
      windows.add(window);
      previousStep = step;
      previousWindow = window;
    }
    return new HistoryTiers(raw, steps, windows);
  }

  private static Duration duration(String field, String text, String token) {
    int i = 0;
    while (i < token.length() && Character.isDigit(token.charAt(i))) {
      i++;
    }
    if (i == 0 || i > 12) {
      throw bad(field, text, "\"" + token + "\" is not a duration");
    }
    long amount = Long.parseLong(token.substring(0, i));
    String unit = token.substring(i).trim();
    Duration d = switch (unit) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      case "d" -> Duration.ofDays(amount);
      default -> throw bad(field, text, "\"" + token + "\" has no unit among ms, s, m, h, d");
    };
    if (d.isZero()) {
      throw bad(field, text, "\"" + token + "\" must be positive");
    }
    return d;
  }

  private static IllegalArgumentException bad(String field, String text, String why) {
    return new IllegalArgumentException(field + " \"" + text + "\" is not allowed: " + why + "; use " + SYNTAX);
  }

  /** A duration as the specification writes it: {@code 10s}, {@code 5m}, {@code 6h}, {@code 1d}, {@code 500ms}. */
  static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 86_400_000L == 0) {
      return ms / 86_400_000L + "d";
    }
    if (ms % 3_600_000L == 0) {
      return ms / 3_600_000L + "h";
    }
    if (ms % 60_000L == 0) {
      return ms / 60_000L + "m";
    }
    if (ms % 1_000L == 0) {
      return ms / 1_000L + "s";
    }
    return ms + "ms";
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("raw ").append(format(raw));
    for (int i = 0; i < steps.size(); i++) {
      sb.append(", ").append(format(steps.get(i))).append(" for ").append(format(windows.get(i)));
    }
    return sb.toString();
  }
}
