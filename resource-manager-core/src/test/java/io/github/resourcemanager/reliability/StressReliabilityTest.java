package io.github.resourcemanager.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.alert.Alert;
import io.github.resourcemanager.alert.AlertEvent;
import io.github.resourcemanager.alert.AlertHandler;
import io.github.resourcemanager.alert.AlertRule;
import io.github.resourcemanager.alert.HandlerOptions;
import io.github.resourcemanager.alert.HandlerStats;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.allocate.AgentSpec;
import io.github.resourcemanager.allocate.AllocationConfig;
import io.github.resourcemanager.allocate.AllocationEvent;
import io.github.resourcemanager.allocate.Profile;
import io.github.resourcemanager.allocate.ProjectConfig;
import io.github.resourcemanager.allocate.Resource;
import io.github.resourcemanager.allocate.ResourcePool;
import io.github.resourcemanager.allocate.ResourceVector;
import io.github.resourcemanager.allocate.Resources;
import io.github.resourcemanager.allocate.Shares;
import io.github.resourcemanager.allocate.SharingStrategy;
import io.github.resourcemanager.monitor.AgentScope;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.ResourceSource;
import io.github.resourcemanager.monitor.SampleWriter;
import io.github.resourcemanager.monitor.Unit;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import io.github.resourcemanager.test.StderrCapture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Concurrency and load: 32 threads enter and leave agent scopes, acknowledge alerts, admit and release agents and
 * switch the allocation profile, while the monitor samples every 10 ms on the real {@code Scheduler.system()} and
 * alerts flap at every tick. Afterwards: nothing deadlocked (timeout-guarded, with a thread dump on failure), every
 * alert was fired once and resolved at most once as the pipeline's own counters say (none lost, none duplicated),
 * and the shares satisfied the allocation invariants at every observation. A second handler subscribed with the
 * default options (a queue of 1,000, 20 events per 10 s) cannot take the storm: every event it does not get is counted
 * in its {@code HandlerStats} and logged with its count, and the counts add up.
 *
 * <p>The run lasts {@code rm.stress.seconds} (default 15, CI-friendly); the full run is 60 s:
 * {@code mvn -pl resource-manager-core test -Dtest=StressReliabilityTest -Drm.stress.seconds=60}.
 */
class StressReliabilityTest {

  private static final int THREADS = 32;
  private static final int AGENTS = 64;
  private static final String[] PROJECTS = {"p0", "p1", "p2", "p3"};
  private static final Duration INTERVAL = Duration.ofMillis(10);
  private static final Metric LOAD = Metric.of("stress.load", Unit.PERCENT, "flaps between 90 and 10 at every tick");
  private static final ResourceVector DAY = ResourceVector.of(Resource.CPU, "8").with(Resource.MEMORY, "16Gi");
  private static final ResourceVector NIGHT = ResourceVector.of(Resource.CPU, "4").with(Resource.MEMORY, "16Gi");
  private static final Instant NOON = Instant.parse("2026-01-01T12:00:00Z");
  private static final Instant MIDNIGHT = Instant.parse("2026-01-01T23:00:00Z");

  /** A source whose value alternates at every tick, so that the global alert fires and resolves all the time. */
  private static final class Flapping implements ResourceSource {
    private long calls;

    @Override
    public String name() {
      return "flapping";
    }

    @Override
    public boolean mayBlock() {
      return false;
    }

    @Override
    public void sample(SampleWriter out) {
      out.set(LOAD, calls++ % 2 == 0 ? 90 : 10);
    }
  }

  /** A clock that the profile switcher moves between noon (profile "day") and 23:00 (profile "night"). */
  private static final class SwitchingClock extends Clock {
    volatile Instant now = NOON;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("fixed to UTC");
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  /** Counts, per alert id, the events it received; handlers are called one event at a time. */
  private static final class Counter implements AlertHandler {
    final Map<String, int[]> firedResolved = new HashMap<>();
    final List<String> problems = new ArrayList<>();
    long events;

    @Override
    public synchronized void handle(AlertEvent event) {
      events++;
      int[] n = firedResolved.computeIfAbsent(event.alert().id(), k -> new int[2]);
      if (event instanceof AlertEvent.Fired) {
        n[0]++;
      } else if (event instanceof AlertEvent.Resolved) {
        if (n[0] == 0) {
          problems.add("resolved before fired: " + event.alert().id());
        }
        n[1]++;
      }
    }
  }

  private static String agent(int k) {
    return "agent-" + k;
  }

  private static String projectOf(String agentId) {
    return PROJECTS[Integer.parseInt(agentId.substring(agentId.indexOf('-') + 1)) % PROJECTS.length];
  }

  /** The allocation invariants: shares within their parents' and their own limits, and sums exact. */
  private static void checkInvariants(Shares s, AllocationConfig config, List<String> violations) {
    ResourceVector expectedGlobal = "night".equals(s.profile().orElse("")) ? NIGHT : DAY;
    if (!s.global().equals(expectedGlobal)) {
      violations.add("global " + s.global() + " under profile " + s.profile());
    }
    for (Resource r : List.of(Resource.CPU, Resource.MEMORY)) {
      long global = s.global().amount(r);
      long projects = 0;
      for (Map.Entry<String, ResourceVector> p : s.projects().entrySet()) {
        long share = p.getValue().amount(r);
        ResourceVector limit = config.projects().get(p.getKey()).limits();
        if (share < 0 || (limit.has(r) && share > limit.amount(r))) {
          violations.add("project " + p.getKey() + " " + r + " share " + share + " outside its limit " + limit);
        }
        projects += share;
        long agents = 0;
        int members = 0;
        for (Map.Entry<String, ResourceVector> a : s.agents().entrySet()) {
          if (projectOf(a.getKey()).equals(p.getKey())) {
            agents += a.getValue().amount(r);
            members++;
          }
        }
        // Agents have no limits of their own: together they get exactly their project's share.
        if (members > 0 && agents != share) {
          violations.add("agents of " + p.getKey() + " share " + r + " " + agents + " of " + share);
        }
      }
      // p1 and p3 have no limits: the projects get exactly the global limit.
      if (projects != global) {
        violations.add("projects share " + r + " " + projects + " of the global " + global);
      }
    }
  }

  @Test
  void thirtyTwoThreadsAgainstAMonitorTickingEveryTenMillisecondsLoseNothingAndBreakNoInvariant() throws Exception {
    long seconds = Long.getLong("rm.stress.seconds", 15);
    SwitchingClock clock = new SwitchingClock();
    AllocationConfig config = AllocationConfig.custom().machineCpus(8).environment(name -> null).zone(ZoneOffset.UTC)
        .strategy(SharingStrategy.weighted()).globalLimits(DAY)
        .profile(Profile.during("day", DAY, "06:00-18:00")).profile(Profile.during("night", NIGHT, "18:00-06:00"))
        .project(ProjectConfig.custom("p0").weight(1).limits(ResourceVector.of(Resource.CPU, "2")).build())
        .project(ProjectConfig.custom("p1").weight(2).build())
        .project(ProjectConfig.custom("p2").weight(3).limits(ResourceVector.of(Resource.MEMORY, "4Gi")).build())
        .project(ProjectConfig.custom("p3").weight(4).build())
        .build();
    Counter counter = new Counter();
    Counter defaults = new Counter();
    Set<Thread> before = Threads.alive();
    StderrCapture log = new StderrCapture();
    ResourceManager rm = ResourceManager.custom().defaultAlertRules(false).clock(clock).interval(INTERVAL)
        .historyRetention(Duration.ofMinutes(1))
        .source(new Flapping())
        .alertRule(AlertRule.custom().name("load-high").metric(LOAD).threshold(Severity.WARNING, 75).build())
        .alertRule(AlertRule.custom().name("agent-busy").metric(Metric.AGENT_THREADS).threshold(Severity.INFO, 1).build())
        .alertHandler(counter, HandlerOptions.ofDefaults().withName("counter")
            .withQueueCapacity(HandlerOptions.MAX_QUEUE_CAPACITY).withRateLimit(Integer.MAX_VALUE, Duration.ofDays(1)))
        .alertHandler(defaults, HandlerOptions.ofDefaults().withName("defaults"))
        .allocation(config)
        .build();
    ResourcePool pool = rm.allocation();
    List<String> violations = new CopyOnWriteArrayList<>();
    AtomicLong observations = new AtomicLong();
    pool.addListener(event -> {
      if (event.type() != AllocationEvent.Type.SHARES_CHANGED) {
        return;
      }
      Shares shares = pool.shares();
      observations.incrementAndGet();
      try {
        checkInvariants(shares, config, violations);
      } catch (RuntimeException e) { // the pool would only log it
        violations.add("checking " + shares + " failed: " + e);
      }
    });
    for (int k = 0; k < AGENTS; k++) {
      rm.tracker().register(agent(k));
    }
    AtomicLong scopes = new AtomicLong();
    AtomicLong acknowledged = new AtomicLong();
    AtomicLong admissions = new AtomicLong();
    AtomicLong releases = new AtomicLong();
    AtomicLong switches = new AtomicLong();
    ExecutorService workers = Executors.newFixedThreadPool(THREADS);
    CyclicBarrier go = new CyclicBarrier(THREADS + 1);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    List<Future<?>> running = new ArrayList<>();
    rm.start();
    try {
      for (int t = 0; t < THREADS; t++) {
        Random random = new Random(t);
        String actor = "stress-" + t;
        running.add(workers.submit(() -> {
          go.await();
          while (System.nanoTime() < deadline) {
            int op = random.nextInt(100);
            String id = agent(random.nextInt(AGENTS));
            if (op < 40) {
              try (AgentScope scope = rm.tracker().enter(id)) {
                long until = System.nanoTime() + 20_000 + random.nextInt(200_000);
                while (System.nanoTime() < until) {
                  Thread.onSpinWait();
                }
                scopes.incrementAndGet();
              }
            } else if (op < 60) {
              pool.admit(AgentSpec.custom(id).project(projectOf(id))
                  .resources(Resources.requests(ResourceVector.of(Resource.CPU, (1 + random.nextInt(100)) + "m")))
                  .build());
              admissions.incrementAndGet();
            } else if (op < 75) {
              pool.release(id);
              releases.incrementAndGet();
            } else if (op < 88) {
              List<Alert> active = rm.alerts().activeAlerts();
              if (!active.isEmpty()) {
                String alertId = active.get(random.nextInt(active.size())).id();
                try {
                  rm.acknowledge(alertId, actor, "seen");
                  acknowledged.incrementAndGet();
                } catch (IllegalArgumentException | IllegalStateException resolvedMeanwhile) {
                  // the alert resolved between the query and the acknowledgement: expected under load
                }
              }
            } else if (op < 92) {
              clock.now = clock.now.equals(NOON) ? MIDNIGHT : NOON;
              switches.incrementAndGet();
            } else {
              Shares shares = pool.shares();
              observations.incrementAndGet();
              checkInvariants(shares, config, violations);
            }
            Thread.yield();
          }
          return null;
        }));
      }
      go.await();
      // Liveness: the monitor keeps ticking while the threads hammer it.
      long lastTicks = -1;
      while (System.nanoTime() < deadline) {
        long ticksBefore = lastTicks;
        try { // each round waits for the next tick: a monitor that stops ticking fails the test within 5 s
          Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> rm.stats().ticks() > ticksBefore);
        } catch (org.awaitility.core.ConditionTimeoutException stalled) {
          throw new AssertionError("the monitor stopped ticking at " + ticksBefore + " ticks; " + Threads.dump(), stalled);
        }
        lastTicks = rm.stats().ticks();
      }
      for (Future<?> f : running) {
        Threads.awaitOrDump(f, 60, "a stress thread");
      }
    } finally {
      workers.shutdownNow();
    }
    rm.stop();
    Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
        .until(() -> rm.alerts().stats().handler("counter").isSettled()
            && rm.alerts().stats().handler("defaults").isSettled());

    HandlerStats delivered = rm.alerts().stats().handler("counter");
    HandlerStats limited = rm.alerts().stats().handler("defaults");
    Set<String> active = new HashSet<>();
    rm.alerts().activeAlerts().forEach(a -> active.add(a.id()));
    long monitorTicks = rm.stats().ticks();
    rm.close();
    log.close();

    // The handler with the default options: each event it received was delivered, or counted as left out, and each
    // one left out is in a WARN line with its count (while the run lasts, and the rest when the pipeline closes).
    assertThat(limited.received()).isEqualTo(delivered.received()); // both see every event
    assertThat(limited.failed()).isZero();
    assertThat(limited.received()).isEqualTo(limited.delivered() + limited.rateLimited() + limited.overflowed());
    assertThat(defaults.events).isEqualTo(limited.delivered());
    assertThat(limited.rateLimited()).isPositive();
    long logged = 0;
    java.util.regex.Pattern missed = java.util.regex.Pattern.compile(
        "alert handler 'defaults' missed (\\d+) events over its rate limit and (\\d+) on a full queue since ");
    for (String line : log.linesContaining("alert handler 'defaults' missed")) {
      java.util.regex.Matcher m = missed.matcher(line);
      assertThat(m.find()).as(line).isTrue();
      logged += Long.parseLong(m.group(1)) + Long.parseLong(m.group(2));
    }
    assertThat(logged).isEqualTo(limited.rateLimited() + limited.overflowed());

    // Nothing lost, nothing duplicated: the pipeline delivered everything it received, the handler saw each alert
    // fire once and resolve at most once, and what did not resolve is exactly what is still active.
    assertThat(delivered.rateLimited() + delivered.overflowed() + delivered.failed()).isZero();
    assertThat(counter.events).isEqualTo(delivered.delivered()).isEqualTo(delivered.received());
    assertThat(counter.problems).isEmpty();
    Set<String> unresolved = new HashSet<>();
    long fired = 0;
    long resolved = 0;
    for (Map.Entry<String, int[]> e : counter.firedResolved.entrySet()) {
      assertThat(e.getValue()[0]).as("Fired events of %s", e.getKey()).isEqualTo(1);
      assertThat(e.getValue()[1]).as("Resolved events of %s", e.getKey()).isLessThanOrEqualTo(1);
      fired += e.getValue()[0];
      resolved += e.getValue()[1];
      if (e.getValue()[1] == 0) {
        unresolved.add(e.getKey());
      }
    }
    assertThat(unresolved).isEqualTo(active);
    assertThat(violations).isEmpty();
    assertThat(Threads.libraryThreadsStartedSince(before)).isEmpty();

    System.out.printf("stress %d s: %d ticks, %d alerts fired, %d resolved, %d events delivered, %d acknowledged, "
        + "%d scopes, %d admissions, %d releases, %d profile switches, %d share observations, 0 violations; "
        + "default handler options: %d delivered, %d rate limited, %d overflowed, all counted and logged%n",
        seconds, monitorTicks, fired, resolved, delivered.delivered(), acknowledged.get(), scopes.get(),
        admissions.get(), releases.get(), switches.get(), observations.get(), limited.delivered(),
        limited.rateLimited(), limited.overflowed());
    assertThat(List.of(fired, acknowledged.get(), scopes.get(), admissions.get(), releases.get(), switches.get()))
        .as("every kind of operation happened").allMatch(n -> n > 0);
  }
}
