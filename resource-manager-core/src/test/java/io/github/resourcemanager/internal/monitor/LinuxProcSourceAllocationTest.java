package io.github.resourcemanager.internal.monitor;

import io.github.resourcemanager.monitor.Metric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.resourcemanager.AllocationMeter;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The fast path allocates nothing in steady state, measured by the JVM's per-thread allocation counter. */
class LinuxProcSourceAllocationTest {

  @Test
  void steadyStateSamplingOfLinuxAndJvmSourcesAllocatesNothing() throws Exception {
    assumeTrue(LinuxProcSource.isSupported(), "needs Linux /proc");
    assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean);
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assumeTrue(threads.isThreadAllocatedMemorySupported());
    threads.setThreadAllocatedMemoryEnabled(true);

    try (LinuxProcSource linux = new LinuxProcSource(); JvmSource jvm = new JvmSource()) {
      RecordingWriter out = new RecordingWriter();
      long tick = 0;
      // warm up until the JIT has compiled the path, and let the buffers reach their final size
      for (int i = 0; i < 20_000; i++) {
        tick += 1_000_000;
        out.tick(tick);
        linux.sample(out);
        jvm.sample(out);
      }
      long[] t = {tick};
      long allocated = AllocationMeter.leastBytesAllocated(2_000, () -> {
        t[0] += 1_000_000;
        out.tick(t[0]);
        try {
          linux.sample(out);
          jvm.sample(out);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });

      assertThat(allocated).as("bytes allocated by the least of 5 rounds of 2,000 samples").isZero();
      assertThat(out.get(Metric.SYSTEM_MEMORY_TOTAL)).isPositive(); // the samples did happen
    }
  }
}
