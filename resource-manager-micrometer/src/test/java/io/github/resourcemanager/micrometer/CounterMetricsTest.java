package io.github.resourcemanager.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.alert.AlertRule;
import io.github.resourcemanager.alert.EventAlert;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.test.ManualTicker;
import io.github.resourcemanager.test.ResourceManagerExtension;
import io.github.resourcemanager.test.ScriptedSource;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Cumulative quantities are function counters (Micrometer's convention for them: ProcessorMetrics.bindTo registers
 * process.cpu.time, JvmGcMetrics.bindTo jvm.gc.cpu.time, both with FunctionCounter.builder), so Prometheus' rate()
 * and increase() work on them.
 */
class CounterMetricsTest {

  private static final Duration TICK = Duration.ofSeconds(5);

  @RegisterExtension
  static final ResourceManagerExtension fixtures = ResourceManagerExtension.configure(b -> b.interval(TICK)
      .defaultAlertRules(false)
      .alertRule(AlertRule.custom().name("cpu-high").metric(Metric.SYSTEM_CPU_USAGE)
          .threshold(Severity.WARNING, 80).threshold(Severity.CRITICAL, 90).build()));

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private FunctionCounter counter(String name) {
    return registry.get(name).functionCounter();
  }

  @Test
  void diskAndNetworkRatesAddUpToByteCountersBesideTheirGauges(ResourceManager rm, ScriptedSource source,
      ManualTicker ticker) {
    // NaN first: a source's first reading has no rate. Then 1 MiB/s, 2 MiB/s, NaN (a counter that went backwards),
    // 512 KiB/s, each over one 5 s tick.
    source.values(Metric.SYSTEM_DISK_READ, Double.NaN, 1_048_576, 2_097_152, Double.NaN, 524_288)
        .values(Metric.SYSTEM_NETWORK_TRANSMIT, 100, 100);
    new ResourceManagerMetrics(rm).bindTo(registry);
    rm.start();
    ticker.advance(Duration.ZERO); // the rate is not measured yet, so neither gauge nor counter is registered
    assertThat(registry.find("resource.system.disk.read.bytes").functionCounter()).isNull();
    ticker.advance(TICK);
    assertThat(counter("resource.system.disk.read.bytes").count()).isEqualTo(1_048_576 * 5.0);
    ticker.advance(TICK);
    assertThat(counter("resource.system.disk.read.bytes").count()).isEqualTo(1_048_576 * 5.0 + 2_097_152 * 5.0);
    ticker.advance(TICK);
    assertThat(counter("resource.system.disk.read.bytes").count()).isEqualTo(1_048_576 * 5.0 + 2_097_152 * 5.0);
    ticker.advance(TICK);
    assertThat(counter("resource.system.disk.read.bytes").count())
        .isEqualTo(1_048_576 * 5.0 + 2_097_152 * 5.0 + 524_288 * 5.0);
    // the first sample the binder saw only set the start: 100 B/s over four ticks after it
    assertThat(counter("resource.system.network.transmit.bytes").count()).isEqualTo(100 * 5.0 * 4);

    assertThat(counter("resource.system.disk.read.bytes").getId().getBaseUnit()).isEqualTo("bytes");
    assertThat(registry.get("resource.system.disk.read").gauge().value()).isEqualTo(524_288);
    assertThat(registry.find("resource.system.disk.write.bytes").functionCounter()).isNull(); // never measured
  }

  @Test
  void aTotalKeepsItsLastCountThroughAMissingReading(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    source.values(Metric.JVM_GC_TIME, 1.5, Double.NaN, 2.25);
    new ResourceManagerMetrics(rm).bindTo(registry);
    rm.start();
    ticker.advance(Duration.ZERO);
    assertThat(counter("resource.jvm.gc.time").count()).isEqualTo(1.5);
    ticker.advance(TICK);
    assertThat(counter("resource.jvm.gc.time").count()).isEqualTo(1.5);
    ticker.advance(TICK);
    assertThat(counter("resource.jvm.gc.time").count()).isEqualTo(2.25);
  }

  @Test
  void anAgentsCpuTimeIsACounterPerAgent(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    source.agentValues("worker-1", Metric.AGENT_CPU_TIME, 0.5, 1.25);
    rm.tracker().register("worker-1");
    new ResourceManagerMetrics(rm).bindTo(registry);
    rm.start();
    ticker.advance(Duration.ZERO);
    ticker.advance(TICK);
    FunctionCounter cpu = registry.get("resource.agent.cpu.time").tags("agent", "worker-1", "project", "")
        .functionCounter();
    assertThat(cpu.count()).isEqualTo(1.25);
  }

  @Test
  void theProcessCpuTimeCounterReadsTheJvmsOwnProcessCpuTimeInSeconds(ResourceManager rm, ScriptedSource source,
      ManualTicker ticker) {
    source.values(Metric.PROCESS_CPU_USAGE, 10);
    new ResourceManagerMetrics(rm).bindTo(registry);
    rm.start();
    ticker.advance(Duration.ZERO);
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    double before = os.getProcessCpuTime() / 1e9;
    double count = counter("resource.process.cpu.time").count();
    double after = os.getProcessCpuTime() / 1e9;
    assertThat(count).isBetween(before, after);
    assertThat(counter("resource.process.cpu.time").getId().getBaseUnit()).isEqualTo("seconds");
  }

  @Test
  void alertsFiredAreCountedBySeverityAtFiring(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    source.values(Metric.SYSTEM_CPU_USAGE, 85, 95, 10, 95);
    new ResourceManagerMetrics(rm).bindTo(registry);
    assertThat(registry.find("resource.alerts.fired").functionCounters()).hasSize(4)
        .allSatisfy(c -> assertThat(c.count()).isZero());
    rm.start();
    ticker.advance(Duration.ZERO); // fires WARNING
    ticker.advance(TICK);          // escalates: the same alert, no new firing
    ticker.advance(TICK);          // resolves
    ticker.advance(TICK);          // a new alert fires CRITICAL
    rm.alerts().raise(EventAlert.of("oom-killed", Severity.CRITICAL));
    assertThat(registry.get("resource.alerts.fired").tag("severity", "warning").functionCounter().count()).isEqualTo(1);
    assertThat(registry.get("resource.alerts.fired").tag("severity", "critical").functionCounter().count())
        .isEqualTo(2);
    assertThat(registry.get("resource.alerts.fired").tag("severity", "info").functionCounter().count()).isZero();
  }

  @Test
  void theConfigNamesEachMetricsMeterAsTheBinderRegistersIt(ResourceManager rm, ScriptedSource source,
      ManualTicker ticker) {
    ResourceManagerMetricsConfig config = ResourceManagerMetricsConfig.custom().tags("application", "api").build();
    source.values(Metric.SYSTEM_CPU_USAGE, 75).values(Metric.JVM_GC_TIME, 3);
    new ResourceManagerMetrics(rm, config).bindTo(registry);
    rm.start();
    ticker.advance(Duration.ZERO);
    for (Metric metric : new Metric[] {Metric.SYSTEM_CPU_USAGE, Metric.JVM_GC_TIME}) {
      Meter.Id id = config.meterId(metric);
      Meter meter = registry.get(id.getName()).tags(id.getTags()).meter();
      assertThat(meter.getId().getType()).isEqualTo(id.getType());
      assertThat(meter.getId().getBaseUnit()).isEqualTo(id.getBaseUnit());
    }
    assertThat(config.meterId(Metric.JVM_GC_TIME).getType()).isEqualTo(Meter.Type.COUNTER);
    assertThat(config.toBaseUnit(Metric.SYSTEM_CPU_USAGE, 75)).isEqualTo(0.75);
    assertThat(config.toBaseUnit(Metric.SYSTEM_DISK_READ, 75)).isEqualTo(75);
  }
}
