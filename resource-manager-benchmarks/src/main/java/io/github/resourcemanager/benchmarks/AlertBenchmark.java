package io.github.resourcemanager.benchmarks;

import io.github.resourcemanager.alert.AlertRule;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.internal.alert.AlertEngine;
import io.github.resourcemanager.internal.alert.AlertPipelineConfig;
import io.github.resourcemanager.internal.monitor.MonitorConfig;
import io.github.resourcemanager.internal.monitor.ResourceMonitor;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.ResourceSource;
import io.github.resourcemanager.monitor.Sample;
import io.github.resourcemanager.monitor.SampleWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Steady-state evaluation of the alert pipeline: 1,000 rule evaluations on one sample where nothing changes
 * (one rule in ten is firing and stays firing, the rest are below their thresholds). Run with {@code -prof gc}:
 * the allocation rate per operation must be 0 B/op.
 *
 * <ul>
 *   <li>{@code machineRules}: 1,000 rules on machine, process and JVM metrics (some with hysteresis and
 *       keepFiringFor), 100 of them firing.</li>
 *   <li>{@code agentRules}: 10 per-agent rules over 100 agents (1,000 evaluations), 100 agent alerts firing.</li>
 * </ul>
 *
 * <pre>java -jar resource-manager-benchmarks/target/benchmarks.jar AlertBenchmark -prof gc -f 1 -wi 2 -i 3 -w 1s -r 1s</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AlertBenchmark {

  private static final Metric[] WATCHED = {Metric.SYSTEM_CPU_USAGE, Metric.SYSTEM_MEMORY_USAGE, Metric.SYSTEM_DISK_READ,
      Metric.SYSTEM_DISK_WRITE, Metric.SYSTEM_NETWORK_RECEIVE, Metric.SYSTEM_NETWORK_TRANSMIT, Metric.PROCESS_OPEN_FILES,
      Metric.PROCESS_THREADS, Metric.JVM_HEAP_USED, Metric.SYSTEM_LOAD_1M};
  private static final int AGENTS = 100;

  /** Writes the same values every tick: 100 for every watched metric, and CPU usage for 100 agents. */
  private static final class ConstantSource implements ResourceSource {
    private final String[] agentIds = new String[AGENTS];

    ConstantSource() {
      for (int a = 0; a < AGENTS; a++) {
        agentIds[a] = "agent-" + a;
      }
    }

    @Override
    public String name() {
      return "constant";
    }

    @Override
    public boolean mayBlock() {
      return false;
    }

    @Override
    public void sample(SampleWriter out) {
      for (Metric m : WATCHED) {
        out.set(m, 100);
      }
      for (int a = 0; a < AGENTS; a++) {
        out.setAgent(agentIds[a], Metric.AGENT_CPU_USAGE, a % 10 == 0 ? 90 : 10);
      }
    }
  }

  /** A monitor that took one sample, and a pipeline that has evaluated it once (its alerts are firing). */
  abstract static class Fixture {
    ResourceMonitor monitor;
    AlertEngine pipeline;
    Sample sample;

    abstract List<AlertRule> rules();

    @Setup(Level.Trial)
    public void setUp() {
      Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
      monitor = new ResourceMonitor(MonitorConfig.custom().platformSources(false).source(new ConstantSource())
          .ticker(() -> 0L).clock(clock).build());
      pipeline = new AlertEngine(AlertPipelineConfig.custom().defaultRules(false).rules(rules())
          .repeatInterval(Duration.ofHours(4)).ticker(() -> 0L).clock(clock).build());
      pipeline.subscribe(event -> {});
      monitor.addListener(s -> sample = s); // the monitor reuses one Sample; the benchmark evaluates it again and again
      monitor.sampleNow();
      pipeline.onSample(sample); // the firing alerts start here; every later evaluation changes nothing
      if (pipeline.activeAlerts().size() != 100) {
        throw new IllegalStateException("expected 100 firing alerts, got " + pipeline.activeAlerts().size());
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      pipeline.close();
      monitor.close();
    }
  }

  /** 1,000 machine-level rules. */
  @State(Scope.Benchmark)
  public static class MachineRules extends Fixture {
    @Override
    List<AlertRule> rules() {
      List<AlertRule> rules = new ArrayList<>();
      for (int i = 0; i < 1_000; i++) {
        AlertRule.Builder b = AlertRule.custom().name("rule-" + i).metric(WATCHED[i % WATCHED.length])
            .threshold(Severity.WARNING, i % 10 == 0 ? 50 : 1_000 + i).threshold(Severity.CRITICAL, 1e12)
            .annotation("summary", "{{metric}} at {{value}}");
        if (i % 4 == 0) {
          b.clearThreshold(40).keepFiringFor(Duration.ofMinutes(1));
        }
        rules.add(b.build());
      }
      return rules;
    }
  }

  /** 10 per-agent rules over 100 agents. */
  @State(Scope.Benchmark)
  public static class AgentRules extends Fixture {
    @Override
    List<AlertRule> rules() {
      List<AlertRule> rules = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        rules.add(AlertRule.custom().name("agent-rule-" + i).metric(Metric.AGENT_CPU_USAGE)
            .threshold(Severity.WARNING, 50 + i).threshold(Severity.CRITICAL, 95).build());
      }
      return rules;
    }
  }

  /** One evaluation of 1,000 machine-level rules on one sample, nothing changing. */
  @Benchmark
  public void machineRules(MachineRules state) {
    state.pipeline.onSample(state.sample);
  }

  /** One evaluation of 10 per-agent rules over 100 agents (1,000 rule evaluations), nothing changing. */
  @Benchmark
  public void agentRules(AgentRules state) {
    state.pipeline.onSample(state.sample);
  }
}
