package io.github.resourcemanager.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jspecify.annotations.Nullable;

/**
 * Watches the engine's event stream for agent containers and delivers {@link OomKilled} and {@link UnexpectedExit}
 * events to listeners; also counts OOM kills per agent for {@link DockerStatsSource}.
 *
 * <p>Events count what happened, not notifications. The engine relays every OOM notification of a container's
 * cgroup, several per kill on cgroup v1; the watcher gathers a container's notifications for
 * {@value #OOM_SETTLE_MILLIS} ms (or until it dies) and reports as many {@link OomKilled} events as the cgroup's own
 * {@code oom_kill} counter grew, read from the engine host's {@code /sys/fs/cgroup} when this process can see it. When
 * it cannot (a remote engine), each such gathering counts as one kill. A container that died from an OOM kill no
 * notification announced (the engine's {@code OOMKilled} mark) counts one too, and counts stay after the container
 * is gone. An exit with a non-zero code nobody asked for is an {@link UnexpectedExit} with that code.
 *
 * <p>The stream survives engine restarts: when it ends or fails, the watcher waits ({@link
 * DockerConfig#eventsRetryDelay()}, doubling up to {@link DockerConfig#eventsMaxRetryDelay()}), checks that the
 * engine answers, and subscribes again from the time of the last event it saw, so events that happened meanwhile
 * are delivered once, late rather than never.
 *
 * <p>Thread-safe. Listeners run on the watcher's own daemon thread, {@code rm-docker-events}.
 */
public final class ContainerEvents implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ContainerEvents.class);

  private final DockerClient requests;
  private final DockerClient streams;
  private final Engine engine;
  private final Clock clock;
  private final long initialDelayNanos;
  private final long maxDelayNanos;
  private final ScheduledExecutorService executor;
  private final CopyOnWriteArrayList<ContainerEventListener> listeners = new CopyOnWriteArrayList<>();
  private final ConcurrentHashMap<String, AtomicLong> oomKills = new ConcurrentHashMap<>();
  private final AtomicLong subscriptions = new AtomicLong();
  private final EventClassifier classifier = new EventClassifier();
  private final OomAccounting oom;
  private final @Nullable CgroupOomCounter cgroups; // null when a counter was given (tests)

  /** How long a container's OOM notifications are gathered before its kills are counted. */
  static final long OOM_SETTLE_MILLIS = 500;

  // Watcher-thread state.
  private long delayNanos;
  private long lastTimeNano;
  private final Set<String> seenAtLastTime = new HashSet<>();
  private long subscribedAtNano;
  private @Nullable Subscription current;
  private volatile boolean closed;
  private volatile boolean started;

  ContainerEvents(DockerConnection connection) {
    this(connection, null);
  }

  /** With {@code counter} reading containers' OOM kill counters; null for the host's cgroup file system. */
  ContainerEvents(DockerConnection connection, OomAccounting.@Nullable KillCounter counter) {
    if (counter == null) {
      CgroupOomCounter host = new CgroupOomCounter(java.nio.file.Path.of("/sys/fs/cgroup"), connection.client(),
          connection.engine());
      this.cgroups = host;
      this.oom = new OomAccounting(host);
    } else {
      this.cgroups = null;
      this.oom = new OomAccounting(counter);
    }
    this.requests = connection.client();
    this.streams = connection.streamingClient();
    this.engine = connection.engine();
    this.clock = connection.config().clock();
    this.initialDelayNanos = connection.config().eventsRetryDelay().toNanos();
    this.maxDelayNanos = connection.config().eventsMaxRetryDelay().toNanos();
    this.delayNanos = initialDelayNanos;
    ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "rm-docker-events");
      t.setDaemon(true);
      return t;
    });
    e.setRemoveOnCancelPolicy(true);
    this.executor = e;
  }

  /** Starts watching. Harmless if already started. */
  public void start() {
    if (closed) {
      throw new IllegalStateException("the event watcher is closed");
    }
    synchronized (this) {
      if (started) {
        return;
      }
      started = true;
    }
    submit(this::connect, 0);
  }

  /** Adds a listener for events from now on. */
  public void addListener(ContainerEventListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Removes a listener; returns whether it was registered. */
  public boolean removeListener(ContainerEventListener listener) {
    return listeners.remove(listener);
  }

  /**
   * OOM kills in the agent's containers since watching began: kills, not notifications (see the class comment),
   * kept after the containers are gone.
   */
  public long oomKills(String agentId) {
    AtomicLong n = oomKills.get(agentId);
    return n == null ? 0 : n.get();
  }

  /** How many times the watcher subscribed to the stream (1 after start, one more after each recovery). */
  public long subscriptions() {
    return subscriptions.get();
  }

  /** Whether a subscription is open now (it may still be connecting). */
  public boolean isSubscribed() {
    Subscription s = current;
    return s != null && !s.ended;
  }

  private void connect() {
    if (closed) {
      return;
    }
    try {
      engine.run("ping", () -> requests.pingCmd().exec());
    } catch (RuntimeException e) {
      log.debug("Docker engine not answering; event stream retried in {} ms", TimeUnit.NANOSECONDS.toMillis(delayNanos));
      retryLater();
      return;
    }
    long nowNano = epochNanos(clock.instant());
    String since = null;
    if (lastTimeNano > 0) {
      since = formatSince(lastTimeNano);
    } else if (subscribedAtNano > 0) {
      since = formatSince(subscribedAtNano);
    }
    if (subscribedAtNano == 0) {
      subscribedAtNano = nowNano;
    }
    Subscription s = new Subscription();
    current = s;
    try {
      var cmd = streams.eventsCmd()
          .withEventTypeFilter(EventType.CONTAINER)
          .withEventFilter("oom", "kill", "die", "destroy")
          .withLabelFilter(DockerLabels.AGENT);
      if (since != null) {
        cmd.withSince(since);
      }
      cmd.exec(s);
      long n = subscriptions.incrementAndGet();
      if (n > 1) {
        log.info("Docker event stream resubscribed{}", since == null ? "" : " from " + since);
      }
    } catch (RuntimeException e) {
      s.ended = true;
      log.debug("subscribing to Docker events failed", e);
      retryLater();
    }
  }

  private void retryLater() {
    long delay = delayNanos;
    delayNanos = Math.min(maxDelayNanos, delayNanos * 2);
    submit(this::connect, delay);
  }

  private void handle(Subscription from, Event event) {
    if (closed || from != current) {
      return;
    }
    delayNanos = initialDelayNanos;
    long timeNano = event.getTimeNano() != null ? event.getTimeNano()
        : event.getTime() == null ? 0 : event.getTime() * 1_000_000_000L;
    String containerId = event.getActor() != null && event.getActor().getId() != null ? event.getActor().getId()
        : event.getId();
    String key = event.getAction() + "/" + containerId;
    // Replayed after a resubscription: skip what was already handled.
    if (timeNano < lastTimeNano || (timeNano == lastTimeNano && !seenAtLastTime.add(key))) {
      return;
    }
    if (timeNano > lastTimeNano) {
      lastTimeNano = timeNano;
      seenAtLastTime.clear();
      seenAtLastTime.add(key);
    }
    Map<String, String> attributes = event.getActor() == null || event.getActor().getAttributes() == null
        ? Map.of() : event.getActor().getAttributes();
    String action = String.valueOf(event.getAction());
    String agent = attributes.get(DockerLabels.AGENT);
    if (containerId == null || agent == null || !AgentIds.isValid(agent)) {
      return;
    }
    String name = attributes.getOrDefault("name", Recreator.shortId(containerId));
    switch (action) {
      case "oom": {
        classifier.classify(action, containerId, attributes, timeNano);
        long round = oom.notified(containerId, agent, name, timeNano);
        if (round > 0) {
          submit(() -> {
            if (!closed) {
              deliverKills(oom.settle(containerId, round, () -> false));
            }
          }, TimeUnit.MILLISECONDS.toNanos(OOM_SETTLE_MILLIS));
        }
        return;
      }
      case "die": {
        boolean failed = EventClassifier.exitCode(attributes) != 0;
        if (oom.isOpen(containerId)) {
          deliverKills(oom.settle(containerId, () -> failed && oomKilled(containerId)));
        }
        if (failed && oom.diedFromUncountedOom(containerId, () -> oomKilled(containerId))) {
          deliverKills(new OomAccounting.Settled(agent, containerId, name, Instant.ofEpochSecond(0, timeNano), 1, 0,
              false));
        } else if (!failed) {
          oom.diedFromUncountedOom(containerId, () -> false);
        }
        break;
      }
      case "destroy":
        oom.forget(containerId);
        if (cgroups != null) {
          cgroups.forget(containerId);
        }
        break;
      default:
        break;
    }
    ContainerEvent typed = classifier.classify(action, containerId, attributes, timeNano);
    if (typed != null) {
      deliver(typed);
    }
  }

  /** Reports the kills of a settled round: counted for the agent, one {@link OomKilled} event per kill. */
  private void deliverKills(OomAccounting.@Nullable Settled settled) {
    if (settled == null || settled.kills() == 0) {
      return;
    }
    oomKills.computeIfAbsent(settled.agentId(), k -> new AtomicLong()).addAndGet(settled.kills());
    log.info("agent {}: {} OOM kill(s) in container {} ({} notification(s), {})", settled.agentId(), settled.kills(),
        settled.containerName(), settled.notifications(),
        settled.counted() ? "counted by its cgroup" : "cgroup counter not readable");
    for (long i = 0; i < settled.kills(); i++) {
      deliver(new OomKilled(settled.agentId(), settled.containerId(), settled.containerName(),
          settled.firstNotified()));
    }
  }

  /** Whether the engine marks the container as killed by the OOM killer (its state's {@code OOMKilled}). */
  private boolean oomKilled(String containerId) {
    try {
      return Boolean.TRUE.equals(engine.call("inspect container " + Recreator.shortId(containerId),
          () -> requests.inspectContainerCmd(containerId).exec()).getState().getOOMKilled());
    } catch (RuntimeException unknown) {
      log.debug("could not tell whether container {} was OOM-killed", Recreator.shortId(containerId), unknown);
      return false;
    }
  }

  private void deliver(ContainerEvent typed) {
    log.warn("agent {}: {}", typed.agentId(), typed);
    for (ContainerEventListener l : listeners) {
      try {
        l.onEvent(typed);
      } catch (RuntimeException e) {
        log.warn("container event listener {} failed on {}", l, typed, e);
      }
    }
  }

  private void ended(Subscription s, @Nullable Throwable error) {
    if (closed || s != current) {
      return;
    }
    if (error != null) {
      log.info("Docker event stream failed ({}); reconnecting", Engine.rootMessage(error));
    } else {
      log.info("Docker event stream ended; reconnecting");
    }
    retryLater();
  }

  private void submit(Runnable task, long delayNanos) {
    try {
      executor.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      if (!closed) {
        throw e;
      }
    }
  }

  private static long epochNanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  /** The engine's {@code since}: seconds with a nine-digit fraction. */
  static String formatSince(long epochNano) {
    return (epochNano / 1_000_000_000L) + "." + String.format("%09d", epochNano % 1_000_000_000L);
  }

  /** Ends the stream and the watcher thread. Idempotent. */
  @Override
  public void close() {
    closed = true;
    Subscription s = current;
    if (s != null) {
      s.closeQuietly();
    }
    executor.shutdownNow();
  }

  /** One subscription to the stream; its callbacks arrive on docker-java's streaming thread. */
  private final class Subscription extends ResultCallback.Adapter<Event> {
    volatile boolean ended;

    @Override
    public void onNext(Event event) {
      submit(() -> handle(this, event), 0);
    }

    @Override
    public void onError(Throwable throwable) {
      finish(throwable);
    }

    @Override
    public void onComplete() {
      finish(null);
    }

    private void finish(@Nullable Throwable error) {
      if (ended) {
        return;
      }
      ended = true;
      submit(() -> ended(this, error), 0);
      releaseQuietly();
    }

    void closeQuietly() {
      ended = true;
      releaseQuietly();
    }

    /** Closes the HTTP stream; without the adapter's own error handling, which logs a restart as an error. */
    private void releaseQuietly() {
      try {
        close();
      } catch (java.io.IOException | RuntimeException e) {
        log.debug("closing the Docker event stream failed", e);
      }
    }
  }
}
