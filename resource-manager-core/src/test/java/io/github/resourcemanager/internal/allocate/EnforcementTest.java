package io.github.resourcemanager.internal.allocate;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resourcemanager.AllocationMeter;
import io.github.resourcemanager.Internals;
import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.allocate.Admission;
import io.github.resourcemanager.allocate.AgentSpec;
import io.github.resourcemanager.allocate.AgentStatus;
import io.github.resourcemanager.allocate.AllocationConfig;
import io.github.resourcemanager.allocate.AllocationEvent;
import io.github.resourcemanager.allocate.EnforcementPolicy;
import io.github.resourcemanager.allocate.Enforcer;
import io.github.resourcemanager.allocate.ProjectConfig;
import io.github.resourcemanager.allocate.Resource;
import io.github.resourcemanager.allocate.ResourceVector;
import io.github.resourcemanager.allocate.Resources;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Sample;
import io.github.resourcemanager.test.ManualTicker;
import io.github.resourcemanager.test.ResourceManagerExtension;
import io.github.resourcemanager.test.ScriptedSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EnforcementTest {

  @RegisterExtension
  static final ResourceManagerExtension fixtures = ResourceManagerExtension.configure(b -> b.interval(Duration.ofSeconds(5)));

  private static final Duration TICK = Duration.ofSeconds(5);

  private static ResourceVector cpu(String cpu) {
    return ResourceVector.of(Resource.CPU, cpu);
  }

  /** A pool on a one-CPU machine, so an agent's CPU percentage is tenths of millicores: 60 % = 600m. */
  private static MonitoredPool pool(ResourceManager rm, AllocationConfig.Builder config, EventLog log) {
    MonitoredPool pool = MonitoredPool.create(config.machineCpus(1).build(), Internals.monitor(rm));
    rm.addListener(pool);
    log.listenTo(pool);
    return pool;
  }

  private static AgentSpec limited(String id, String project, String cpuLimit) {
    return AgentSpec.custom(id).project(project).resources(Resources.limits(cpu(cpuLimit))).build();
  }

  @Test
  void aPausedAgentResumesOnceUsageFallsBelowTheResumeThreshold(ResourceManager rm, ScriptedSource source,
                                                                ManualTicker ticker) {
    EventLog log = new EventLog();
    MonitoredPool pool = pool(rm, AllocationConfig.custom().enforcement(EnforcementPolicy.pause(0.8)), log);
    pool.admit(limited("worker", "p", "500m"));
    source.agentValues("worker", Metric.AGENT_CPU_USAGE, 10, 60, 45, 30); // 100m, 600m, 450m, 300m
    List<String> ran = new ArrayList<>();
    Executor executor = pool.executor("worker", Runnable::run);

    rm.start();
    ticker.advance(Duration.ZERO); // the first sample: 100m
    assertThat(pool.canRun("worker")).isTrue();
    ticker.advance(TICK); // 600m > 500m: pause
    assertThat(pool.canRun("worker")).isFalse();
    assertThat(pool.status("worker").orElseThrow().state()).isEqualTo(AgentStatus.State.PAUSED);
    executor.execute(() -> ran.add("held task"));
    assertThat(ran).isEmpty();
    assertThat(pool.inJvmEnforcer().held("worker")).isEqualTo(1);

    ticker.advance(TICK); // 450m: below the limit but above 0.8 x 500m = 400m: still paused
    assertThat(pool.canRun("worker")).isFalse();
    ticker.advance(TICK); // 300m < 400m: resume, and the held task runs
    assertThat(pool.canRun("worker")).isTrue();
    assertThat(ran).containsExactly("held task");
    assertThat(pool.status("worker").orElseThrow().state()).isEqualTo(AgentStatus.State.RUNNING);
    assertThat(log.lines()).containsExactly(
        "ADMITTED worker: admitted",
        "LIMIT_EXCEEDED worker: cpu 600m above the limit of agent worker 500m (pause)",
        "PAUSED worker: paused: cpu above its limit",
        "LIMIT_RECOVERED worker: cpu 300m below 0.8 of the limit of agent worker 500m",
        "RESUMED worker: resumed: usage recovered");
  }

  @Test
  void aThrottledAgentRunsFewerTasksAtOnceUntilItRecovers(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    MonitoredPool pool = pool(rm, AllocationConfig.custom(), new EventLog());
    pool.admit(AgentSpec.custom("worker").project("p").resources(Resources.limits(cpu("500m")))
        .enforcement(EnforcementPolicy.throttle(0.5)).build());
    pool.inJvmEnforcer().concurrency("worker", 4);
    source.agentValues("worker", Metric.AGENT_CPU_USAGE, 10, 70, 20);
    rm.start();
    ticker.advance(Duration.ZERO); // the first sample
    assertThat(pool.inJvmEnforcer().permits("worker")).isEqualTo(4);
    ticker.advance(TICK);
    assertThat(pool.inJvmEnforcer().permits("worker")).isEqualTo(2);
    assertThat(pool.status("worker").orElseThrow().state()).isEqualTo(AgentStatus.State.THROTTLED);
    ticker.advance(TICK);
    assertThat(pool.inJvmEnforcer().permits("worker")).isEqualTo(4);
  }

  @Test
  void throttlingHoldsTasksBeyondThePermits(ResourceManager rm) {
    InJvmEnforcer enforcer = new InJvmEnforcer(4);
    List<Runnable> started = new ArrayList<>();
    Executor executor = enforcer.executor("a", started::add); // tasks start but do not finish until run
    enforcer.throttle("a", 0.5, "test");
    for (int i = 0; i < 3; i++) {
      executor.execute(() -> {});
    }
    assertThat(started).hasSize(2);
    assertThat(enforcer.held("a")).isEqualTo(1);
    started.get(0).run(); // one finishes: the held one starts
    assertThat(started).hasSize(3);
    assertThat(enforcer.held("a")).isZero();
  }

  @Test
  void admittingAPausedAgentAgainReportsItPaused(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    MonitoredPool pool = pool(rm, AllocationConfig.custom(), new EventLog());
    pool.admit(limited("worker", "p", "500m"));
    source.agentValues("worker", Metric.AGENT_CPU_USAGE, 90); // 900m on one CPU, above its 500m limit
    rm.start();
    ticker.advance(Duration.ZERO);
    Admission again = pool.admit(limited("worker", "p", "500m"));
    assertThat(again.state()).isEqualTo(AgentStatus.State.PAUSED);
    assertThat(again.isAdmitted()).isTrue();
    assertThat(again.message()).isEqualTo("already admitted");
  }

  @Test
  void aWarnPolicyOnlyReports(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    EventLog log = new EventLog();
    MonitoredPool pool = pool(rm, AllocationConfig.custom().enforcement(EnforcementPolicy.warn()), log);
    pool.admit(limited("worker", "p", "500m"));
    source.agentValues("worker", Metric.AGENT_CPU_USAGE, 90);
    rm.start();
    ticker.advance(Duration.ZERO); // the first sample
    assertThat(pool.canRun("worker")).isTrue();
    assertThat(log.lines(AllocationEvent.Type.LIMIT_EXCEEDED))
        .containsExactly("worker: cpu 900m above the limit of agent worker 500m (warn)");
    assertThat(log.lines(AllocationEvent.Type.PAUSED)).isEmpty();
  }

  @Test
  void exceedingAProjectsSharePausesEveryAgentOfThatProjectOnly(ResourceManager rm, ScriptedSource source,
                                                               ManualTicker ticker) {
    EventLog log = new EventLog();
    MonitoredPool pool = pool(rm, AllocationConfig.custom().globalLimits(cpu("1"))
        .project(ProjectConfig.custom("a").build()).project(ProjectConfig.custom("b").build()), log);
    for (String id : new String[] {"a1", "a2"}) {
      pool.admit(AgentSpec.custom(id).project("a").build());
    }
    pool.admit(AgentSpec.custom("b1").project("b").build());
    source.agentValues("a1", Metric.AGENT_CPU_USAGE, 30, 10).agentValues("a2", Metric.AGENT_CPU_USAGE, 30, 10)
        .agentValues("b1", Metric.AGENT_CPU_USAGE, 40, 40);
    rm.start();
    ticker.advance(Duration.ZERO); // the first sample: a uses 600m of its 500m share
    assertThat(pool.canRun("a1")).isFalse();
    assertThat(pool.canRun("a2")).isFalse();
    assertThat(pool.canRun("b1")).isTrue();
    assertThat(log.lines(AllocationEvent.Type.PAUSED)).containsExactly(
        "a1: paused: cpu above the share of project a", "a2: paused: cpu above the share of project a");
    ticker.advance(TICK); // 200m < 400m
    assertThat(pool.canRun("a1")).isTrue();
    assertThat(pool.canRun("a2")).isTrue();
  }

  @Test
  void anAgentPausedAtAZeroPriorityShareResumesOnceIdle(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    // priority: project "critical" (priority 0) demands the whole CPU, so "batch" (priority 1) gets a share of zero
    EventLog log = new EventLog();
    MonitoredPool pool = pool(rm, AllocationConfig.custom().strategy(io.github.resourcemanager.allocate.SharingStrategy
        .priority()).globalLimits(cpu("1")).enforcement(EnforcementPolicy.pause(0.8))
        .project(ProjectConfig.custom("critical").priority(0).build())
        .project(ProjectConfig.custom("batch").priority(1).build()), log);
    pool.admit(AgentSpec.custom("db").project("critical").resources(Resources.requests(cpu("1"))).build());
    pool.admit(AgentSpec.custom("report").project("batch").build());
    assertThat(pool.shares().project("batch")).isEqualTo(cpu("0"));
    source.agentValues("report", Metric.AGENT_CPU_USAGE, 20, 0, 5) // 200m, idle, 50m
        .agentValues("db", Metric.AGENT_CPU_USAGE, 10, 10, 10);
    rm.start();
    ticker.advance(Duration.ZERO); // 200m above a share of 0: paused
    assertThat(pool.canRun("report")).isFalse();
    ticker.advance(TICK); // idle: usage 0 meets a share of 0 (0.8 × 0 would never be undercut): resumed
    assertThat(pool.canRun("report")).isTrue();
    ticker.advance(TICK); // any use exceeds a share of 0 again: paused again
    assertThat(pool.canRun("report")).isFalse();
    assertThat(log.lines(AllocationEvent.Type.LIMIT_RECOVERED))
        .containsExactly("cpu 0 (idle) within the share of project batch 0");
  }

  @Test
  void anAgentWithoutRequestsPausedAtAZeroDrfShareOfItsProjectResumesOnceIdle(ResourceManager rm, ScriptedSource source,
      ManualTicker ticker) {
    // drf grants requests as units: a project whose only agent requests nothing gets a share of zero
    EventLog log = new EventLog();
    MonitoredPool pool = pool(rm, AllocationConfig.custom().strategy(io.github.resourcemanager.allocate.SharingStrategy
        .drf()).globalLimits(cpu("1")).project(ProjectConfig.custom("a").build())
        .project(ProjectConfig.custom("b").build()), log);
    pool.admit(AgentSpec.custom("a1").project("a").resources(Resources.requests(cpu("500m"))).build());
    pool.admit(AgentSpec.custom("b1").project("b").build());
    assertThat(pool.shares().project("b")).isEqualTo(cpu("0"));
    assertThat(pool.shares().agent("b1")).isEqualTo(cpu("0"));
    source.agentValues("b1", Metric.AGENT_CPU_USAGE, 10, 0);
    rm.start();
    ticker.advance(Duration.ZERO); // 100m above 0: paused
    assertThat(pool.canRun("b1")).isFalse();
    ticker.advance(TICK); // idle: resumed
    assertThat(pool.canRun("b1")).isTrue();
    assertThat(log.lines(AllocationEvent.Type.RESUMED)).containsExactly("b1: resumed: usage recovered");
  }

  @Test
  void anAgentAdmittedUnderAnExceededProjectShareIsHeldToo(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    MonitoredPool pool = pool(rm, AllocationConfig.custom().globalLimits(cpu("1"))
        .project(ProjectConfig.custom("a").build()).project(ProjectConfig.custom("b").build()), new EventLog());
    pool.admit(AgentSpec.custom("a1").project("a").build());
    source.agentValues("a1", Metric.AGENT_CPU_USAGE, 60);
    rm.start();
    ticker.advance(Duration.ZERO); // the first sample: a uses 600m of its 500m share
    assertThat(pool.canRun("a1")).isFalse();
    pool.admit(AgentSpec.custom("a2").project("a").build());
    ticker.advance(TICK); // still 600m: the newcomer is held with the rest of its project
    assertThat(pool.status("a2").orElseThrow().state()).isEqualTo(AgentStatus.State.PAUSED);
    assertThat(pool.canRun("a2")).isFalse();
  }

  @Test
  void anEnforcerThatFailsIsReportedAndRetriedOnLaterChecks(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    FlakyEnforcer flaky = new FlakyEnforcer(2);
    EventLog log = new EventLog();
    MonitoredPool pool = pool(rm, AllocationConfig.custom().enforcer(flaky), log);
    pool.admit(limited("worker", "p", "500m"));
    source.agentValues("worker", Metric.AGENT_CPU_USAGE, 90);
    rm.start();
    ticker.advance(Duration.ZERO); // the first sample
    assertThat(pool.canRun("worker")).isFalse(); // the in-JVM enforcer is not held up by the other one
    assertThat(flaky.calls).containsExactly("pause worker");
    ticker.advance(TICK);
    ticker.advance(TICK);
    assertThat(flaky.calls).containsExactly("pause worker", "pause worker", "pause worker");
    assertThat(flaky.paused).containsExactly("worker");
    assertThat(log.lines(AllocationEvent.Type.ENFORCEMENT_FAILED)).containsExactly(
        "worker: enforcer flaky could not pause agent worker: engine unreachable; retrying on the next check",
        "worker: enforcer flaky could not pause agent worker: engine unreachable; retrying on the next check");
    ticker.advance(TICK);
    assertThat(flaky.calls).hasSize(3); // applied: not called again
  }

  @Test
  void aReleasedPausedAgentIsResumedOnEveryEnforcer(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    FlakyEnforcer external = new FlakyEnforcer(0);
    MonitoredPool pool = pool(rm, AllocationConfig.custom().enforcer(external), new EventLog());
    pool.admit(limited("worker", "p", "500m"));
    source.agentValues("worker", Metric.AGENT_CPU_USAGE, 90);
    rm.start();
    ticker.advance(Duration.ZERO); // the first sample
    assertThat(external.paused).containsExactly("worker");
    pool.release("worker");
    assertThat(external.paused).isEmpty();
    assertThat(external.calls).containsExactly("pause worker", "resume worker");
  }

  @Test
  void awaitResourcesReturnsOnceTheAgentMayRun(ResourceManager rm) throws InterruptedException {
    MonitoredPool pool = pool(rm, AllocationConfig.custom().globalLimits(cpu("1")), new EventLog());
    pool.admit(AgentSpec.custom("first").resources(Resources.requests(cpu("1"))).build());
    pool.admit(AgentSpec.custom("second").resources(Resources.requests(cpu("1"))).build());
    assertThat(pool.awaitResources("second", Duration.ofMillis(20))).isFalse();
    Thread releaser = new Thread(() -> pool.release("first"));
    releaser.start();
    assertThat(pool.awaitResources("second", Duration.ofSeconds(10))).isTrue();
    releaser.join();
  }

  @Test
  void aSteadyTickAllocatesNothing(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    MonitoredPool pool = pool(rm, AllocationConfig.custom().globalLimits(cpu("1"))
        .project(ProjectConfig.custom("a").build()).project(ProjectConfig.custom("b").build()), new EventLog());
    Sample[] last = new Sample[1];
    rm.addListener(s -> last[0] = s);
    for (int i = 0; i < 10; i++) {
      String id = "agent-" + i;
      pool.admit(AgentSpec.custom(id).project(i % 2 == 0 ? "a" : "b").resources(Resources.limits(cpu("50m"))).build());
      source.agentValues(id, Metric.AGENT_CPU_USAGE, 1);
    }
    rm.start();
    ticker.advance(Duration.ZERO); // the first sample
    ticker.advance(TICK);
    long bytes = AllocationMeter.leastBytesAllocated(1_000, () -> pool.onSample(last[0]));
    assertThat(bytes).isZero();
  }

  /** An enforcer that fails its first calls, like a container engine that is briefly unreachable. */
  private static final class FlakyEnforcer implements Enforcer {
    final List<String> calls = new ArrayList<>();
    final List<String> paused = new ArrayList<>();
    private int failuresLeft;

    FlakyEnforcer(int failures) {
      this.failuresLeft = failures;
    }

    @Override
    public String name() {
      return "flaky";
    }

    @Override
    public void pause(String agentId, String reason) {
      calls.add("pause " + agentId);
      if (failuresLeft-- > 0) {
        throw new IllegalStateException("engine unreachable");
      }
      paused.add(agentId);
    }

    @Override
    public void resume(String agentId) {
      calls.add("resume " + agentId);
      paused.remove(agentId);
    }

    @Override
    public void throttle(String agentId, double fraction, String reason) {
      calls.add("throttle " + agentId);
    }

    @Override
    public void unthrottle(String agentId) {
      calls.add("unthrottle " + agentId);
    }
  }
}
