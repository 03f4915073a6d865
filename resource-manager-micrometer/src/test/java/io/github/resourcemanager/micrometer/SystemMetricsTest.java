package io.github.resourcemanager.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Unit;
import io.github.resourcemanager.test.ManualTicker;
import io.github.resourcemanager.test.ResourceManagerExtension;
import io.github.resourcemanager.test.ScriptedSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Machine, process and JVM metrics: one gauge per measured metric, in Micrometer base units. */
class SystemMetricsTest {

  @RegisterExtension
  static final ResourceManagerExtension fixtures = ResourceManagerExtension.configure(b -> b.interval(Duration.ofSeconds(5)));

  private static final Duration TICK = Duration.ofSeconds(5);

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private Gauge gauge(String name) {
    return registry.get(name).gauge();
  }

  @Test
  void percentagesBecomeRatiosWithTheRatioBaseUnit(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    source.values(Metric.SYSTEM_CPU_USAGE, 75).values(Metric.PROCESS_CPU_USAGE, 12.5);
    new ResourceManagerMetrics(rm).bindTo(registry);
    rm.start();
    ticker.advance(Duration.ZERO);

    Gauge cpu = gauge("resource.system.cpu.usage");
    assertThat(cpu.value()).isEqualTo(0.75);
    assertThat(cpu.getId().getBaseUnit()).isEqualTo("ratio");
    assertThat(cpu.getId().getDescription()).isEqualTo("busy share of all CPUs");
    assertThat(gauge("resource.process.cpu.usage").value()).isEqualTo(0.125);
  }

  @Test
  void bytesSecondsAndRatesKeepTheirValuesUnderTheirBaseUnits(ResourceManager rm, ScriptedSource source,
                                                             ManualTicker ticker) {
    source.values(Metric.SYSTEM_MEMORY_USED, 2_147_483_648.0).values(Metric.JVM_GC_TIME, 1.5)
        .values(Metric.SYSTEM_DISK_READ, 1_048_576);
    new ResourceManagerMetrics(rm).bindTo(registry);
    rm.start();
    ticker.advance(Duration.ZERO);

    assertThat(gauge("resource.system.memory.used").value()).isEqualTo(2_147_483_648.0);
    assertThat(gauge("resource.system.memory.used").getId().getBaseUnit()).isEqualTo("bytes");
    // GC time is a total since the JVM started: a counter (as Micrometer's JvmGcMetrics.bindTo registers its
    // cumulative jvm.gc.cpu.time with FunctionCounter.builder), with the total as its count.
    assertThat(registry.get("resource.jvm.gc.time").functionCounter().count()).isEqualTo(1.5);
    assertThat(registry.get("resource.jvm.gc.time").functionCounter().getId().getBaseUnit()).isEqualTo("seconds");
    assertThat(gauge("resource.system.disk.read").value()).isEqualTo(1_048_576);
    assertThat(gauge("resource.system.disk.read").getId().getBaseUnit()).isEqualTo("bytes.per.second");
  }

  @Test
  void countsAndLoadAveragesHaveNoBaseUnit(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    source.values(Metric.SYSTEM_THREADS, 1234).values(Metric.SYSTEM_LOAD_1M, 2.5);
    new ResourceManagerMetrics(rm).bindTo(registry);
    rm.start();
    ticker.advance(Duration.ZERO);

    assertThat(gauge("resource.system.threads").value()).isEqualTo(1234);
    assertThat(gauge("resource.system.threads").getId().getBaseUnit()).isNull();
    assertThat(gauge("resource.system.load.1m").value()).isEqualTo(2.5);
    assertThat(gauge("resource.system.load.1m").getId().getBaseUnit()).isNull();
  }

  @Test
  void gaugesReadTheLatestSample(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    source.values(Metric.SYSTEM_CPU_USAGE, 10, 40, 90);
    new ResourceManagerMetrics(rm).bindTo(registry);
    rm.start();
    ticker.advance(Duration.ZERO);
    assertThat(gauge("resource.system.cpu.usage").value()).isEqualTo(0.1);
    ticker.advance(TICK);
    assertThat(gauge("resource.system.cpu.usage").value()).isEqualTo(0.4);
    ticker.advance(TICK);
    assertThat(gauge("resource.system.cpu.usage").value()).isEqualTo(0.9);
  }

  @Test
  void aMetricNotMeasuredInTheLatestSampleReadsNaN(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    source.values(Metric.SYSTEM_SWAP_USED, 4096, Double.NaN);
    new ResourceManagerMetrics(rm).bindTo(registry);
    rm.start();
    ticker.advance(Duration.ZERO);
    assertThat(gauge("resource.system.swap.used").value()).isEqualTo(4096);
    ticker.advance(TICK);
    assertThat(gauge("resource.system.swap.used").value()).isNaN();
  }

  @Test
  void metricsAreRegisteredOnceTheyHaveBeenMeasured(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    source.values(Metric.SYSTEM_CPU_USAGE, 50);
    new ResourceManagerMetrics(rm).bindTo(registry);
    assertThat(registry.getMeters()).extracting(m -> m.getId().getName()).doesNotContain("resource.system.cpu.usage");
    rm.start();
    ticker.advance(Duration.ZERO);
    assertThat(registry.find("resource.system.cpu.usage").gauge()).isNotNull();
    assertThat(registry.find("resource.process.threads").gauge()).isNull();

    source.values(Metric.PROCESS_THREADS, 42); // measured from the next sample on
    ticker.advance(TICK);
    assertThat(gauge("resource.process.threads").value()).isEqualTo(42);
  }

  @Test
  void aMetricDefinedAfterBindingGetsItsGaugeAtTheFirstSampleThatMeasuresIt(ResourceManager rm, ScriptedSource source,
      ManualTicker ticker) {
    source.values(Metric.SYSTEM_CPU_USAGE, 50);
    new ResourceManagerMetrics(rm).bindTo(registry);
    rm.start();
    ticker.advance(Duration.ZERO);

    Metric entries = Metric.of("app.cache.entries", Unit.COUNT, "entries in the application's cache");
    source.values(entries, 1200);
    assertThat(registry.find("resource.app.cache.entries").gauge()).isNull();
    ticker.advance(TICK);
    assertThat(gauge("resource.app.cache.entries").value()).isEqualTo(1200);
    assertThat(gauge("resource.app.cache.entries").getId().getDescription()).isEqualTo("entries in the application's cache");
  }

  @Test
  void aManagerThatHasSampledGetsItsGaugesWhenBound(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    source.values(Metric.SYSTEM_MEMORY_USAGE, 60);
    rm.start();
    ticker.advance(Duration.ZERO);
    new ResourceManagerMetrics(rm).bindTo(registry);
    assertThat(gauge("resource.system.memory.usage").value()).isEqualTo(0.6);
  }

  @Test
  void theMetricFilterLeavesOutMetrics(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    source.values(Metric.SYSTEM_CPU_USAGE, 50).values(Metric.SYSTEM_LOAD_1M, 1);
    new ResourceManagerMetrics(rm, ResourceManagerMetricsConfig.custom()
        .metricFilter(m -> !m.name().startsWith("system.load")).build()).bindTo(registry);
    rm.start();
    ticker.advance(Duration.ZERO);
    assertThat(registry.getMeters()).extracting(m -> m.getId().getName())
        .contains("resource.system.cpu.usage").doesNotContain("resource.system.load.1m");
  }

  @Test
  void thePrefixAndTheCommonTagsApplyToEveryMeter(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    source.values(Metric.SYSTEM_CPU_USAGE, 50).agentValues("a-1", Metric.AGENT_THREADS, 3);
    new ResourceManagerMetrics(rm, ResourceManagerMetricsConfig.custom().prefix("rm.host")
        .tags("application", "api", "region", "eu").build()).bindTo(registry);
    rm.start();
    ticker.advance(Duration.ZERO);

    assertThat(registry.get("rm.host.system.cpu.usage").tags("application", "api", "region", "eu").gauge().value())
        .isEqualTo(0.5);
    assertThat(registry.getMeters()).isNotEmpty().allSatisfy(m -> {
      assertThat(m.getId().getName()).startsWith("rm.host.");
      assertThat(m.getId().getTag("application")).isEqualTo("api");
      assertThat(m.getId().getTag("region")).isEqualTo("eu");
    });
    assertThat(registry.getMeters()).extracting(Meter::getId).extracting(Meter.Id::getName)
        .contains("rm.host.agent.threads", "rm.host.alerts.active");
  }
}
