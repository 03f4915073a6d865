package io.github.resourcemanager.internal.allocate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resourcemanager.Internals;
import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.allocate.Admission;
import io.github.resourcemanager.allocate.AgentSpec;
import io.github.resourcemanager.allocate.AgentStatus;
import io.github.resourcemanager.allocate.AllocationConfig;
import io.github.resourcemanager.allocate.AllocationEvent;
import io.github.resourcemanager.allocate.LimitRange;
import io.github.resourcemanager.allocate.OverflowPolicy;
import io.github.resourcemanager.allocate.PriorityClass;
import io.github.resourcemanager.allocate.ProjectConfig;
import io.github.resourcemanager.allocate.QosClass;
import io.github.resourcemanager.allocate.Quota;
import io.github.resourcemanager.allocate.Resource;
import io.github.resourcemanager.allocate.ResourceVector;
import io.github.resourcemanager.allocate.Resources;
import io.github.resourcemanager.allocate.Shares;
import io.github.resourcemanager.test.ManualTicker;
import io.github.resourcemanager.test.ResourceManagerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AdmissionTest {

  @RegisterExtension
  static final ResourceManagerExtension fixtures = ResourceManagerExtension.configure(b -> b.interval(Duration.ofSeconds(5)));

  private static ResourceVector cpuMem(String cpu, String memory) {
    return ResourceVector.of(Resource.CPU, cpu).with(Resource.MEMORY, memory);
  }

  private static ResourceVector cpu(String cpu) {
    return ResourceVector.of(Resource.CPU, cpu);
  }

  private static AgentSpec agent(String id, String project, Resources resources) {
    return AgentSpec.custom(id).project(project).resources(resources).build();
  }

  private static MonitoredPool pool(ResourceManager rm, AllocationConfig.Builder config, EventLog log) {
    MonitoredPool pool = MonitoredPool.create(config.machineCpus(4).build(), Internals.monitor(rm));
    rm.addListener(pool);
    log.listenTo(pool);
    return pool;
  }

  @Test
  void aNullArgumentOfThePoolIsANullPointerExceptionNamingTheParameter(ResourceManager rm) {
    MonitoredPool pool = pool(rm, AllocationConfig.custom().project(ProjectConfig.custom("a").build()), new EventLog());
    List<org.assertj.core.api.ThrowableAssert.ThrowingCallable> calls = List.of(
        () -> pool.admit((String) null), () -> pool.admit((AgentSpec) null), () -> pool.release(null),
        () -> pool.canRun(null), () -> pool.awaitResources(null, Duration.ZERO),
        () -> pool.awaitResources("x", null), () -> pool.executor(null, Runnable::run), () -> pool.executor("x", null),
        () -> pool.status(null), () -> pool.recordRun(null, Duration.ZERO), () -> pool.recordRun("x", null),
        () -> pool.predict(null), () -> pool.addListener(null), () -> pool.removeListener(null),
        () -> pool.shares().project(null), () -> pool.shares().agent(null));
    List<String> names = List.of("agentId", "spec", "agentId", "agentId", "agentId", "timeout", "agentId", "delegate",
        "agentId", "agentId", "duration", "agentId", "listener", "listener", "name", "id");
    for (int i = 0; i < calls.size(); i++) {
      assertThatThrownBy(calls.get(i)).as("call %d", i).isInstanceOf(NullPointerException.class).hasMessage(names.get(i));
    }
    assertThat(pool.admitted()).isEmpty(); // nothing was half-done
  }

  @Test
  void sharesAreRecomputedWhenProjectsJoinAndLeaveAndListenersGetThem(ResourceManager rm) {
    EventLog log = new EventLog();
    MonitoredPool pool = pool(rm, AllocationConfig.custom().globalLimits(cpuMem("3", "3Gi"))
        .project(ProjectConfig.custom("a").build()).project(ProjectConfig.custom("b").build()), log);
    assertThat(pool.shares().project("a")).isEqualTo(cpuMem("1500m", "1536Mi"));

    assertThat(pool.admit(agent("x", "c", Resources.requests(cpu("500m")))).state()).isEqualTo(AgentStatus.State.RUNNING);
    assertThat(log.shares).hasSize(1);
    assertThat(log.shares.get(0).projects()).containsOnlyKeys("a", "b", "c");
    assertThat(log.shares.get(0).project("a")).isEqualTo(cpuMem("1", "1Gi"));
    assertThat(log.shares.get(0).agent("x")).isEqualTo(cpuMem("1", "1Gi"));

    assertThat(pool.release("x")).isTrue();
    assertThat(log.shares).hasSize(2);
    assertThat(log.shares.get(1).projects()).containsOnlyKeys("a", "b");
    assertThat(log.lines()).containsExactly("ADMITTED x: admitted", "LEFT x: released");
  }

  @Test
  void newSharesAreAnEventWithoutAgentOrProject(ResourceManager rm) {
    MonitoredPool pool = pool(rm, AllocationConfig.custom().globalLimits(cpu("3"))
        .project(ProjectConfig.custom("a").build()), new EventLog());
    List<AllocationEvent> events = new ArrayList<>();
    Consumer<AllocationEvent> listener = events::add;
    pool.addListener(listener);
    pool.admit(agent("x", "b", Resources.requests(cpu("1"))));
    assertThat(events).extracting(AllocationEvent::type)
        .containsExactly(AllocationEvent.Type.SHARES_CHANGED, AllocationEvent.Type.ADMITTED);
    AllocationEvent shares = events.get(0);
    assertThat(shares.agentId()).isNull();
    assertThat(shares.project()).isNull();
    // 3 CPUs in equal parts among projects a and b: 1500m each; x has b's 1500m
    assertThat(shares.message()).isEqualTo("shares divided by equal: global {cpu=3}, 2 projects, 1 agents");
    assertThat(pool.shares().agent("x")).isEqualTo(cpu("1500m"));
    events.clear();
    pool.release("x");
    assertThat(events).extracting(AllocationEvent::type)
        .containsExactly(AllocationEvent.Type.LEFT, AllocationEvent.Type.SHARES_CHANGED);
    pool.removeListener(listener);
    events.clear();
    pool.admit(agent("y", "b", Resources.none()));
    assertThat(events).isEmpty();
    assertThat(pool.admitted()).containsExactly("y");
  }

  @Test
  void anAgentsShareIsItsPartOfItsProjectsShare(ResourceManager rm) {
    MonitoredPool pool = pool(rm, AllocationConfig.custom().globalLimits(cpu("2"))
        .project(ProjectConfig.custom("p").build()), new EventLog());
    pool.admit(agent("one", "p", Resources.requests(cpu("100m"))));
    pool.admit(agent("two", "p", Resources.limits(cpu("300m"))));
    pool.admit(agent("three", "p", Resources.none()));
    Shares shares = pool.shares();
    assertThat(shares.project("p")).isEqualTo(cpu("2"));
    // equal parts of 2 CPUs, "two" capped at its limit 300m: 850m, 850m, 300m
    assertThat(shares.agent("one")).isEqualTo(cpu("850m"));
    assertThat(shares.agent("three")).isEqualTo(cpu("850m"));
    assertThat(shares.agent("two")).isEqualTo(cpu("300m"));
  }

  @Test
  void limitRangeFillsDefaultsForAgentsThatGiveNone(ResourceManager rm) {
    LimitRange range = LimitRange.custom().defaultLimit(cpuMem("500m", "256Mi")).defaultRequest(cpuMem("100m", "128Mi")).build();
    MonitoredPool pool = pool(rm, AllocationConfig.custom()
        .project(ProjectConfig.custom("team").limitRange(range).build()), new EventLog());
    pool.admit(agent("plain", "team", Resources.none()));
    AgentStatus status = pool.status("plain").orElseThrow();
    assertThat(status.resources()).isEqualTo(Resources.of(cpuMem("100m", "128Mi"), cpuMem("500m", "256Mi")));
    assertThat(status.qosClass()).isEqualTo(QosClass.BURSTABLE);
  }

  @Test
  void limitRangeViolationsAreRejectedWithKubernetesMessages(ResourceManager rm) {
    LimitRange range = LimitRange.custom().min(cpuMem("100m", "64Mi")).max(cpuMem("2", "1Gi"))
        .maxLimitRequestRatio(Resource.CPU, "4").build();
    EventLog log = new EventLog();
    MonitoredPool pool = pool(rm, AllocationConfig.custom()
        .project(ProjectConfig.custom("team").limitRange(range).build()), log);
    assertThat(pool.admit(agent("big", "team", Resources.limits(cpuMem("1", "2Gi")))).message())
        .isEqualTo("maximum memory usage per Agent is 1Gi, but limit is 2Gi");
    assertThat(pool.admit(agent("tiny", "team", Resources.of(cpuMem("50m", "64Mi"), cpuMem("100m", "64Mi")))).message())
        .isEqualTo("minimum cpu usage per Agent is 100m, but request is 50m");
    assertThat(pool.admit(agent("spiky", "team", Resources.of(cpuMem("200m", "64Mi"), cpuMem("2", "64Mi")))).message())
        .isEqualTo("cpu max limit to request ratio per Agent is 4, but provided ratio is 10.000000");
    assertThat(pool.admit(agent("both", "team", Resources.of(cpuMem("50m", "64Mi"), cpuMem("2", "2Gi")))).message())
        .isEqualTo("[minimum cpu usage per Agent is 100m, but request is 50m, maximum memory usage per Agent is 1Gi, "
            + "but limit is 2Gi, cpu max limit to request ratio per Agent is 4, but provided ratio is 40.000000]");
    assertThat(log.lines(AllocationEvent.Type.REJECTED)).hasSize(4);
    assertThat(pool.admitted()).isEmpty();
  }

  @Test
  void quotaRejectionNamesTheQuotaResourceRequestedUsedAndLimitedAsKubernetes(ResourceManager rm) {
    Quota quota = Quota.custom("team-a").limits(Resource.MEMORY, 4L << 30).requests(Resource.CPU, 2000).build();
    MonitoredPool pool = pool(rm, AllocationConfig.custom()
        .project(ProjectConfig.custom("team").quota(quota).build()), new EventLog());
    for (String id : new String[] {"a1", "a2", "a3"}) {
      assertThat(pool.admit(agent(id, "team", Resources.limits(cpuMem("500m", "1Gi")))).isAdmitted()).isTrue();
    }
    Admission rejected = pool.admit(agent("a4", "team", Resources.limits(cpuMem("500m", "2Gi"))));
    assertThat(rejected.state()).isEqualTo(AgentStatus.State.REJECTED);
    assertThat(rejected.message()).isEqualTo(
        "exceeded quota: team-a, requested: limits.memory=2Gi, used: limits.memory=3Gi, limited: limits.memory=4Gi");
    Admission both = pool.admit(agent("a5", "team", Resources.limits(cpuMem("1", "2Gi"))));
    assertThat(both.message()).isEqualTo("exceeded quota: team-a, requested: limits.memory=2Gi,requests.cpu=1, "
        + "used: limits.memory=3Gi,requests.cpu=1500m, limited: limits.memory=4Gi,requests.cpu=2");
    assertThat(pool.admit(agent("a6", "team", Resources.limits(cpuMem("500m", "1Gi")))).isAdmitted()).isTrue();
  }

  @Test
  void quotaRequiresTheResourcesItLimits(ResourceManager rm) {
    Quota quota = Quota.custom("compute").requests(Resource.CPU, 2000).limits(Resource.MEMORY, 1L << 30).build();
    MonitoredPool pool = pool(rm, AllocationConfig.custom()
        .project(ProjectConfig.custom("team").quota(quota).build()), new EventLog());
    assertThat(pool.admit(agent("bare", "team", Resources.none())).message())
        .isEqualTo("failed quota: compute: must specify limits.memory,requests.cpu");
  }

  @Test
  void quotaRequiresOnlyCpuAndMemoryAndCountsOtherResourcesWhenGiven(ResourceManager rm) {
    // Kubernetes pkg/quota/v1/evaluator/core/pods.go, Constraints: the required set is the quota's keys intersected
    // with validationSet {cpu, memory, requests.cpu, requests.memory, limits.cpu, limits.memory}; other resources
    // ("do not add more resources to this list") are only counted, by podComputeUsageHelper, when given.
    Resource gpu = Resource.count("example.com/gpu");
    Quota quota = Quota.custom("mixed").hard("requests.example.com/gpu", "2").hard("limits.threads", "10")
        .hard("limits.cpu", "2").build();
    MonitoredPool pool = pool(rm, AllocationConfig.custom()
        .project(ProjectConfig.custom("team").quota(quota).build()), new EventLog());
    assertThat(pool.admit(agent("no-cpu", "team", Resources.none())).message())
        .isEqualTo("failed quota: mixed: must specify limits.cpu");
    // Neither gpu nor threads given: admitted, counting 0 of each.
    assertThat(pool.admit(agent("cpu-only", "team", Resources.limits(cpu("500m")))).isAdmitted()).isTrue();
    Resources withGpu = Resources.of(ResourceVector.of(gpu, "2"), cpu("500m").with(Resource.THREADS, "4"));
    assertThat(pool.admit(agent("gpu-1", "team", withGpu)).isAdmitted()).isTrue();
    // used: gpu 0 + 2 = 2, threads 0 + 4 = 4, limits.cpu 500m + 500m = 1; one more gpu agent asks 2 of 2 used.
    assertThat(pool.admit(agent("gpu-2", "team", withGpu)).message()).isEqualTo(
        "exceeded quota: mixed, requested: requests.example.com/gpu=2, used: requests.example.com/gpu=2, "
            + "limited: requests.example.com/gpu=2");
  }

  @Test
  void quotaMessagesUseTheKeysAsWritten(ResourceManager rm) {
    // Kubernetes keeps ResourceQuota spec.hard keys as written and reports them so: "cpu" and "memory" are counted
    // from requests (pods.go, podComputeUsageHelper: result[ResourceCPU] = request) and named "cpu", "memory" in
    // "must specify" (pods.go, Constraints) and "exceeded quota" (plugin/pkg/admission/resourcequota/controller.go,
    // CheckRequest: prettyPrint of the masked hard keys).
    Quota quota = Quota.custom("bare").hard("cpu", "1").hard("memory", "1Gi").build();
    MonitoredPool pool = pool(rm, AllocationConfig.custom()
        .project(ProjectConfig.custom("team").quota(quota).build()), new EventLog());
    assertThat(pool.admit(agent("bare", "team", Resources.none())).message())
        .isEqualTo("failed quota: bare: must specify cpu,memory");
    // A memory limit alone defaults the memory request to it (Kubernetes' API defaulting), so only cpu is missing.
    assertThat(pool.admit(agent("memory-only", "team", Resources.limits(ResourceVector.of(Resource.MEMORY, "256Mi"))))
        .message()).isEqualTo("failed quota: bare: must specify cpu");
    assertThat(pool.admit(agent("a1", "team", Resources.requests(cpuMem("600m", "512Mi")))).isAdmitted()).isTrue();
    // cpu: 600m used + 600m = 1200m > 1; memory: 512Mi + 512Mi = 1Gi, not above 1Gi
    assertThat(pool.admit(agent("a2", "team", Resources.requests(cpuMem("600m", "512Mi")))).message())
        .isEqualTo("exceeded quota: bare, requested: cpu=600m, used: cpu=600m, limited: cpu=1");
  }

  @Test
  void quotaCountsAgents(ResourceManager rm) {
    Quota quota = Quota.custom("few").agents(2).build();
    MonitoredPool pool = pool(rm, AllocationConfig.custom()
        .project(ProjectConfig.custom("team").quota(quota).build()), new EventLog());
    pool.admit(agent("one", "team", Resources.none()));
    pool.admit(agent("two", "team", Resources.none()));
    assertThat(pool.admit(agent("three", "team", Resources.none())).message())
        .isEqualTo("exceeded quota: few, requested: agents=1, used: agents=2, limited: agents=2");
    pool.release("one");
    assertThat(pool.admit(agent("three", "team", Resources.none())).isAdmitted()).isTrue();
  }

  @Test
  void aRejectedAgentLeavesNothingBehind(ResourceManager rm) {
    Quota quota = Quota.custom("q").limits(Resource.MEMORY, 1L << 30).build();
    EventLog log = new EventLog();
    MonitoredPool pool = pool(rm, AllocationConfig.custom().globalLimits(cpu("2")), log);
    Shares before = pool.shares();
    MonitoredPool quoted = pool(rm, AllocationConfig.custom()
        .project(ProjectConfig.custom("team").quota(quota).build()), new EventLog());
    assertThat(quoted.admit(agent("big", "team", Resources.limits(ResourceVector.of(Resource.MEMORY, "2Gi"))))
        .isAdmitted()).isFalse();
    assertThat(quoted.admit(agent("fits", "team", Resources.limits(ResourceVector.of(Resource.MEMORY, "1Gi"))))
        .isAdmitted()).isTrue(); // the rejected one was never charged to the quota
    assertThat(pool.admit(agent("huge", "p", Resources.requests(cpu("3")))).message())
        .isEqualTo("request cpu=3 exceeds the global limit cpu=2; it can never be admitted");
    assertThat(pool.shares()).isSameAs(before);
    assertThat(pool.status("huge")).isEmpty();
    assertThat(log.shares).isEmpty();
    assertThat(rm.tracker().find("huge")).isEmpty();
  }

  @Test
  void anUnknownPriorityClassIsRejectedAsKubernetesDoes(ResourceManager rm) {
    MonitoredPool pool = pool(rm, AllocationConfig.custom(), new EventLog());
    assertThat(pool.admit(AgentSpec.custom("x").priorityClass("urgent").build()).message())
        .isEqualTo("no PriorityClass with name urgent was found");
  }

  @Test
  void agentsThatDoNotFitWaitAndAreReleasedInPriorityThenArrivalOrder(ResourceManager rm) {
    EventLog log = new EventLog();
    AllocationConfig.Builder config = AllocationConfig.custom().globalLimits(cpu("1"));
    PriorityClass.standard().forEach(config::priorityClass);
    MonitoredPool pool = pool(rm, config, log);
    Resources oneCpu = Resources.requests(cpu("1"));
    assertThat(pool.admit(agent("running", "p", oneCpu)).isAdmitted()).isTrue();
    Admission queued = pool.admit(AgentSpec.custom("normal-1").project("p").resources(oneCpu).priorityClass("normal").build());
    assertThat(queued.state()).isEqualTo(AgentStatus.State.QUEUED);
    assertThat(queued.message()).isEqualTo("waiting for cpu: requests 1, 0 free of project \"p\" share 1");
    pool.admit(AgentSpec.custom("high-1").project("p").resources(oneCpu).priorityClass("high").build());
    pool.admit(AgentSpec.custom("normal-2").project("p").resources(oneCpu).priorityClass("normal").build());
    pool.admit(AgentSpec.custom("high-2").project("p").resources(oneCpu).priorityClass("high").build());
    assertThat(pool.queued()).containsExactly("high-1", "high-2", "normal-1", "normal-2");
    assertThat(pool.canRun("high-1")).isFalse();

    pool.release("running");
    assertThat(pool.admitted()).containsExactly("high-1");
    assertThat(pool.queued()).containsExactly("high-2", "normal-1", "normal-2");
    assertThat(log.lines(AllocationEvent.Type.ADMITTED)).containsExactly("running: admitted",
        "high-1: admitted after waiting 0 s");
  }

  @Test
  void aFullQueueRejectsAtOnce(ResourceManager rm) {
    MonitoredPool pool = pool(rm, AllocationConfig.custom().globalLimits(cpu("1"))
        .overflow(OverflowPolicy.ofDefaults().withMaxQueueSize(2)), new EventLog());
    Resources oneCpu = Resources.requests(cpu("1"));
    pool.admit(agent("a", "p", oneCpu));
    pool.admit(agent("b", "p", oneCpu));
    pool.admit(agent("c", "p", oneCpu));
    Admission d = pool.admit(agent("d", "p", oneCpu));
    assertThat(d.state()).isEqualTo(AgentStatus.State.REJECTED);
    assertThat(d.message()).isEqualTo("queue full (2)");
  }

  @Test
  void anAgentThatWaitsTooLongIsRejectedNamingWhatItWaitedFor(ResourceManager rm, ManualTicker ticker) {
    EventLog log = new EventLog();
    MonitoredPool pool = pool(rm, AllocationConfig.custom().globalLimits(cpu("1")), log);
    pool.admit(agent("a", "p", Resources.requests(cpu("1"))));
    pool.admit(agent("b", "p", Resources.requests(cpu("500m"))));
    rm.start();
    ticker.advance(Duration.ofSeconds(295));
    assertThat(pool.queued()).containsExactly("b");
    ticker.advance(Duration.ofSeconds(5));
    assertThat(pool.queued()).isEmpty();
    assertThat(log.lines(AllocationEvent.Type.REJECTED)).containsExactly("b: waited 300 s for cpu");
  }

  @Test
  void byDefaultTheQueueReleasesStrictlyByPriorityThenArrivalHoweverLongAnAgentWaited(ResourceManager rm,
      ManualTicker ticker) {
    // Kubernetes pkg/scheduler/framework/plugins/queuesort/priority_sort.go, PrioritySort.Less:
    // (p1 > p2) || (p1 == p2 && pInfo1.Timestamp.Before(pInfo2.Timestamp)); waiting time never raises a priority.
    AllocationConfig.Builder config = AllocationConfig.custom().globalLimits(cpu("1"))
        .overflow(OverflowPolicy.ofDefaults().withMaxWaitTime(Duration.ofMinutes(30)));
    PriorityClass.standard().forEach(config::priorityClass);
    MonitoredPool pool = pool(rm, config, new EventLog());
    Resources oneCpu = Resources.requests(cpu("1"));
    pool.admit(agent("busy", "p", oneCpu));
    pool.admit(AgentSpec.custom("patient").project("p").resources(oneCpu).priorityClass("normal").build());
    // 1500 s waited: with the former aging (100 per 30 s) "patient" would have reached 100 + 50 * 100 = 5100 > 1000
    ticker.advance(Duration.ofSeconds(1500));
    pool.admit(AgentSpec.custom("urgent").project("p").resources(oneCpu).priorityClass("critical").build());
    pool.admit(AgentSpec.custom("normal-late").project("p").resources(oneCpu).priorityClass("normal").build());
    assertThat(pool.queued()).containsExactly("urgent", "patient", "normal-late");
    pool.release("busy");
    assertThat(pool.admitted()).containsExactly("urgent");
    assertThat(OverflowPolicy.ofDefaults().agingStep()).isZero();
  }

  @Test
  void agingLetsALongWaitingLowPriorityAgentOvertakeNewcomers(ResourceManager rm, ManualTicker ticker) {
    AllocationConfig.Builder config = AllocationConfig.custom().globalLimits(cpu("1"))
        .overflow(OverflowPolicy.ofDefaults().withMaxWaitTime(Duration.ofMinutes(30)).withAging(Duration.ofSeconds(30), 100));
    PriorityClass.standard().forEach(config::priorityClass);
    MonitoredPool pool = pool(rm, config, new EventLog());
    Resources oneCpu = Resources.requests(cpu("1"));
    pool.admit(agent("busy", "p", oneCpu));
    pool.admit(AgentSpec.custom("patient").project("p").resources(oneCpu).priorityClass("normal").build());
    ticker.advance(Duration.ofSeconds(270)); // 9 aging steps: 100 + 900 = 1000
    pool.admit(AgentSpec.custom("urgent").project("p").resources(oneCpu).priorityClass("critical").build());
    // equal effective priority 1000: the earlier arrival goes first
    assertThat(pool.queued()).containsExactly("patient", "urgent");
  }

  @Test
  void preemptionEvictsTheLowestPriorityAgentsNeededAndSaysWhoAndWhy(ResourceManager rm) {
    EventLog log = new EventLog();
    AllocationConfig.Builder config = AllocationConfig.custom().globalLimits(cpu("2")).preemption(true);
    PriorityClass.standard().forEach(config::priorityClass);
    MonitoredPool pool = pool(rm, config, log);
    Resources oneCpu = Resources.requests(cpu("1"));
    pool.admit(AgentSpec.custom("normal-old").project("p").resources(oneCpu).priorityClass("normal").build());
    pool.admit(AgentSpec.custom("high").project("p").resources(oneCpu).priorityClass("high").build());
    Admission critical = pool.admit(AgentSpec.custom("critical").project("p").resources(oneCpu).priorityClass("critical").build());
    assertThat(critical.message()).isEqualTo("admitted after preempting normal-old");
    assertThat(pool.admitted()).containsExactly("high", "critical");
    assertThat(pool.queued()).containsExactly("normal-old");
    assertThat(log.lines(AllocationEvent.Type.PREEMPTED)).containsExactly("normal-old: agent normal-old (priority "
        + "normal=100) was preempted to admit critical (priority critical=1000), which needs cpu: requests 1, 0 free "
        + "of project \"p\" share 2");
    assertThat(pool.canRun("normal-old")).isFalse();
  }

  @Test
  void noAgentIsPreemptedWhenEvenAllLowerOnesWouldNotMakeRoom(ResourceManager rm) {
    AllocationConfig.Builder config = AllocationConfig.custom().globalLimits(cpu("2")).preemption(true);
    PriorityClass.standard().forEach(config::priorityClass);
    MonitoredPool pool = pool(rm, config, new EventLog());
    pool.admit(AgentSpec.custom("critical-1").project("p").resources(Resources.requests(cpu("1500m"))).priorityClass("critical").build());
    pool.admit(AgentSpec.custom("normal").project("p").resources(Resources.requests(cpu("500m"))).priorityClass("normal").build());
    Admission high = pool.admit(AgentSpec.custom("high").project("p").resources(Resources.requests(cpu("1"))).priorityClass("high").build());
    assertThat(high.state()).isEqualTo(AgentStatus.State.QUEUED);
    assertThat(pool.admitted()).containsExactly("critical-1", "normal");
  }

  @Test
  void admittingTwiceChangesNothing(ResourceManager rm) {
    MonitoredPool pool = pool(rm, AllocationConfig.custom(), new EventLog());
    pool.admit(agent("a", "p", Resources.none()));
    assertThat(pool.admit(agent("a", "p", Resources.none())).message()).isEqualTo("already admitted");
    assertThat(pool.admitted()).containsExactly("a");
  }

  @Test
  void configuredAgentsAreAdmittedByIdWithTheirSpec(ResourceManager rm) {
    MonitoredPool pool = pool(rm, AllocationConfig.custom().project(ProjectConfig.custom("auth").build())
        .agent(AgentSpec.custom("linter").project("auth").resources(Resources.limits(cpuMem("200m", "128Mi"))).build()),
        new EventLog());
    pool.admit("linter");
    AgentStatus status = pool.status("linter").orElseThrow();
    assertThat(status.project()).isEqualTo("auth");
    assertThat(status.qosClass()).isEqualTo(QosClass.GUARANTEED);
    assertThat(rm.tracker().get("linter").labels()).containsEntry("project", "auth");
  }

  @Test
  void aClosedPoolRefusesAdmission(ResourceManager rm) {
    MonitoredPool pool = pool(rm, AllocationConfig.custom(), new EventLog());
    pool.close();
    assertThatThrownBy(() -> pool.admit(agent("a", "p", Resources.none())))
        .isInstanceOf(IllegalStateException.class).hasMessage("this resource pool is closed; cannot admit agent \"a\"");
  }
}
