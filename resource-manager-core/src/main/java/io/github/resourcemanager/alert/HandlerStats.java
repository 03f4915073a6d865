package io.github.resourcemanager.alert;

import org.jspecify.annotations.Nullable;

/**
 * Counters of one subscribed handler. Every event received is counted exactly once as delivered, failed, rate
 * limited or overflowed, once it has left the handler's queue: {@code received = delivered + failed + rateLimited
 * + overflowed + queued (+ 1 while the handler is handling one)}. Rate-limited and overflowed events are not
 * delivered later; the pipeline logs how many a handler missed once it can receive events again.
 *
 * @param name the handler's name
 * @param received events that passed the handler's minimum severity and label matchers, and no silence
 * @param delivered events the handler returned from normally
 * @param failed events the handler threw on
 * @param rateLimited events left out because the handler's rate limit was exhausted
 * @param overflowed events left out because the handler's queue was full
 * @param queued events waiting in its queue now
 * @param lastFailure the last exception the handler threw, as {@code Throwable.toString()}, or null if none
 */
public record HandlerStats(String name, long received, long delivered, long failed, long rateLimited, long overflowed,
    int queued, @Nullable String lastFailure) {

  /** Whether every event received has been dealt with: none is queued or being handled. */
  public boolean isSettled() {
    return received == delivered + failed + rateLimited + overflowed;
  }
}
