package io.github.resourcemanager.internal.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resourcemanager.AllocationMeter;
import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.ResourceSource;
import io.github.resourcemanager.monitor.SampleWriter;
import io.github.resourcemanager.monitor.Unit;
import io.github.resourcemanager.units.ByteSize;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * With rollup tiers, a tick still allocates nothing once the histories are full: closing buckets, closing chunks,
 * dropping what left the windows and enforcing the budget reuse what they dropped.
 */
class TieredHistoryAllocationTest {
  private final long[] now = {0};
  private ResourceManager rm;
  private final Runnable tick = () -> {
    now[0] += 1_000_000_000L;
    rm.sampleNow();
  };

  @AfterEach
  void close() {
    rm.close();
  }

  private void build(ResourceManager.Builder builder) {
    rm = builder.ticker(() -> now[0]).interval(Duration.ofSeconds(1)).defaultAlertRules(false).build();
    for (int i = 0; i < 100; i++) {
      rm.tracker().register("agent-" + i);
    }
  }

  @Test
  void aTickThatClosesBucketsAndChunksAllocatesNothingOnceTheTiersAreFull() {
    build(ResourceManager.custom().historyTiers("raw 1m, 10s for 5m, 1m for 10m"));
    for (int i = 0; i < 1_500; i++) { // every tier past its window (10 min), and warm
      tick.run();
    }
    // 5 rounds of 300 ticks: each closes 30 10-second buckets, 5 one-minute buckets and many chunks
    assertThat(AllocationMeter.leastBytesAllocated(300, tick)).isZero();
  }

  /** Writes three full-mantissa values for 100 agents every tick (8 bytes each, compressed), allocating nothing. */
  private static final class Noise implements ResourceSource {
    private static final Metric[] NOISE = {Metric.of("agent.test.allocation.a", Unit.NONE, "noise"),
        Metric.of("agent.test.allocation.b", Unit.NONE, "noise"), Metric.of("agent.test.allocation.c", Unit.NONE, "")};
    private final String[] ids = new String[100];
    private long state = 42;

    Noise() {
      for (int i = 0; i < ids.length; i++) {
        ids[i] = "agent-" + i;
      }
    }

    @Override
    public String name() {
      return "noise";
    }

    @Override
    public boolean mayBlock() {
      return false;
    }

    @Override
    public void sample(SampleWriter out) {
      for (String id : ids) {
        for (Metric m : NOISE) {
          state = state * 6364136223846793005L + 1442695040888963407L;
          out.setAgent(id, m, (state >>> 11) * 0x1.0p-53 * 100);
        }
      }
    }
  }

  @Test
  void aTickThatEnforcesTheBudgetAllocatesNothing() {
    // 100 agents x 24 bytes a second reach the 1 MiB budget in under 8 minutes; past an hour every tier
    // has dropped chunks it then reuses
    build(ResourceManager.custom().historyTiers("raw 10m, 1m for 20m").historyBudget(ByteSize.ofMebibytes(1))
        .source(new Noise()));
    for (int i = 0; i < 4_000; i++) {
      tick.run();
    }
    assertThat(rm.stats().historyBytesRetained()).isLessThanOrEqualTo(ByteSize.ofMebibytes(1).bytes());
    assertThat(AllocationMeter.leastBytesAllocated(300, tick)).isZero();
    assertThat(rm.stats().historyBytesRetained()).isLessThanOrEqualTo(ByteSize.ofMebibytes(1).bytes());
  }
}
