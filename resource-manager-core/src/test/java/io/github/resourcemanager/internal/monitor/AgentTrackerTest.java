package io.github.resourcemanager.internal.monitor;

import io.github.resourcemanager.monitor.Agent;
import io.github.resourcemanager.monitor.AgentScope;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Series;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.test.ManualTicker;
import io.github.resourcemanager.test.ResourceManagerExtension;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ResourceManagerExtension.class)
class AgentTrackerTest {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final long MILLIS = 1_000_000L;
  private static volatile Object sink;

  /** Burns at least {@code cpuNanos} of this thread's CPU time (measured, not wall time). */
  private static void burnCpu(long cpuNanos) {
    long start = THREADS.getCurrentThreadCpuTime();
    long x = 0;
    while (THREADS.getCurrentThreadCpuTime() - start < cpuNanos) {
      for (int i = 0; i < 10_000; i++) {
        x += i * 31L ^ x;
      }
    }
    sink = x;
  }

  private static void allocate(int megabytes) {
    for (int i = 0; i < megabytes; i++) {
      sink = new byte[1 << 20];
    }
  }

  @Test
  void registeringTwiceReturnsTheSameAgent(ResourceManager rm) {
    Agent first = rm.tracker().register("agent-7", Map.of("project", "p1"));
    Agent second = rm.tracker().register("agent-7");
    assertThat(second).isSameAs(first);
    assertThat(second.labels()).containsExactly(Map.entry("project", "p1"));
    assertThat(rm.tracker().size()).isEqualTo(1);
  }

  @Test
  void enteringAnUnknownAgentNamesIt(ResourceManager rm) {
    assertThatThrownBy(() -> rm.tracker().enter("ghost"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown agent \"ghost\"; register it first with AgentTracker.register(id) (0 agents are registered)");
  }

  @Test
  void malformedIdsAreRejectedWithTheAllowedForm(ResourceManager rm) {
    for (String bad : new String[] {"", " x", "-lead", "has space", "x".repeat(129)}) {
      assertThatThrownBy(() -> rm.tracker().register(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("use 1 to 128 characters: letters, digits and . _ - : / @, starting with a letter or digit");
    }
    assertThatThrownBy(() -> rm.tracker().register(null)).isInstanceOf(NullPointerException.class).hasMessage("id");
  }

  @Test
  void unregisteredAgentCannotBeEntered(ResourceManager rm) {
    Agent agent = rm.tracker().register("a");
    assertThat(rm.tracker().unregister("a")).isTrue();
    assertThat(rm.tracker().unregister("a")).isFalse();
    assertThat(rm.tracker().find("a")).isEmpty();
    assertThatThrownBy(agent::enter)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("agent \"a\" has been unregistered");
  }

  @Test
  void cpuTimeInsideTheScopeIsAttributedToTheAgent(ResourceManager rm) {
    Agent busy = rm.tracker().register("busy");
    Agent idle = rm.tracker().register("idle");
    long outerStart = THREADS.getCurrentThreadCpuTime();
    long inner;
    try (AgentScope scope = busy.enter()) {
      long innerStart = THREADS.getCurrentThreadCpuTime();
      burnCpu(30 * MILLIS);
      inner = THREADS.getCurrentThreadCpuTime() - innerStart;
    }
    long outer = THREADS.getCurrentThreadCpuTime() - outerStart;
    assertThat(busy.cpuTime().toNanos()).isBetween(inner, outer);
    assertThat(idle.cpuTime()).isZero();
  }

  @Test
  void heapAllocatedInsideTheScopeIsAttributedToTheAgent(ResourceManager rm) {
    Agent agent = rm.tracker().register("allocator");
    long outerStart = THREADS.getCurrentThreadAllocatedBytes();
    try (AgentScope scope = agent.enter()) {
      allocate(10);
    }
    long outer = THREADS.getCurrentThreadAllocatedBytes() - outerStart;
    assertThat(agent.allocatedBytes()).isBetween(10L << 20, outer);
  }

  @Test
  void nestedScopeAttributesInnerWorkToTheInnerAgent(ResourceManager rm) {
    Agent outer = rm.tracker().register("outer");
    Agent inner = rm.tracker().register("inner");
    long innerWork;
    try (AgentScope a = outer.enter()) {
      burnCpu(10 * MILLIS);
      try (AgentScope b = inner.enter()) {
        long start = THREADS.getCurrentThreadCpuTime();
        burnCpu(20 * MILLIS);
        innerWork = THREADS.getCurrentThreadCpuTime() - start;
      }
      burnCpu(10 * MILLIS);
    }
    assertThat(inner.cpuTime().toNanos()).isGreaterThanOrEqualTo(innerWork);
    assertThat(inner.cpuTime().toNanos()).isLessThan(innerWork + 5 * MILLIS);
    assertThat(outer.cpuTime().toNanos()).isGreaterThanOrEqualTo(20 * MILLIS);
  }

  @Test
  void workOfAScopeStillOpenIsAttributedAtEachTick(ResourceManager rm, ManualTicker ticker) throws Exception {
    Agent agent = rm.tracker().register("long-runner");
    CountDownLatch burned = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    AtomicReference<Long> burnedNanos = new AtomicReference<>();
    Thread worker = new Thread(() -> {
      try (AgentScope scope = agent.enter()) {
        long start = THREADS.getCurrentThreadCpuTime();
        burnCpu(40 * MILLIS);
        burnedNanos.set(THREADS.getCurrentThreadCpuTime() - start);
        burned.countDown();
        finish.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "long-runner");
    worker.start();
    assertThat(burned.await(30, TimeUnit.SECONDS)).isTrue();
    rm.start();
    ticker.advance(Duration.ZERO); // one tick while the scope is open
    assertThat(agent.cpuTime().toNanos()).isGreaterThanOrEqualTo(burnedNanos.get());
    assertThat(rm.history("long-runner", Metric.AGENT_THREADS, Duration.ofHours(1)).values()).containsExactly(1);
    finish.countDown();
    worker.join(30_000);
    ticker.advance(Duration.ofSeconds(5));
    assertThat(rm.history("long-runner", Metric.AGENT_THREADS, Duration.ofHours(1)).values()).containsExactly(1, 0);
  }

  @Test
  void agentCpuUsageIsCpuTimeOverElapsedTickerTimeAcrossAllCpus(ResourceManager rm, ManualTicker ticker) {
    Agent agent = rm.tracker().register("worker");
    rm.start();
    ticker.advance(Duration.ZERO); // first tick: primes the agent, no rate yet
    long before = agent.cpuTime().toNanos();
    try (AgentScope scope = agent.enter()) {
      burnCpu(25 * MILLIS);
    }
    long after = agent.cpuTime().toNanos();
    ticker.advance(Duration.ofSeconds(5));
    Series usage = rm.history("worker", Metric.AGENT_CPU_USAGE, Duration.ofHours(1));
    double expected = (after - before) * 100.0 / (5_000_000_000.0 * rm.cpuCount());
    assertThat(usage.values()).containsExactly(Double.NaN, expected);
    assertThat(rm.history("worker", Metric.AGENT_CPU_TIME, Duration.ofHours(1)).value(1)).isEqualTo(after / 1e9);
  }

  @Test
  void agentAllocationRateIsBytesOverElapsedTickerTime(ResourceManager rm, ManualTicker ticker) {
    Agent agent = rm.tracker().register("allocator");
    rm.start();
    ticker.advance(Duration.ZERO);
    long before = agent.allocatedBytes();
    try (AgentScope scope = agent.enter()) {
      allocate(8);
    }
    long after = agent.allocatedBytes();
    ticker.advance(Duration.ofSeconds(2));
    rm.sampleNow(); // one more tick at the same ticker time is not counted as a rate (elapsed 0)
    Series rate = rm.history("allocator", Metric.AGENT_ALLOCATION_RATE, Duration.ofHours(1));
    assertThat(rate.value(1)).isEqualTo((after - before) * 1e9 / 2_000_000_000L);
    assertThat(rate.value(1)).isGreaterThanOrEqualTo(4 << 20);
  }

  @Test
  void wrappedTasksOnAnExecutorAreAttributedToTheAgent(ResourceManager rm) throws Exception {
    Agent agent = rm.tracker().register("pool-agent");
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        futures.add(pool.submit(rm.tracker().wrap("pool-agent", (Runnable) () -> burnCpu(10 * MILLIS))));
      }
      for (Future<?> f : futures) {
        f.get(30, TimeUnit.SECONDS);
      }
      assertThat(agent.cpuTime().toNanos()).isGreaterThanOrEqualTo(40 * MILLIS);
      CountDownLatch done = new CountDownLatch(1);
      rm.tracker().executor("pool-agent", pool).execute(() -> {
        allocate(4);
        done.countDown();
      });
      assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> agent.allocatedBytes() >= 4L << 20);
      Integer answer = rm.tracker().wrap("pool-agent", () -> 42).call();
      assertThat(answer).isEqualTo(42);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void closingAScopeOnAnotherThreadIsRejected(ResourceManager rm) throws Exception {
    rm.tracker().register("a");
    AgentScope scope = rm.tracker().enter("a");
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread other = new Thread(() -> {
      try {
        scope.close();
      } catch (Throwable t) {
        failure.set(t);
      }
    }, "other");
    other.start();
    other.join(10_000);
    assertThat(failure.get())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the scope of agent \"a\" was entered on thread " + Thread.currentThread().getName()
            + " and must be closed there, not on other");
    scope.close();
  }

  @Test
  void closingScopesOutOfOrderIsRejected(ResourceManager rm) {
    rm.tracker().register("a");
    rm.tracker().register("b");
    AgentScope a = rm.tracker().enter("a");
    AgentScope b = rm.tracker().enter("b");
    assertThatThrownBy(a::close)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("scopes must close in reverse order: closing agent \"a\" while agent \"b\" is innermost");
    b.close();
    a.close();
    a.close(); // twice is harmless
  }

  @Test
  void registeringBeyondTheLimitIsRejectedAndNothingChanges() {
    try (ResourceManager rm = ResourceManager.custom().platformSources(false).maxAgents(2).build()) {
      rm.tracker().register("a");
      rm.tracker().register("b");
      assertThatThrownBy(() -> rm.tracker().register("c"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("agent limit reached: 2 agents are registered (MonitorConfig maxAgents); "
              + "unregister agents or raise the limit before registering \"c\"");
      assertThat(rm.agents()).extracting(Agent::id).containsExactly("a", "b");
      rm.tracker().unregister("a");
      rm.tracker().register("c");
      assertThat(rm.agents()).extracting(Agent::id).containsExactly("b", "c");
    }
  }
}
