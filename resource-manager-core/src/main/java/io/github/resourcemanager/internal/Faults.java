package io.github.resourcemanager.internal;

/**
 * Which failures of user code and pluggable parts the library contains, and which it lets through.
 *
 * <p>Contained (caught, counted in the statistics of the part that threw, logged once per run of failures): every
 * {@link Throwable} except {@link InternalError} and {@link UnknownError}, the JVM's own report that it is broken.
 * That includes {@link StackOverflowError} (the stack has unwound to the library's frame, the thread is sound),
 * {@link LinkageError}, {@link AssertionError} and {@link OutOfMemoryError}: a monitor that died at the first
 * {@code OutOfMemoryError} would fall silent exactly when memory alerts matter, and the JVM's own
 * {@code -XX:+ExitOnOutOfMemoryError} and {@code -XX:+CrashOnOutOfMemoryError} act where the error is thrown, before
 * any catch, so they keep working. The fatal ones are counted too, then rethrown.
 */
public final class Faults {
  private Faults() {}

  /** Whether {@code t} is one the library lets through after counting it: the JVM reports itself broken. */
  public static boolean isFatal(Throwable t) {
    return t instanceof InternalError || t instanceof UnknownError;
  }

  /** Rethrows {@code t} if it {@linkplain #isFatal is fatal}; otherwise returns. */
  public static void rethrowIfFatal(Throwable t) {
    if (isFatal(t)) {
      throw (VirtualMachineError) t;
    }
  }

  /** {@code t.toString()}, or the class name if even that fails (an {@code OutOfMemoryError} may leave no room). */
  public static String describe(Throwable t) {
    try {
      return t.toString();
    } catch (Throwable again) {
      return t.getClass().getName();
    }
  }
}
