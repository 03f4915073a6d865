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

/**
 * Watches the engine's event stream for agent containers and delivers {@link OomKilled} and {@link UnexpectedExit}
 * events to listeners; also counts OOM kills per agent for {@link DockerStatsSource}.
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
  private final Clock clock;
  private final long initialDelayNanos;
  private final long maxDelayNanos;
  private final ScheduledExecutorService executor;
  private final CopyOnWriteArrayList<ContainerEventListener> listeners = new CopyOnWriteArrayList<>();
  private final ConcurrentHashMap<String, AtomicLong> oomKills = new ConcurrentHashMap<>();
  private final AtomicLong subscriptions = new AtomicLong();
  private final EventClassifier classifier = new EventClassifier();

  // Watcher-thread state.
  private long delayNanos;
  private long lastTimeNano;
  private final Set<String> seenAtLastTime = new HashSet<>();
  private long subscribedAtNano;
  private Subscription current;
  private volatile boolean closed;
  private volatile boolean started;

  ContainerEvents(DockerConnection connection) {
    this.requests = connection.client();
    this.streams = connection.streamingClient();
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

  /** OOM kills seen in the agent's containers since watching began. */
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
      requests.pingCmd().exec();
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
    ContainerEvent typed = classifier.classify(String.valueOf(event.getAction()), containerId, attributes, timeNano);
    if (typed == null) {
      return;
    }
    if (typed instanceof OomKilled) {
      oomKills.computeIfAbsent(typed.agentId(), k -> new AtomicLong()).incrementAndGet();
    }
    log.warn("agent {}: {}", typed.agentId(), typed);
    for (ContainerEventListener l : listeners) {
      try {
        l.onEvent(typed);
      } catch (RuntimeException e) {
        log.warn("container event listener {} failed on {}", l, typed, e);
      }
    }
  }

  private void ended(Subscription s, Throwable error) {
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

    private void finish(Throwable error) {
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
