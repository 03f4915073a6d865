package io.github.resourcemanager.internal.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Unit;
import io.github.resourcemanager.test.ManualTicker;
import io.github.resourcemanager.test.ResourceManagerExtension;
import io.github.resourcemanager.test.ScriptedSource;
import io.github.resourcemanager.units.ByteSize;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The histories hold at most their budget: past it, the raw samples of the agents active least recently go first
 * (their rollups keep them at a coarser step), and the agents still at work keep theirs.
 */
class HistoryBudgetTest {
  private static final int AGENTS = 200;
  private static final int SECONDS = 600;
  private static final Metric[] NOISE = {
      Metric.of("agent.test.budget.a", Unit.NONE, "noise"), Metric.of("agent.test.budget.b", Unit.NONE, "noise"),
      Metric.of("agent.test.budget.c", Unit.NONE, "noise")};

  @RegisterExtension
  static final ResourceManagerExtension fixtures = ResourceManagerExtension.configure(b -> b
      .interval(Duration.ofSeconds(1)).defaultAlertRules(false).platformSources(true)
      .historyTiers("raw 30m, 1m for 2h").historyBudget(ByteSize.ofMebibytes(1)));

  /** Agents "idle-i" stop changing after 100 s, agents "busy-i" change every second; their values are noise. */
  private static void script(ScriptedSource source) {
    SplittableRandom random = new SplittableRandom(42);
    for (int a = 0; a < AGENTS; a++) {
      boolean idle = a % 2 == 0;
      for (Metric m : NOISE) {
        double[] v = new double[idle ? 100 : SECONDS];
        for (int t = 0; t < v.length; t++) {
          v[t] = random.nextDouble() * 100; // full mantissas: about 8 bytes each, compressed
        }
        source.agentValues((idle ? "idle-" : "busy-") + a, m, v); // after its script, a value repeats
      }
    }
  }

  private static boolean rawReaches(ResourceManager rm, String agent, Duration window) {
    return rm.history(agent, NOISE[0], window).step().equals(Duration.ofSeconds(1));
  }

  @Test
  void theHistoriesHoldAtMostTheirBudget(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    script(source);
    rm.start();
    ticker.advance(Duration.ofSeconds(SECONDS - 1));
    // 100 busy agents x 3 values x 8 bytes x 600 s alone are 1.4 MB
    assertThat(rm.stats().historyBytesRetained()).isLessThanOrEqualTo(ByteSize.ofMebibytes(1).bytes());
  }

  @Test
  void theLeastRecentlyActiveAgentsLoseTheirRawSamplesFirst(ResourceManager rm, ScriptedSource source,
      ManualTicker ticker) {
    script(source);
    rm.start();
    ticker.advance(Duration.ofSeconds(SECONDS - 1));
    Duration window = Duration.ofMinutes(9);
    int idleWithRaw = 0;
    int busyWithRaw = 0;
    for (int a = 0; a < AGENTS; a++) {
      if (a % 2 == 0) {
        idleWithRaw += rawReaches(rm, "idle-" + a, window) ? 1 : 0;
      } else {
        busyWithRaw += rawReaches(rm, "busy-" + a, window) ? 1 : 0;
      }
    }
    assertThat(idleWithRaw).isZero();
    assertThat(busyWithRaw).isPositive();
    // what an idle agent lost is in its 1-minute rollup: every sample still counted
    assertThat(rm.history("idle-0", NOISE[0], window).step()).isEqualTo(Duration.ofMinutes(1));
    assertThat(rm.summary("idle-0", NOISE[0], Duration.ofMinutes(30)).count()).isEqualTo(SECONDS);
  }
}
