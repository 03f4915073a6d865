package io.github.resourcemanager.docker;

import com.github.dockerjava.api.exception.DockerException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs requests to the engine under the request timeout, and sorts their failures into "the engine refused" and
 * "the engine is unreachable".
 *
 * <p>The timeout is enforced here, not by the HTTP transport: on the default {@code unix://} address docker-java
 * reads from a blocking {@link java.nio.channels.SocketChannel}, which ignores socket timeouts, so an engine that
 * accepts a connection and never answers would hold the caller (and any lock it holds) forever. Each request runs
 * on a worker thread; the caller waits at most the timeout, then interrupts the worker, which closes the channel
 * (an interrupted channel read ends with {@code ClosedByInterruptException}) and frees the worker. The whole
 * request is bounded: connecting, sending, waiting for the answer and reading its body.
 *
 * <p>Thread-safe. Workers are daemon threads named {@code rm-docker-request-N}, at most {@value #MAX_WORKERS} at a
 * time; a request beyond that fails at once as unreachable rather than queue behind hung ones.
 */
final class Engine implements AutoCloseable {
  static final int MAX_WORKERS = 64;

  private final long timeoutNanos;
  private final ThreadPoolExecutor workers;

  Engine(Duration requestTimeout) {
    this.timeoutNanos = requestTimeout.toNanos();
    AtomicInteger n = new AtomicInteger();
    this.workers = new ThreadPoolExecutor(0, MAX_WORKERS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
      Thread t = new Thread(r, "rm-docker-request-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** The request timeout. */
  Duration timeout() {
    return Duration.ofNanos(timeoutNanos);
  }

  /**
   * Runs {@code call} within the request timeout. An answer with an error status stays a {@link DockerException}
   * (the engine refused); no answer within the timeout, and any other failure (connection refused, broken stream),
   * becomes an {@link EngineUnreachableException} whose message says what was being tried.
   */
  <T> T call(String what, Supplier<T> call) {
    Future<T> result;
    try {
      result = workers.submit(() -> attempt(what, call));
    } catch (RejectedExecutionException e) {
      throw new EngineUnreachableException("Docker engine unreachable while trying to " + what + ": "
          + (workers.isShutdown() ? "the connection is closed" : MAX_WORKERS + " earlier requests are still waiting "
          + "for it"), e);
    }
    try {
      return result.get(timeoutNanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      result.cancel(true); // interrupts the worker's channel read, which closes that connection
      throw new EngineUnreachableException("Docker engine did not answer within " + describe(timeout())
          + " while trying to " + what, e);
    } catch (InterruptedException e) {
      result.cancel(true);
      Thread.currentThread().interrupt();
      throw new EngineUnreachableException("interrupted while waiting for the Docker engine to " + what, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      Throwable reported = cause == null ? e : cause;
      throw new EngineUnreachableException("Docker engine unreachable while trying to " + what + ": "
          + rootMessage(reported), reported);
    }
  }

  /** Like {@link #call(String, Supplier)} for calls without a result. */
  void run(String what, Runnable call) {
    call(what, () -> {
      call.run();
      return null;
    });
  }

  private static <T> T attempt(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (DockerException e) {
      throw e;
    } catch (RuntimeException e) {
      if (staleConnection(e) && !Thread.currentThread().isInterrupted()) {
        // A pooled connection from before an engine restart: the request never reached the engine. Once more.
        try {
          return call.get();
        } catch (DockerException again) {
          throw again;
        } catch (RuntimeException again) {
          throw new EngineUnreachableException("Docker engine unreachable while trying to " + what + ": "
              + rootMessage(again), again);
        }
      }
      throw new EngineUnreachableException("Docker engine unreachable while trying to " + what + ": " + rootMessage(e), e);
    }
  }

  /** Whether the failure is a pooled connection the engine closed (it restarted), not an engine that is down. */
  static boolean staleConnection(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      String m = c.getMessage() == null ? "" : c.getMessage();
      String type = c.getClass().getSimpleName();
      if (m.contains("Broken pipe") || m.contains("Connection reset") || type.equals("NoHttpResponseException")
          || type.equals("ConnectionClosedException")) {
        return true;
      }
    }
    return false;
  }

  /** The engine's own message of a refusal, on one line, without docker-java's JSON wrapping. */
  static String refusal(DockerException e) {
    String m = e.getMessage() == null ? "" : e.getMessage();
    int i = m.indexOf("\"message\":\"");
    if (i >= 0) {
      int start = i + "\"message\":\"".length();
      int end = m.indexOf('"', start);
      m = end > start ? m.substring(start, end) : m.substring(start);
    }
    m = m.replace('\n', ' ').trim();
    return "HTTP " + e.getHttpStatus() + ": " + m;
  }

  static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = root.getMessage();
    return root.getClass().getSimpleName() + (m == null ? "" : ": " + m.replace('\n', ' '));
  }

  /** {@code 60 s}, {@code 1.5 s}, {@code 250 ms}. */
  static String describe(Duration d) {
    long millis = d.toMillis();
    if (millis % 1000 == 0) {
      return millis / 1000 + " s";
    }
    return millis >= 1000 ? millis / 1000.0 + " s" : millis + " ms";
  }

  /** Stops the workers; requests still running are interrupted. */
  @Override
  public void close() {
    workers.shutdownNow();
  }
}
