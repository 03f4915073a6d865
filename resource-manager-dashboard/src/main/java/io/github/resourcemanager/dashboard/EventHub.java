package io.github.resourcemanager.dashboard;

import io.github.resourcemanager.monitor.Sample;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import io.github.resourcemanager.monitor.SampleListener;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Hands each sample to the pages that are watching. As a monitor listener it runs on the monitor thread and never
 * blocks there: with no page connected it returns at once; otherwise it copies a {@link Frame} and offers it to each
 * page's bounded queue, dropping that page's oldest frame when the page has fallen behind (counted). The pages'
 * writers, on server threads, take the frames and write them. Thread-safe.
 */
final class EventHub implements SampleListener {

  /** Frames a page may fall behind by before its oldest is dropped: a minute at a 1 s interval. */
  static final int QUEUE_CAPACITY = 64;

  private final int maxClients;
  private final int maxPerAddress;
  private final CopyOnWriteArrayList<Client> clients = new CopyOnWriteArrayList<>();
  private final Map<InetAddress, Integer> perAddress = new HashMap<>(); // guarded by membership
  private final AtomicLong streamsRefused = new AtomicLong();
  private final Object membership = new Object();
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong sent = new AtomicLong();
  private volatile boolean closed;

  EventHub(int maxClients, int maxPerAddress) {
    this.maxClients = maxClients;
    this.maxPerAddress = maxPerAddress;
  }

  /** Why a page was not registered. */
  enum Refusal { NONE, TOO_MANY_PAGES, TOO_MANY_FROM_CLIENT, CLOSED }

  /** One watching page: the frames waiting to be written to it. */
  static final class Client {
    final ArrayBlockingQueue<Frame> frames = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    final InetAddress address;

    Client(InetAddress address) {
      this.address = address;
    }
  }

  @Override
  public void onSample(Sample sample) {
    if (closed || clients.isEmpty()) {
      return; // nobody watches: no copy, no allocation
    }
    Frame frame = Frame.of(sample);
    for (Client client : clients) {
      while (!client.frames.offer(frame)) {
        if (client.frames.poll() != null) {
          dropped.incrementAndGet();
        }
      }
    }
    published.incrementAndGet();
  }

  /** Adds a page of a client at {@code address}, or returns null when {@link #refusal} says it may not. */
  @Nullable Client register(InetAddress address) {
    synchronized (membership) {
      if (refusal(address) != Refusal.NONE) {
        if (!closed) {
          streamsRefused.incrementAndGet();
        }
        return null;
      }
      Client client = new Client(address);
      clients.add(client);
      perAddress.merge(address, 1, Integer::sum);
      return client;
    }
  }

  /** Whether a page of a client at {@code address} may be added now, and if not, why. */
  Refusal refusal(InetAddress address) {
    synchronized (membership) {
      if (closed) {
        return Refusal.CLOSED;
      }
      if (perAddress.getOrDefault(address, 0) >= maxPerAddress) {
        return Refusal.TOO_MANY_FROM_CLIENT;
      }
      return clients.size() >= maxClients ? Refusal.TOO_MANY_PAGES : Refusal.NONE;
    }
  }

  void unregister(Client client) {
    synchronized (membership) {
      if (clients.remove(client)) {
        perAddress.computeIfPresent(client.address, (a, n) -> n == 1 ? null : n - 1);
      }
    }
  }

  long streamsRefused() {
    return streamsRefused.get();
  }

  /** Tells every page's writer to finish; later samples are ignored. */
  void close() {
    synchronized (membership) {
      closed = true;
      for (Client client : clients) {
        client.frames.clear();
        client.frames.offer(Frame.END);
      }
    }
  }

  void countSent() {
    sent.incrementAndGet();
  }

  int clients() {
    return clients.size();
  }

  long published() {
    return published.get();
  }

  long dropped() {
    return dropped.get();
  }

  long sent() {
    return sent.get();
  }
}
