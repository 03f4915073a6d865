package io.github.resourcemanager.internal.monitor;

import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.ResourceSource;
import io.github.resourcemanager.monitor.SampleWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Heap and garbage collection metrics of this JVM, sampled without allocating.
 *
 * <ul>
 *   <li>{@link Metric#JVM_HEAP_USED}, {@link Metric#JVM_HEAP_COMMITTED}, {@link Metric#JVM_HEAP_MAX}: from
 *       {@link Runtime#totalMemory()} − {@link Runtime#freeMemory()}, {@link Runtime#totalMemory()} and
 *       {@link Runtime#maxMemory()}. These are native calls that return primitives, whereas
 *       {@code MemoryMXBean.getHeapMemoryUsage()} creates a {@code MemoryUsage} object per call. They describe
 *       the same heap; with some collectors the committed size differs slightly from the sum of the memory
 *       pools that the MXBean reports. The maximum is {@code NaN} when the heap has no limit.
 *   <li>{@link Metric#JVM_GC_TIME}: the accumulated collection time of the JVM's garbage collectors, in
 *       seconds, from the collector MXBeans captured at construction. Beans that time whole concurrent
 *       cycles rather than pauses ({@code ZGC Cycles}, {@code ZGC Major Cycles}, {@code ZGC Minor Cycles},
 *       {@code Shenandoah Cycles}, {@code G1 Concurrent GC}) are left out: their time runs alongside the
 *       application and would be counted twice with the pause beans of the same collector.
 *   <li>{@link Metric#JVM_GC_OVERHEAD}: that time's growth over the ticker time since the previous sample,
 *       as a percentage ({@code NaN} on the first sample), capped at 100.
 * </ul>
 *
 * <p>Not thread-safe: the monitor samples a source from one thread at a time.
 */
public final class JvmSource implements ResourceSource {

  private static final Logger LOG = LoggerFactory.getLogger(JvmSource.class);
  private static final Set<String> CONCURRENT_CYCLE_BEANS =
      Set.of("ZGC Cycles", "ZGC Major Cycles", "ZGC Minor Cycles", "Shenandoah Cycles", "G1 Concurrent GC");
  private static final Set<Metric> METRICS = Set.of(Metric.JVM_HEAP_USED, Metric.JVM_HEAP_COMMITTED,
      Metric.JVM_HEAP_MAX, Metric.JVM_GC_TIME, Metric.JVM_GC_OVERHEAD);

  private final Runtime runtime = Runtime.getRuntime();
  private final GarbageCollectorMXBean[] collectors;
  private final CounterRate gcMillis = new CounterRate();

  /** Reads this JVM's heap and its garbage collector MXBeans. */
  public JvmSource() {
    this(ManagementFactory.getGarbageCollectorMXBeans());
  }

  /** Sums the collection time of {@code beans}, except concurrent-cycle ones. */
  JvmSource(List<GarbageCollectorMXBean> beans) {
    List<GarbageCollectorMXBean> pauses = new ArrayList<>();
    for (GarbageCollectorMXBean bean : beans) {
      if (CONCURRENT_CYCLE_BEANS.contains(bean.getName())) {
        LOG.debug("not counting the concurrent cycle time of collector \"{}\" as GC time", bean.getName());
      } else {
        pauses.add(bean);
      }
    }
    this.collectors = pauses.toArray(new GarbageCollectorMXBean[0]);
  }

  /** Returns {@code jvm}. */
  @Override
  public String name() {
    return "jvm";
  }

  /** The heap and GC metrics this source writes. */
  @Override
  public Set<Metric> metrics() {
    return METRICS;
  }

  /** Returns {@code false}: every value comes from a native call into this JVM. */
  @Override
  public boolean mayBlock() {
    return false;
  }

  /** Writes the heap sizes, the accumulated GC time and the GC overhead since the previous sample. */
  @Override
  public void sample(SampleWriter out) {
    long total = runtime.totalMemory();
    long free = runtime.freeMemory();
    long max = runtime.maxMemory();
    out.set(Metric.JVM_HEAP_USED, (double) Math.max(0, total - free));
    out.set(Metric.JVM_HEAP_COMMITTED, (double) total);
    out.set(Metric.JVM_HEAP_MAX, max == Long.MAX_VALUE ? Double.NaN : max);

    long gcMillisTotal = 0;
    for (GarbageCollectorMXBean collector : collectors) {
      long millis = collector.getCollectionTime();
      if (millis > 0) { // -1 means "not supported by this collector"
        gcMillisTotal += millis;
      }
    }
    out.set(Metric.JVM_GC_TIME, gcMillisTotal / 1000.0);
    double millisPerSecond = gcMillis.update(gcMillisTotal, out.tickNanos());
    // ms of GC per s of ticker time, as a percentage: ms/s / 1000 * 100
    out.set(Metric.JVM_GC_OVERHEAD, Math.min(100.0, millisPerSecond / 10.0));
  }

  @Override
  public String toString() {
    return "JvmSource[collectors=" + collectors.length + "]";
  }
}
