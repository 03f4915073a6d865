package io.github.resourcemanager.alert;

import io.github.resourcemanager.internal.alert.Names;
import java.util.List;

/**
 * Counters of an {@link AlertPipeline}.
 *
 * @param evaluations samples evaluated
 * @param rules threshold rules evaluated per sample
 * @param activeAlerts pending and firing alerts now
 * @param silencedNotifications events not passed to any handler because a silence matched the alert
 * @param gaugeFailures gauge reads that threw, {@link Error}s included (counted as "no data")
 * @param gaugeTimeouts gauge reads that had not returned by the manager's callback timeout (counted as "no data"; the
 *     gauge is not read again until the call returns)
 * @param handlers each subscribed handler's counters, in subscription order
 */
public record AlertPipelineStats(long evaluations, int rules, int activeAlerts, long silencedNotifications,
    long gaugeFailures, long gaugeTimeouts, List<HandlerStats> handlers) {

  /** Copies the handler list. */
  public AlertPipelineStats {
    handlers = List.copyOf(handlers);
  }

  /**
   * The counters of the handler named {@code name}.
   *
   * @throws IllegalArgumentException if no handler has this name
   */
  public HandlerStats handler(String name) {
    for (HandlerStats h : handlers) {
      if (h.name().equals(name)) {
        return h;
      }
    }
    throw new IllegalArgumentException("no handler is named " + Names.quote(name) + "; handlers: "
        + handlers.stream().map(HandlerStats::name).toList());
  }
}
