package io.github.resourcemanager.allocate;

import java.util.ArrayList;
import java.util.List;

/** Records a pool's events and shares for assertions. */
final class EventLog implements AllocationListener {
  final List<AllocationEvent> events = new ArrayList<>();
  final List<Shares> shares = new ArrayList<>();

  @Override
  public synchronized void onShares(Shares s) {
    shares.add(s);
  }

  @Override
  public synchronized void onEvent(AllocationEvent event) {
    events.add(event);
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
