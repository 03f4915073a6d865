package io.github.resourcemanager.alert;

import io.github.resourcemanager.monitor.Metric;
import java.util.List;

/**
 * The default threshold rules, reproducing seed 004's {@code ResourceLimits}: CPU and memory at 75 % WARNING and
 * 80 % CRITICAL, disk and network throughput at 100 MB/s WARNING, and 1,000 open file descriptors CRITICAL.
 *
 * <table>
 *   <caption>Default rules</caption>
 *   <tr><th>name</th><th>watches</th><th>WARNING</th><th>CRITICAL</th></tr>
 *   <tr><td>{@value #CPU_HIGH}</td><td>system.cpu.usage</td><td>&gt;= 75 %</td><td>&gt;= 80 %</td></tr>
 *   <tr><td>{@value #MEMORY_HIGH}</td><td>system.memory.usage</td><td>&gt;= 75 %</td><td>&gt;= 80 %</td></tr>
 *   <tr><td>{@value #DISK_IO_HIGH}</td><td>system.disk.read + system.disk.write</td><td>&gt;= 100 MB/s</td><td></td></tr>
 *   <tr><td>{@value #NETWORK_IO_HIGH}</td><td>system.network.receive + system.network.transmit</td><td>&gt;= 100 MB/s</td><td></td></tr>
 *   <tr><td>{@value #OPEN_FILES_HIGH}</td><td>process.files.open</td><td></td><td>&gt;= 1000</td></tr>
 * </table>
 *
 * <p>A megabyte here is 2<sup>20</sup> bytes ({@link #MEGABYTE}), as the library reads "MB" in the seed documents
 * (see {@code ByteSize}); 100 MB/s is 104,857,600 bytes per second. The seed's {@code disk_io_mbps} and
 * {@code network_io_mbps} are single figures for both directions, hence the sums. All rules fire on the first
 * breaching sample ({@code for} 0, as the seed) and carry a {@code summary} annotation.
 *
 * <p>To change a default, give a rule of the same name (for example {@code AlertRules.defaults().get(0).toBuilder()
 * .threshold(Severity.CRITICAL, 90).build()}): it replaces the default. To drop the defaults, turn
 * {@code defaultRules} off.
 */
public final class AlertRules {

  /** Name of the default CPU rule. */
  public static final String CPU_HIGH = "cpu-high";
  /** Name of the default memory rule. */
  public static final String MEMORY_HIGH = "memory-high";
  /** Name of the default disk throughput rule. */
  public static final String DISK_IO_HIGH = "disk-io-high";
  /** Name of the default network throughput rule. */
  public static final String NETWORK_IO_HIGH = "network-io-high";
  /** Name of the default open file descriptors rule. */
  public static final String OPEN_FILES_HIGH = "open-files-high";

  /** The seed's megabyte: 2^20 bytes. */
  public static final long MEGABYTE = 1L << 20;

  private static final List<AlertRule> DEFAULTS = List.of(
      AlertRule.custom().name(CPU_HIGH).metric(Metric.SYSTEM_CPU_USAGE)
          .threshold(Severity.WARNING, 75).threshold(Severity.CRITICAL, 80)
          .annotation("summary", "CPU usage is {{value}} % ({{severity}})").build(),
      AlertRule.custom().name(MEMORY_HIGH).metric(Metric.SYSTEM_MEMORY_USAGE)
          .threshold(Severity.WARNING, 75).threshold(Severity.CRITICAL, 80)
          .annotation("summary", "memory usage is {{value}} % ({{severity}})").build(),
      AlertRule.custom().name(DISK_IO_HIGH).sumOf(Metric.SYSTEM_DISK_READ, Metric.SYSTEM_DISK_WRITE)
          .threshold(Severity.WARNING, 100 * MEGABYTE)
          .annotation("summary", "disk throughput is {{value}} bytes/s ({{severity}})").build(),
      AlertRule.custom().name(NETWORK_IO_HIGH).sumOf(Metric.SYSTEM_NETWORK_RECEIVE, Metric.SYSTEM_NETWORK_TRANSMIT)
          .threshold(Severity.WARNING, 100 * MEGABYTE)
          .annotation("summary", "network throughput is {{value}} bytes/s ({{severity}})").build(),
      AlertRule.custom().name(OPEN_FILES_HIGH).metric(Metric.PROCESS_OPEN_FILES)
          .threshold(Severity.CRITICAL, 1000)
          .annotation("summary", "this process has {{value}} open file descriptors ({{severity}})").build());

  private AlertRules() {}

  /** The default rules, in the order of the table above. */
  public static List<AlertRule> defaults() {
    return DEFAULTS;
  }
}
