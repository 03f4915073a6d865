package io.github.resourcemanager.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether standard output and standard error are terminals, which decides between redrawing in place (cursor
 * movement, carriage returns) and plain lines that read well in a file or a pipe.
 *
 * <p>On Linux the answer comes from what file descriptors 1 and 2 are open on ({@code /proc/self/fd}): a terminal
 * device ({@code /dev/pts/N}, {@code /dev/ttyN}, {@code /dev/console}) or anything else. Elsewhere
 * {@link System#console()} stands in for both. {@code TERM=dumb} means no terminal features whatever the device.
 */
record Terminals(boolean stdout, boolean stderr) {

  /** Neither is a terminal: what commands run in this JVM by tests see. */
  static final Terminals NONE = new Terminals(false, false);

  /** The process's own standard output and error. */
  static Terminals detect() {
    if ("dumb".equals(System.getenv("TERM"))) {
      return NONE;
    }
    Path fds = Path.of("/proc/self/fd");
    if (Files.isDirectory(fds)) {
      return new Terminals(isTerminalDevice(fds.resolve("1")), isTerminalDevice(fds.resolve("2")));
    }
    boolean console = System.console() != null;
    return new Terminals(console, console);
  }

  private static boolean isTerminalDevice(Path fd) {
    try {
      String target = Files.readSymbolicLink(fd).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return false;
    }
  }
}
