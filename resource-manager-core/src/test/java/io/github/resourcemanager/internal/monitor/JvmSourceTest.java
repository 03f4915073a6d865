package io.github.resourcemanager.internal.monitor;

import io.github.resourcemanager.monitor.Metric;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.GarbageCollectorMXBean;
import java.util.List;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

class JvmSourceTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void gcTimeSumsPauseCollectorsAndOverheadIsItsGrowthOverTickerTime() {
    FakeCollector young = new FakeCollector("G1 Young Generation", 100);
    FakeCollector old = new FakeCollector("G1 Old Generation", -1); // -1: not supported, not subtracted
    FakeCollector concurrent = new FakeCollector("ZGC Cycles", 5000); // concurrent cycles are not pauses
    JvmSource source = new JvmSource(List.of(young, old, concurrent));
    RecordingWriter out = new RecordingWriter().tick(10 * SECOND);

    source.sample(out);
    assertThat(out.get(Metric.JVM_GC_TIME)).isEqualTo(0.1);
    assertThat(out.get(Metric.JVM_GC_OVERHEAD)).isNaN();

    young.millis += 50;
    concurrent.millis += 900;
    source.sample(out.advance(SECOND));
    assertThat(out.get(Metric.JVM_GC_TIME)).isEqualTo(0.15);
    assertThat(out.get(Metric.JVM_GC_OVERHEAD)).isEqualTo(5.0);

    young.millis += 50;
    old.millis = 200;
    source.sample(out.advance(SECOND / 2));
    assertThat(out.get(Metric.JVM_GC_TIME)).isEqualTo(0.4);
    assertThat(out.get(Metric.JVM_GC_OVERHEAD)).isEqualTo(50.0); // 250 ms of 500 ms

    young.millis = 0; // a counter that goes backwards
    source.sample(out.advance(SECOND));
    assertThat(out.get(Metric.JVM_GC_OVERHEAD)).isNaN();
  }

  @Test
  void heapValuesOfThisJvmAreConsistent() throws Exception {
    try (JvmSource source = new JvmSource()) {
      RecordingWriter out = new RecordingWriter().tick(0);
      source.sample(out);
      assertThat(source.metrics()).allMatch(out::has);
      double used = out.get(Metric.JVM_HEAP_USED);
      double committed = out.get(Metric.JVM_HEAP_COMMITTED);
      assertThat(used).isPositive().isLessThanOrEqualTo(committed);
      double max = out.get(Metric.JVM_HEAP_MAX);
      if (!Double.isNaN(max)) {
        assertThat(max).isGreaterThanOrEqualTo(committed);
      }
      assertThat(out.get(Metric.JVM_GC_TIME)).isGreaterThanOrEqualTo(0.0);
      assertThat(source.mayBlock()).isFalse();
    }
  }

  private static final class FakeCollector implements GarbageCollectorMXBean {
    private final String name;
    long millis;

    FakeCollector(String name, long millis) {
      this.name = name;
      this.millis = millis;
    }

    @Override
    public long getCollectionCount() {
      return 0;
    }

    @Override
    public long getCollectionTime() {
      return millis;
    }

    @Override
    public String getName() {
      return name;
    }

    @Override
    public boolean isValid() {
      return true;
    }

    @Override
    public String[] getMemoryPoolNames() {
      return new String[0];
    }

    @Override
    public ObjectName getObjectName() {
      return null;
    }
  }
}
