package io.github.resourcemanager.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
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
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A monitor source for the running containers of agents (containers labelled {@value DockerLabels#AGENT}): CPU,
 * memory used and limit, network and block I/O rates, processes and OOM kills, per agent, computed from the
 * engine's stats the way {@code docker stats} computes them (see {@link DockerMetrics} for the CPU convention).
 *
 * <p>Like {@code docker stats}, it keeps one stats stream open per agent container; the engine pushes a frame about
 * every second into each, and the source keeps only the latest. A tick lists the agent containers (one request,
 * bounded by {@link DockerConfig#statsTimeout()}), opens streams for new ones, closes those of containers that are
 * gone, and writes the latest frame of each container that received one since the previous tick. It never waits for
 * a container: one whose stream is slow or stuck is simply left out of the tick (counted in {@link #lateReadings()}).
 * (The engine's one-shot stats would look simpler but wait for the engine's next one-second collection, so a tick
 * would spend up to a second waiting.)
 *
 * <p>Rates come from two readings over the monitor's tick time; a container's first reading, and one after its
 * counters went backwards (it restarted), gives {@code NaN}. A stream costs the engine connection and one daemon
 * thread of docker-java per container.
 *
 * <p>{@link #mayBlock()} is true: the monitor runs it on a worker under its source timeout. Not for concurrent
 * use: the monitor calls {@link #sample} from one thread at a time; frames arrive on stream threads.
 */
public final class DockerStatsSource implements ResourceSource {
  private static final Logger log = LoggerFactory.getLogger(DockerStatsSource.class);

  /** What the source needs from the engine; a seam for tests. */
  interface StatsClient {
    /** The running containers carrying the agent label. */
    List<AgentContainer> list();

    /** Starts streaming a container's stats into {@code sink}; closing the handle ends the stream. */
    AutoCloseable stream(String containerId, StatsSink sink);
  }

  /** Receives one container's frames, on a stream thread. */
  interface StatsSink {
    void frame(Statistics stats);

    /** The stream ended; {@code error} is null when the engine closed it normally (the container stopped). */
    void ended(@Nullable Throwable error);
  }

  /** A running agent container; its agent label as found, perhaps missing or malformed. */
  record AgentContainer(String id, String name, @Nullable String agentId) {}

  /** An agent container whose label names a valid agent. */
  private record Watched(String id, String name, String agentId) {}

  /** One container's stream and its latest frame. */
  private static final class Feed implements StatsSink {
    final String name;
    volatile @Nullable Statistics latest;
    volatile long frames;
    volatile boolean ended;
    long consumed;
    @Nullable AutoCloseable handle;

    Feed(String name) {
      this.name = name;
    }

    @Override
    public void frame(Statistics stats) {
      latest = stats;
      frames++; // one writer: the stream's thread
    }

    @Override
    public void ended(@Nullable Throwable error) {
      ended = true;
      if (error != null) {
        log.debug("stats stream of container {} failed", name, error);
      }
    }

    void close() {
      ended = true;
      if (handle != null) {
        try {
          handle.close();
        } catch (Exception e) {
          log.debug("closing the stats stream of container {} failed", name, e);
        }
      }
    }
  }

  private final StatsClient client;
  private final ContainerEvents events; // null: no OOM counts
  private final long timeoutNanos;
  private final ExecutorService lister;
  private final Map<String, Feed> feeds = new HashMap<>();
  private final Map<String, ContainerReading> readings = new HashMap<>();
  private final Set<String> warnedIds = new HashSet<>();
  private final AtomicLong lateReadings = new AtomicLong();
  private final AtomicLong restartedStreams = new AtomicLong();
  private volatile boolean closed;

  DockerStatsSource(DockerConnection connection, ContainerEvents events) {
    this(engineClient(connection), events, connection.config().statsTimeout().toNanos());
  }

  DockerStatsSource(StatsClient client, ContainerEvents events, long timeoutNanos) {
    this.client = client;
    this.events = events;
    this.timeoutNanos = timeoutNanos;
    this.lister = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "rm-docker-stats-list");
      t.setDaemon(true);
      return t;
    });
  }

  private static StatsClient engineClient(DockerConnection connection) {
    DockerClient requests = connection.client();
    DockerClient streams = connection.streamingClient();
    Engine engine = connection.engine();
    return new StatsClient() {
      @Override
      public List<AgentContainer> list() {
        List<Container> running = engine.call("list agent containers",
            () -> requests.listContainersCmd().withLabelFilter(List.of(DockerLabels.AGENT)).exec());
        List<AgentContainer> result = new ArrayList<>(running.size());
        for (Container c : running) {
          String[] names = c.getNames();
          String name = names == null || names.length == 0 ? c.getId() : ActualLimits.stripSlash(names[0]);
          result.add(new AgentContainer(c.getId(), name, c.getLabels() == null ? null : c.getLabels().get(DockerLabels.AGENT)));
        }
        return result;
      }

      @Override
      public AutoCloseable stream(String containerId, StatsSink sink) {
        ResultCallback.Adapter<Statistics> callback = new ResultCallback.Adapter<>() {
          @Override
          public void onNext(Statistics stats) {
            sink.frame(stats);
          }

          @Override
          public void onError(Throwable error) {
            // Not the adapter's handling, which logs every ended stream (a stopped container) as an error.
            sink.ended(error);
          }

          @Override
          public void onComplete() {
            sink.ended(null);
          }
        };
        streams.statsCmd(containerId).exec(callback);
        return callback;
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
    if (closed) {
      return;
    }
    List<AgentContainer> containers = listWithin(System.nanoTime() + timeoutNanos);
    Map<String, Watched> current = new HashMap<>();
    for (AgentContainer c : containers) {
      String agent = c.agentId();
      if (agent == null || !AgentIds.isValid(agent)) {
        if (warnedIds.add(c.id())) {
          log.warn("container {} carries {}={}, which is not a valid agent id; its stats are not recorded", c.name(),
              DockerLabels.AGENT, agent);
        }
        continue;
      }
      current.put(c.id(), new Watched(c.id(), c.name(), agent));
    }
    // Streams of containers that are gone end; ended streams of running containers start again.
    Iterator<Map.Entry<String, Feed>> it = feeds.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, Feed> e = it.next();
      if (!current.containsKey(e.getKey()) || e.getValue().ended) {
        e.getValue().close();
        it.remove();
        if (current.containsKey(e.getKey())) {
          restartedStreams.incrementAndGet();
        }
      }
    }
    readings.keySet().retainAll(current.keySet());
    warnedIds.retainAll(current.keySet());

    long now = out.tickNanos();
    for (Watched c : current.values()) {
      Feed feed = feeds.get(c.id());
      if (feed == null) {
        feed = new Feed(c.name());
        try {
          feed.handle = client.stream(c.id(), feed);
        } catch (RuntimeException e) {
          log.debug("could not open the stats stream of container {}", c.name(), e);
          continue; // tried again next tick
        }
        feeds.put(c.id(), feed);
      }
      long frames = feed.frames;
      Statistics latest = feed.latest;
      if (latest == null || frames == feed.consumed) {
        if (feed.consumed > 0) {
          lateReadings.incrementAndGet();
        }
        continue; // nothing new since the last tick: left out rather than waited for
      }
      feed.consumed = frames;
      readings.computeIfAbsent(c.id(), k -> new ContainerReading()).write(c.agentId(), latest, now, out);
      if (events != null) {
        out.setAgent(c.agentId(), DockerMetrics.OOM_KILLS, events.oomKills(c.agentId()));
      }
    }
  }

  private List<AgentContainer> listWithin(long deadline) throws Exception {
    CompletableFuture<List<AgentContainer>> listing = CompletableFuture.supplyAsync(client::list, lister);
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

  /** Ticks at which a container with an open stream had no new frame, since the source started. */
  public long lateReadings() {
    return lateReadings.get();
  }

  /** Stats streams that ended while their container still ran, and were opened again. */
  public long restartedStreams() {
    return restartedStreams.get();
  }

  /** The number of stats streams open now (one per running agent container seen at the last tick). */
  public int openStreams() {
    return feeds.size();
  }

  /** Ends every stream and the listing thread. */
  @Override
  public void close() {
    closed = true;
    lister.shutdownNow();
    for (Feed f : feeds.values()) {
      f.close();
    }
    feeds.clear();
  }
}
