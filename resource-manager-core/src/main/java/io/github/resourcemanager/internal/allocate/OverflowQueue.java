package io.github.resourcemanager.internal.allocate;

import io.github.resourcemanager.Ticker;
import io.github.resourcemanager.allocate.AllocationEvent;
import io.github.resourcemanager.allocate.OverflowPolicy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The overflow queue: agents that do not fit yet wait here, at most {@code maxQueueSize} of them, and are admitted
 * as soon as they fit, highest priority first, then first come, first served, as Kubernetes' scheduling queue
 * (pkg/scheduler/framework/plugins/queuesort/priority_sort.go, {@code PrioritySort.Less}); with aging configured the
 * priority is the class's value plus the aging steps earned by waiting. An agent that does not fit yet is skipped,
 * and one that waited {@code maxWaitTime} is rejected. Queued agents count against their project's quota and their
 * gates stay closed. The agents themselves are in {@link PoolState#waiting}. Guarded by the pool's lock.
 */
final class OverflowQueue {

  private final OverflowPolicy policy;
  private final PoolState state;
  private final Enforcement enforcement;
  private final Outbox outbox;
  private final Ticker ticker;
  private long seq;

  OverflowQueue(OverflowPolicy policy, PoolState state, Enforcement enforcement, Outbox outbox, Ticker ticker) {
    this.policy = policy;
    this.state = state;
    this.enforcement = enforcement;
    this.outbox = outbox;
    this.ticker = ticker;
  }

  /** Whether agents queue at all (else those that do not fit are rejected at once). */
  boolean enabled() {
    return policy.enabled();
  }

  /** Whether the queue holds {@code maxQueueSize} agents. */
  boolean isFull() {
    return state.waiting.size() >= policy.maxQueueSize();
  }

  /** The most agents waiting at once. */
  int maxSize() {
    return policy.maxQueueSize();
  }

  /**
   * Queues an agent and closes its gate.
   *
   * @param fit what it lacks, for the event
   * @param charged whether its quota charge is already counted (a preempted agent's is)
   */
  void enqueue(Candidate c, AdmissionControl.Fit fit, boolean charged) {
    ProjectState p = state.project(c.spec().project());
    state.waiting.add(new Waiting(c, ticker.read(), ++seq));
    if (!charged) {
      QuotaCheck.charge(p, c.spec().resources(), 1); // queued agents count against the quota, as pending pods do
    }
    enforcement.gate(c.spec().id(), false);
    outbox.emit(AllocationEvent.Type.QUEUED, c.spec().id(), p.name, "waiting for " + fit.shortText() + ": " + fit.detail());
  }

  /** Removes a waiting agent that leaves, freeing its quota; returns whether it was waiting. */
  boolean leave(String agentId) {
    Waiting w = state.findWaiting(agentId);
    if (w == null) {
      return false;
    }
    state.waiting.remove(w);
    ProjectState p = state.projects.get(w.project());
    if (p != null) {
      QuotaCheck.charge(p, w.candidate().spec().resources(), -1);
      state.dropIfIdle(p);
    }
    outbox.emit(AllocationEvent.Type.LEFT, agentId, w.project(), "left the queue");
    return true;
  }

  /** The waiting agents in the order they would be released at {@code now}. */
  List<Waiting> releaseOrder(long now) {
    List<Waiting> order = new ArrayList<>(state.waiting);
    long interval = policy.agingInterval().toNanos();
    int step = policy.agingStep();
    order.sort(Comparator.<Waiting>comparingLong(w -> -effectivePriority(w, now, interval, step))
        .thenComparingLong(Waiting::seq));
    return order;
  }

  private static long effectivePriority(Waiting w, long now, long interval, int step) {
    long steps = Math.max(0, now - w.enqueuedNanos()) / interval;
    return w.candidate().priority() + Math.min(steps, Integer.MAX_VALUE) * step;
  }

  /** Admits the waiting agents that fit, in release order; rejects those that waited too long. */
  void serve(long now, AdmissionControl admission) {
    long maxWait = policy.maxWaitTime().toNanos();
    for (Waiting w : releaseOrder(now)) {
      Candidate c = w.candidate();
      AdmissionControl.Fit fit = admission.fit(c, List.of());
      long waited = now - w.enqueuedNanos();
      if (fit.ok()) {
        state.waiting.remove(w);
        admission.admitNow(c, true, "admitted after waiting " + waited / 1_000_000_000L + " s");
      } else if (waited >= maxWait) {
        state.waiting.remove(w);
        ProjectState p = state.projects.get(w.project());
        if (p != null) {
          QuotaCheck.charge(p, c.spec().resources(), -1);
          state.dropIfIdle(p);
        }
        outbox.emit(AllocationEvent.Type.REJECTED, w.id(), w.project(),
            "waited " + waited / 1_000_000_000L + " s for " + fit.shortText());
      }
    }
  }
}
