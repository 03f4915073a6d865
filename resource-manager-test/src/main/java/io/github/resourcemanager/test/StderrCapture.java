package io.github.resourcemanager.test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Captures what is written to {@code System.err} while it is open, for tests that assert what the library logged.
 * With slf4j-simple as the test's logging backend each line goes to whatever {@code System.err} is at that moment
 * (its default target is not cached), so replacing {@code System.err} with a tee sees every line without a logging
 * backend of our own; the lines still reach the original stream.
 *
 * <p>{@code System.err} is global: use it in tests that run one at a time, and look for lines naming something unique
 * to the test (an agent id, a listener's name), so output of other threads is not mistaken for the test's.
 *
 * <pre>{@code
 * try (StderrCapture log = new StderrCapture()) {
 *   ...
 *   assertThat(log.linesContaining("agent-7")).hasSize(1);
 * }
 * }</pre>
 */
public final class StderrCapture implements AutoCloseable {
  private final PrintStream original = System.err;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

  /** Starts capturing: {@code System.err} is replaced by a tee until {@link #close()}. */
  public StderrCapture() {
    OutputStream tee = new OutputStream() {
      @Override
      public void write(int b) {
        original.write(b);
        synchronized (captured) {
          captured.write(b);
        }
      }

      @Override
      public void write(byte[] b, int off, int len) {
        original.write(b, off, len);
        synchronized (captured) {
          captured.write(b, off, len);
        }
      }
    };
    System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
  }

  /** The lines logged so far that contain {@code text}. */
  public List<String> linesContaining(String text) {
    Objects.requireNonNull(text, "text");
    String all;
    synchronized (captured) {
      all = captured.toString(StandardCharsets.UTF_8);
    }
    return all.lines().filter(l -> l.contains(text)).toList();
  }

  /** Stops capturing: puts the original {@code System.err} back. */
  @Override
  public void close() {
    System.setErr(original);
  }
}
