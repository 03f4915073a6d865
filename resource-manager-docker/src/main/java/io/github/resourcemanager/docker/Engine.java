package io.github.resourcemanager.docker;

import com.github.dockerjava.api.exception.DockerException;
import java.util.function.Supplier;

/** Runs engine calls and sorts their failures into "the engine refused" and "the engine is unreachable". */
final class Engine {
  private Engine() {}

  /**
   * Runs {@code call}. An answer with an error status stays a {@link DockerException} (the engine refused); any
   * other failure (connection refused, timeout, broken stream) becomes an {@link EngineUnreachableException}.
   */
  static <T> T call(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (DockerException e) {
      throw e;
    } catch (RuntimeException e) {
      if (staleConnection(e)) {
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

  /** Like {@link #call(String, Supplier)} for calls without a result. */
  static void run(String what, Runnable call) {
    call(what, () -> {
      call.run();
      return null;
    });
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
}
