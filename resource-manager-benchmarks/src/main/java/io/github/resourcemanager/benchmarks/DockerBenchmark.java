package io.github.resourcemanager.benchmarks;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import io.github.resourcemanager.docker.AccessPolicy;
import io.github.resourcemanager.docker.ApplyResult;
import io.github.resourcemanager.docker.ContainerLimits;
import io.github.resourcemanager.docker.DockerConfig;
import io.github.resourcemanager.docker.DockerResources;
import io.github.resourcemanager.docker.DockerStatsSource;
import io.github.resourcemanager.docker.LimitPolicy;
import io.github.resourcemanager.docker.LimitStore;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.SampleWriter;
import io.github.resourcemanager.units.ByteSize;
import io.github.resourcemanager.units.CpuQuantity;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Measures the Docker module against a real engine (run by {@code docker-bench.sh}), in one run:
 * <ol>
 *   <li>a live limit change ({@code DockerLimits.set}, engine update call) against the recreate path
 *       ({@code DockerLimits.recreate}) on the same agent container, and their ratio;
 *   <li>the cost of one {@link DockerStatsSource} tick for 10 agent containers.
 * </ol>
 * Real engine calls take milliseconds, so this is a plain timed loop with warm-up rather than JMH; medians are
 * reported. Every container it creates is removed at the end.
 */
public final class DockerBenchmark {
  private static final String IMAGE = System.getenv().getOrDefault("RM_DOCKER_TEST_IMAGE", "rm-test-busybox:2");
  private static final String LABEL = "io.github.resourcemanager.bench";
  private static final long TICK_NANOS = 1_200_000_000L;

  private DockerBenchmark() {}

  /**
   * Runs both measurements and prints them.
   *
   * @param args optional: live rounds (default 20), recreate rounds (5), stats ticks (10)
   */
  public static void main(String[] args) throws Exception {
    int liveRounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int recreateRounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int ticks = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    String run = UUID.randomUUID().toString().substring(0, 8);
    LimitPolicy policy = LimitPolicy.custom()
        .allowedMemory(ByteSize.parse("64m"), ByteSize.parse("128m"))
        .allowedCpus(CpuQuantity.parse("0.5"), CpuQuantity.parse("1"))
        .defaults(ContainerLimits.parse("64m", "1"))
        .build();
    DockerConfig config = DockerConfig.custom().statsTimeout(Duration.ofSeconds(2)).build();
    try (DockerResources docker = DockerResources.custom().config(config).policy(policy)
        .store(LimitStore.jdbc("jdbc:h2:mem:bench-" + run)).access(AccessPolicy.allowAll()).build()) {
      DockerClient client = docker.connection().client();
      try {
        String agent = "bench-" + run;
        start(docker, client, agent, "rm-bench-" + run, run);
        ContainerLimits[] alternate = {ContainerLimits.parse("128m", "0.5"), ContainerLimits.parse("64m", "1")};
        for (int i = 0; i < 3; i++) {
          expect(docker.limits().set(agent, alternate[i % 2], "bench"), ApplyResult.Outcome.APPLIED_LIVE);
        }
        long[] live = new long[liveRounds];
        for (int i = 0; i < liveRounds; i++) {
          long t0 = System.nanoTime();
          expect(docker.limits().set(agent, alternate[(i + 1) % 2], "bench"), ApplyResult.Outcome.APPLIED_LIVE);
          live[i] = System.nanoTime() - t0;
        }
        expect(docker.limits().recreate(agent, "bench"), ApplyResult.Outcome.RECREATED);
        long[] recreate = new long[recreateRounds];
        for (int i = 0; i < recreateRounds; i++) {
          long t0 = System.nanoTime();
          expect(docker.limits().recreate(agent, "bench"), ApplyResult.Outcome.RECREATED);
          recreate[i] = System.nanoTime() - t0;
        }
        double liveMs = median(live) / 1e6;
        double recreateMs = median(recreate) / 1e6;
        System.out.printf(Locale.ROOT, "live limit change (set, engine update):   median %8.2f ms over %d%n", liveMs,
            liveRounds);
        System.out.printf(Locale.ROOT, "recreate path (same agent container):    median %8.2f ms over %d%n",
            recreateMs, recreateRounds);
        System.out.printf(Locale.ROOT, "ratio recreate / live:                   %8.1fx (expected >= 10x)%n",
            recreateMs / liveMs);

        for (int i = 0; i < 9; i++) {
          start(docker, client, "bench-" + run + "-" + i, "rm-bench-" + run + "-" + i, run);
        }
        DockerStatsSource source = docker.statsSource();
        CountingWriter out = new CountingWriter();
        // Ticks 1.2 s apart, like a monitor at a 1 s+ interval: the engine pushes stats about once a second.
        for (int i = 0; i < 3; i++) {
          out.tick += TICK_NANOS;
          source.sample(out);
          Thread.sleep(TICK_NANOS / 1_000_000);
        }
        long late = source.lateReadings();
        long[] tick = new long[ticks];
        for (int i = 0; i < ticks; i++) {
          out.tick += TICK_NANOS;
          out.values = 0;
          long t0 = System.nanoTime();
          source.sample(out);
          tick[i] = System.nanoTime() - t0;
          Thread.sleep(TICK_NANOS / 1_000_000);
        }
        late = source.lateReadings() - late;
        System.out.printf(Locale.ROOT, "stats source tick, 10 containers:        median %8.2f ms, max %.2f ms over %d"
            + " ticks (%d values per tick, %d late readings)%n", median(tick) / 1e6,
            Arrays.stream(tick).max().orElse(0) / 1e6, ticks, out.values, late);
      } finally {
        for (Container c : client.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(LABEL, run)).exec()) {
          client.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
        }
      }
    }
  }

  private static void start(DockerResources docker, DockerClient client, String agent, String name, String run) {
    var create = client.createContainerCmd(IMAGE).withName(name).withCmd("sleep", "3600").withStopTimeout(1)
        .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none"));
    docker.limits().prepareCreate(agent, create);
    var labels = new java.util.HashMap<>(create.getLabels());
    labels.put(LABEL, run);
    String id = create.withLabels(labels).exec().getId();
    client.startContainerCmd(id).exec();
  }

  private static void expect(ApplyResult r, ApplyResult.Outcome outcome) {
    if (r.outcome() != outcome) {
      throw new IllegalStateException("expected " + outcome + " but got " + r);
    }
  }

  private static double median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
  }

  /** Counts what the stats source writes. */
  private static final class CountingWriter implements SampleWriter {
    long tick;
    int values;

    @Override
    public long tickNanos() {
      return tick;
    }

    @Override
    public void set(Metric metric, double value) {
      values++;
    }

    @Override
    public void setAgent(String agentId, Metric metric, double value) {
      values++;
    }
  }
}
