package io.github.resourcemanager.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Statistics;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.ResourceSource;
import io.github.resourcemanager.monitor.SampleWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A monitor source for the running containers of agents (containers labelled {@value DockerLabels#AGENT}): CPU,
 * memory used and limit, network and block I/O rates, processes and OOM kills, per agent, computed from the
 * engine's stats the way {@code docker stats} computes them (see {@link DockerMetrics} for the CPU convention).
 *
 * <p>Each tick lists the agent containers and asks the engine for each one's one-shot stats, several at once, all
 * under one real-time budget ({@link DockerConfig#statsTimeout()}). A container whose stats have not arrived by then
 * is left out of this tick and not asked again until its request returns, so one slow container never stalls the
 * tick nor piles up requests. Rates come from two readings over the monitor's tick time; the first reading of a
 * container, and one after its counters went backwards (it restarted), gives {@code NaN}.
 *
 * <p>{@link #mayBlock()} is true: the monitor runs it on a worker under its source timeout. Not for concurrent
 * use: the monitor calls {@link #sample} from one thread at a time.
 */
public final class DockerStatsSource implements ResourceSource {
  private static final Logger log = LoggerFactory.getLogger(DockerStatsSource.class);

  /** What the source needs from the engine; a seam for tests of the time budget. */
  interface StatsClient {
    /** The running containers carrying the agent label. */
    List<AgentContainer> list();

    /** One container's current stats. */
    Statistics stats(String containerId);
  }

  /** A running agent container. */
  record AgentContainer(String id, String name, String agentId) {}

  private final StatsClient client;
  private final ContainerEvents events; // null: no OOM counts
  private final long timeoutNanos;
  private final ExecutorService pool;
  private final Map<String, ContainerReading> readings = new HashMap<>();
  private final Map<String, CompletableFuture<Statistics>> inFlight = new HashMap<>();
  private final Set<String> warnedIds = new HashSet<>();
  private final AtomicLong lateReadings = new AtomicLong();
  private final AtomicLong failedReadings = new AtomicLong();

  DockerStatsSource(DockerConnection connection, ContainerEvents events) {
    this(engineClient(connection), events, connection.config().statsTimeout().toNanos(),
        connection.config().statsParallelism());
  }

  DockerStatsSource(StatsClient client, ContainerEvents events, long timeoutNanos, int parallelism) {
    this.client = client;
    this.events = events;
    this.timeoutNanos = timeoutNanos;
    AtomicInteger n = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(parallelism, r -> {
      Thread t = new Thread(r, "rm-docker-stats-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  private static StatsClient engineClient(DockerConnection connection) {
    DockerClient docker = connection.client();
    RawApi raw = new RawApi(connection.http());
    return new StatsClient() {
      @Override
      public List<AgentContainer> list() {
        List<Container> running = Engine.call("list agent containers",
            () -> docker.listContainersCmd().withLabelFilter(List.of(DockerLabels.AGENT)).exec());
        List<AgentContainer> result = new ArrayList<>(running.size());
        for (Container c : running) {
          String[] names = c.getNames();
          String name = names == null || names.length == 0 ? c.getId() : ActualLimits.stripSlash(names[0]);
          result.add(new AgentContainer(c.getId(), name, c.getLabels() == null ? null : c.getLabels().get(DockerLabels.AGENT)));
        }
        return result;
      }

      @Override
      public Statistics stats(String containerId) {
        // one-shot (API 1.41+) answers at once; older engines ignore it and answer after about a second.
        return Engine.call("read the stats of container " + Recreator.shortId(containerId), () -> raw.get(
            "/containers/" + RawApi.encode(containerId) + "/stats?stream=false&one-shot=true", Statistics.class));
      }
    };
  }

  @Override
  public String name() {
    return "docker-stats";
  }

  @Override
  public Set<Metric> metrics() {
    return DockerMetrics.ALL;
  }

  @Override
  public boolean mayBlock() {
    return true;
  }

  @Override
  public void sample(SampleWriter out) throws Exception {
    long deadline = System.nanoTime() + timeoutNanos;
    List<AgentContainer> containers = listWithin(deadline);
    Map<String, AgentContainer> current = new HashMap<>();
    for (AgentContainer c : containers) {
      if (!AgentIds.isValid(c.agentId())) {
        if (warnedIds.add(c.id())) {
          log.warn("container {} carries {}={}, which is not a valid agent id; its stats are not recorded", c.name(),
              DockerLabels.AGENT, c.agentId());
        }
        continue;
      }
      current.put(c.id(), c);
      CompletableFuture<Statistics> previous = inFlight.get(c.id());
      if (previous == null || previous.isDone()) {
        // A request that finished after its tick's deadline is stale: ask again.
        inFlight.put(c.id(), CompletableFuture.supplyAsync(() -> client.stats(c.id()), pool));
      }
    }
    long now = out.tickNanos();
    Set<String> agentsWritten = new HashSet<>();
    for (AgentContainer c : current.values()) {
      CompletableFuture<Statistics> f = inFlight.get(c.id());
      Statistics stats;
      try {
        stats = f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException late) {
        lateReadings.incrementAndGet();
        log.debug("stats of container {} did not arrive within the tick's budget; skipped this tick", c.name());
        continue;
      } catch (ExecutionException failed) {
        inFlight.remove(c.id());
        failedReadings.incrementAndGet();
        log.debug("stats of container {} failed", c.name(), failed.getCause());
        continue;
      }
      inFlight.remove(c.id());
      readings.computeIfAbsent(c.id(), k -> new ContainerReading()).write(c.agentId(), stats, now, out);
      agentsWritten.add(c.agentId());
    }
    if (events != null) {
      for (AgentContainer c : current.values()) {
        if (agentsWritten.contains(c.agentId())) {
          out.setAgent(c.agentId(), DockerMetrics.OOM_KILLS, events.oomKills(c.agentId()));
        }
      }
    }
    // Forget containers that are gone (a recreated agent starts afresh with its new container).
    readings.keySet().retainAll(current.keySet());
    Iterator<Map.Entry<String, CompletableFuture<Statistics>>> it = inFlight.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, CompletableFuture<Statistics>> e = it.next();
      if (!current.containsKey(e.getKey()) && e.getValue().isDone()) {
        it.remove();
      }
    }
    warnedIds.retainAll(current.keySet());
  }

  private List<AgentContainer> listWithin(long deadline) throws Exception {
    CompletableFuture<List<AgentContainer>> listing = CompletableFuture.supplyAsync(client::list, pool);
    try {
      return listing.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      listing.cancel(true);
      throw new TimeoutException("listing agent containers took longer than the stats budget of "
          + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }

  /** Container readings that missed their tick's budget since the source started. */
  public long lateReadings() {
    return lateReadings.get();
  }

  /** Container readings that failed (the container stopped meanwhile, the engine refused) since the source started. */
  public long failedReadings() {
    return failedReadings.get();
  }

  /** Stops the worker threads; requests still running are abandoned. */
  @Override
  public void close() {
    pool.shutdownNow();
  }
}
