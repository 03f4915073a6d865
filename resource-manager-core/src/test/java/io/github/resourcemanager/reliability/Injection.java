package io.github.resourcemanager.reliability;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Faults injected into callbacks: throwables of every kind, and calls that block until released. */
final class Injection {

  private Injection() {}

  /**
   * One of each kind of throwable a callback may throw: an exception, and the errors the JVM survives (assertion,
   * stack overflow, out of memory, a class that failed to load or initialize). Each test makes them afresh.
   */
  static Stream<Arguments> throwables() {
    return Stream.of(
        Arguments.of("RuntimeException", (Fault) () -> new IllegalStateException("injected")),
        Arguments.of("AssertionError", (Fault) () -> new AssertionError("injected")),
        Arguments.of("StackOverflowError", (Fault) () -> new StackOverflowError("injected")),
        Arguments.of("OutOfMemoryError", (Fault) () -> new OutOfMemoryError("injected")),
        Arguments.of("NoClassDefFoundError", (Fault) () -> new NoClassDefFoundError("injected")),
        Arguments.of("ExceptionInInitializerError", (Fault) () -> new ExceptionInInitializerError("injected")));
  }

  /** Makes the throwable to inject. */
  @FunctionalInterface
  interface Fault {
    Throwable make();

    /** Throws a new one from code that declares no checked exception. */
    default RuntimeException raise() {
      throw Injection.<RuntimeException>sneaky(make());
    }
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> T sneaky(Throwable t) throws T {
    throw (T) t;
  }

  /** A call that blocks until {@link #release()}, ignoring interruption, as a hung call into a remote system would. */
  static final class Blocker {
    private final CountDownLatch released = new CountDownLatch(1);
    private final CountDownLatch entered = new CountDownLatch(1);
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger returned = new AtomicInteger();
    private volatile int blockOnCall = 1;

    /** Blocks from call {@code n} on (the calls before return at once). */
    Blocker fromCall(int n) {
      blockOnCall = n;
      return this;
    }

    /** The callback's body. */
    void call() {
      int n = calls.incrementAndGet();
      try {
        if (n >= blockOnCall) {
          entered.countDown();
          boolean interrupted = false;
          while (true) {
            try {
              released.await();
              break;
            } catch (InterruptedException e) {
              interrupted = true; // a hung remote call does not care either
            }
          }
          if (interrupted) {
            Thread.currentThread().interrupt();
          }
        }
      } finally {
        returned.incrementAndGet();
      }
    }

    /** Waits (real time) until a call is blocked. */
    void awaitBlocked(Duration timeout) throws InterruptedException {
      if (!entered.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("no call blocked within " + timeout);
      }
    }

    void release() {
      released.countDown();
    }

    int calls() {
      return calls.get();
    }

    int returned() {
      return returned.get();
    }
  }

  /** Runs {@code action} and returns how long it took, in milliseconds of real time. */
  static long millis(Runnable action) {
    long start = System.nanoTime();
    action.run();
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }
}
