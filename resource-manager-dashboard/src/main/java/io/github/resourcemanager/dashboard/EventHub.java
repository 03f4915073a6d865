package io.github.resourcemanager.dashboard;

import io.github.resourcemanager.monitor.Sample;
import io.github.resourcemanager.monitor.SampleListener;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

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
  private final CopyOnWriteArrayList<Client> clients = new CopyOnWriteArrayList<>();
  private final Object membership = new Object();
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong sent = new AtomicLong();
  private volatile boolean closed;

  EventHub(int maxClients) {
    this.maxClients = maxClients;
  }

  /** One watching page: the frames waiting to be written to it. */
  static final class Client {
    final ArrayBlockingQueue<Frame> frames = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
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

  /** Adds a page, or returns null when {@code maxClients} pages are already connected or the hub is closed. */
  Client register() {
    synchronized (membership) {
      if (closed || clients.size() >= maxClients) {
        return null;
      }
      Client client = new Client();
      clients.add(client);
      return client;
    }
  }

  void unregister(Client client) {
    synchronized (membership) {
      clients.remove(client);
    }
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
