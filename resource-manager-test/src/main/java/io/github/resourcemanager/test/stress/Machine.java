package io.github.resourcemanager.test.stress;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * What the stress targets are validated against: logical CPUs, the maximum heap, and how many more files this
 * process may open.
 *
 * @param cpus logical CPUs available to the JVM
 * @param maxHeapBytes the maximum heap ({@link Runtime#maxMemory()})
 * @param fileHeadroom half of the file descriptors this process may still open, or -1 if unknown
 */
record Machine(int cpus, long maxHeapBytes, long fileHeadroom) {

  static Machine current() {
    long headroom = -1;
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      long max = unix.getMaxFileDescriptorCount();
      long open = unix.getOpenFileDescriptorCount();
      if (max > 0 && open >= 0) {
        headroom = Math.max(0, (max - open) / 2);
      }
    }
    return new Machine(Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory(), headroom);
  }
}
