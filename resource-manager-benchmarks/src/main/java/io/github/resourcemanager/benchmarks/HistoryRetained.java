package io.github.resourcemanager.benchmarks;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.monitor.MonitorStats;
import io.github.resourcemanager.units.ByteSize;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The memory the histories of 1,000 agents sampled every second retain with the default tiers, after 1 hour and
 * after 24 hours: a real {@link ResourceManager} (platform sources off, a manual ticker) whose source replays the
 * recorded demo and stress data ({@link RecordedSamples}) for every agent, agent N being recorded agent N % 3 shifted
 * by 37 N rows, cycling through the 65 minutes recorded. The budget is lifted to 1 GiB so that the figure is what the
 * tiers need, not what the default 64 MiB budget would cut them to.
 *
 * <p>The figure is the histories' own accounting ({@link MonitorStats#historyBytes()}): the chunks of every tier,
 * open chunks counted whole, the tables' per-agent state beside them, and free chunk buffers kept for reuse; object
 * headers of the few objects per agent are not counted.
 *
 * <p>usage: {@code java -cp benchmarks.jar io.github.resourcemanager.benchmarks.HistoryRetained [--agents N]
 * [--hours N] [--tiers SPEC]} (1,000 agents, 24 hours, the default tiers); prints a line starting with {@code history-retained} at 1 hour and at the
 * end.
 */
public final class HistoryRetained {
  /** The target: 1,000 agents at 1 s keep 24 hours in at most 64 MiB. */
  static final double TARGET_MIB = 64;

  private HistoryRetained() {}

  public static void main(String[] args) {
    int agents = 1_000;
    int hours = 24;
    String tiers = null;
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : "";
      switch (args[i]) {
        case "--agents" -> agents = Integer.parseInt(value);
        case "--hours" -> hours = Integer.parseInt(value);
        case "--tiers" -> tiers = value;
        default -> throw new IllegalArgumentException("unknown argument \"" + args[i] + "\"; allowed: --agents N, "
            + "--hours N, --tiers SPEC");
      }
      i++;
    }
    RecordedSamples data = RecordedSamples.load();
    long[] now = {0};
    long started = System.nanoTime();
    ResourceManager.Builder builder = ResourceManager.custom().platformSources(false).defaultAlertRules(false)
        .ticker(() -> now[0]).interval(Duration.ofSeconds(1)).historyBudget(ByteSize.ofGibibytes(1))
        .source(data.replay(false, agents, 37));
    if (tiers != null) {
      builder.historyTiers(tiers);
    }
    String tierText = tiers == null ? "default tiers" : "tiers \"" + tiers + "\"";
    try (ResourceManager rm = builder.build()) {
      long ticks = hours * 3_600L;
      for (long t = 1; t <= ticks; t++) {
        rm.sampleNow();
        now[0] += 1_000_000_000L;
        if (t == 3_600 || t == ticks) {
          print(rm.stats(), agents, t / 3_600, System.nanoTime() - started, tierText);
        }
      }
    }
  }

  private static void print(MonitorStats stats, int agents, long hours, long elapsedNanos, String tiers) {
    Map<String, Long> bytes = stats.historyBytes();
    long total = 0;
    StringBuilder parts = new StringBuilder();
    for (Map.Entry<String, Long> e : bytes.entrySet()) {
      total += e.getValue();
      parts.append(parts.length() == 0 ? "" : " ").append(e.getKey()).append('=')
          .append(String.format(Locale.ROOT, "%.2f", e.getValue() / 1048576.0));
    }
    double mib = total / 1048576.0;
    String verdict = hours < 24 ? "" : mib <= TARGET_MIB ? " target <= 64 MiB: met"
        : String.format(Locale.ROOT, " target <= 64 MiB: MISSED by %.1f MiB", mib - TARGET_MIB);
    System.out.println(String.format(Locale.ROOT, "history-retained agents=%d interval=1s window=%dh MiB=%.1f "
        + "(MiB by tier: %s; %s, recorded data replayed; %.0f ticks/s simulated)%s", agents, hours, mib,
        parts, tiers, hours * 3600 / (elapsedNanos / 1e9), verdict));
  }
}
