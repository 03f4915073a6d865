package io.github.resourcemanager.internal.allocate;

import io.github.resourcemanager.allocate.AllocationEvent;
import io.github.resourcemanager.allocate.ResourcePool;
import io.github.resourcemanager.allocate.Shares;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Records a pool's events and, when they change, its shares, for assertions. */
final class EventLog implements Consumer<AllocationEvent> {
  final List<AllocationEvent> events = new ArrayList<>();
  final List<Shares> shares = new ArrayList<>();
  private ResourcePool pool;

  /** Listens to {@code pool}: its events go to {@link #events}, its new shares to {@link #shares}. */
  void listenTo(ResourcePool pool) {
    this.pool = pool;
    pool.addListener(this);
  }

  @Override
  public synchronized void accept(AllocationEvent event) {
    if (event.type() == AllocationEvent.Type.SHARES_CHANGED) {
      shares.add(pool.shares());
    } else {
      events.add(event);
    }
  }

  /** Events as "TYPE agent: message" (agent omitted when none). */
  synchronized List<String> lines() {
    List<String> out = new ArrayList<>();
    for (AllocationEvent e : events) {
      out.add(e.type() + (e.agentId() == null ? "" : " " + e.agentId()) + ": " + e.message());
    }
    return out;
  }

  /** Events of one type, as lines. */
  synchronized List<String> lines(AllocationEvent.Type type) {
    List<String> out = new ArrayList<>();
    for (AllocationEvent e : events) {
      if (e.type() == type) {
        out.add((e.agentId() == null ? "" : e.agentId() + ": ") + e.message());
      }
    }
    return out;
  }

  synchronized void clear() {
    events.clear();
    shares.clear();
  }
}
