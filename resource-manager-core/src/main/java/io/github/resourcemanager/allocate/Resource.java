package io.github.resourcemanager.allocate;

import io.github.resourcemanager.units.ByteSize;
import io.github.resourcemanager.units.CpuQuantity;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A kind of resource that agents request and that limits, quotas and shares are expressed in: {@link #CPU},
 * {@link #MEMORY}, {@link #OPEN_FILES}, {@link #THREADS}, {@link #ALLOCATION_RATE}, or one of your own defined by
 * name with {@link #count(String)}, {@link #bytes(String)} or {@link #cpu(String)}, such as
 * {@code Resource.count("example.com/gpu")}.
 *
 * <p>Every amount is a whole, non-negative {@code long} in the resource's base unit (see {@link #unitName()}):
 * millicores for CPU, bytes for memory, a count otherwise. Resources are interned by name, like
 * {@link io.github.resourcemanager.monitor.Metric}, and carry a small dense {@link #index()} so vectors of amounts are
 * plain arrays. Immutable and thread-safe.
 */
public final class Resource implements Comparable<Resource> {

  /** How a resource's amounts are written and read. */
  private enum Kind {
    /** Millicores, written the Kubernetes way ({@code 500m}, {@code 2}); see {@link CpuQuantity}. */
    CPU,
    /** Bytes, written the Kubernetes way ({@code 512Mi}) or the Docker way ({@code 512m}); see {@link ByteSize}. */
    BYTES,
    /** A plain count ({@code 1024}). */
    COUNT
  }

  private static final ConcurrentHashMap<String, Resource> BY_NAME = new ConcurrentHashMap<>();
  private static final List<Resource> BY_INDEX = Collections.synchronizedList(new ArrayList<>());

  /** CPU time, in millicores (1000 = one core busy all the time). */
  public static final Resource CPU = define("cpu", Kind.CPU);
  /** Memory, in bytes. */
  public static final Resource MEMORY = define("memory", Kind.BYTES);
  /** Open files (file descriptors), a count. */
  public static final Resource OPEN_FILES = define("open-files", Kind.COUNT);
  /** Threads, a count. */
  public static final Resource THREADS = define("threads", Kind.COUNT);
  /** Heap allocation rate, bytes per second (what in-JVM agents can be measured by, having no memory of their own). */
  public static final Resource ALLOCATION_RATE = define("allocation-rate", Kind.BYTES);

  private final String name;
  private final Kind kind;
  private final int index;

  private Resource(String name, Kind kind, int index) {
    this.name = name;
    this.kind = kind;
    this.index = index;
  }

  /**
   * The resource with this name counted in whole units, written as plain numbers ({@code 2}), as Kubernetes'
   * extended resources such as {@code example.com/gpu}; defined on first use.
   *
   * @param name 1 to 63 characters: lowercase letters, digits and {@code . - _ /}, starting with a letter
   *     (Kubernetes-style names such as {@code example.com/gpu} are allowed)
   * @throws IllegalArgumentException if the name is malformed or already defined as bytes or CPU
   */
  public static Resource count(String name) {
    return define(name, Kind.COUNT);
  }

  /**
   * The resource with this name measured in bytes, written the Kubernetes way ({@code 512Mi}) or the Docker way
   * ({@code 512m}, see {@link ByteSize}); defined on first use.
   *
   * @param name as for {@link #count(String)}
   * @throws IllegalArgumentException if the name is malformed or already defined as a count or CPU
   */
  public static Resource bytes(String name) {
    return define(name, Kind.BYTES);
  }

  /**
   * The resource with this name measured in millicores, written the Kubernetes way ({@code 500m}, {@code 1.5}, see
   * {@link CpuQuantity}); defined on first use.
   *
   * @param name as for {@link #count(String)}
   * @throws IllegalArgumentException if the name is malformed or already defined as a count or bytes
   */
  public static Resource cpu(String name) {
    return define(name, Kind.CPU);
  }

  private static Resource define(String name, Kind kind) {
    Objects.requireNonNull(name, "name");
    validateName(name);
    Resource existing = BY_NAME.get(name);
    if (existing == null) {
      synchronized (BY_INDEX) {
        existing = BY_NAME.get(name);
        if (existing == null) {
          Resource created = new Resource(name, kind, BY_INDEX.size());
          BY_INDEX.add(created);
          BY_NAME.put(name, created);
          return created;
        }
      }
    }
    if (existing.kind != kind) {
      throw new IllegalArgumentException("resource \"" + name + "\" already exists with kind " + existing.kind
          + "; cannot redefine it with kind " + kind);
    }
    return existing;
  }

  /** The resource with this name, if defined. */
  public static Optional<Resource> find(String name) {
    return Optional.ofNullable(BY_NAME.get(Objects.requireNonNull(name, "name")));
  }

  /**
   * The resource with this name.
   *
   * @throws IllegalArgumentException if no resource has this name; the message lists the known names
   */
  public static Resource named(String name) {
    Resource resource = BY_NAME.get(Objects.requireNonNull(name, "name"));
    if (resource == null) {
      throw new IllegalArgumentException("unknown resource \"" + name + "\"; known resources: " + knownNames());
    }
    return resource;
  }

  /** Every resource defined so far, in index order. */
  public static List<Resource> all() {
    synchronized (BY_INDEX) {
      return List.copyOf(BY_INDEX);
    }
  }

  static Resource byIndex(int index) {
    return BY_INDEX.get(index);
  }

  /** The names of all resources, comma-separated, for messages. */
  static String knownNames() {
    StringBuilder sb = new StringBuilder();
    for (Resource r : all()) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(r.name);
    }
    return sb.toString();
  }

  private static void validateName(String name) {
    boolean ok = !name.isEmpty() && name.length() <= 63 && name.charAt(0) >= 'a' && name.charAt(0) <= 'z';
    for (int i = 0; ok && i < name.length(); i++) {
      char c = name.charAt(i);
      ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_' || c == '/';
    }
    if (!ok) {
      throw new IllegalArgumentException("resource name \"" + name + "\""
          + " is not allowed; use 1 to 63 lowercase letters, digits and . - _ /, starting with a letter");
    }
  }

  /** The resource's name, e.g. {@code cpu}. */
  public String name() {
    return name;
  }

  /** A small dense number, unique to this resource within the JVM, used to index arrays. */
  public int index() {
    return index;
  }

  /** The name of the base unit of amounts: {@code millicores}, {@code bytes} or {@code count}. */
  public String unitName() {
    return switch (kind) {
      case CPU -> "millicores";
      case BYTES -> "bytes";
      case COUNT -> "count";
    };
  }

  /**
   * Writes an amount the Kubernetes way: {@code 500m} or {@code 2} for CPU, {@code 512Mi} for bytes, the number
   * for counts.
   *
   * @throws IllegalArgumentException if {@code amount} is negative
   */
  public String format(long amount) {
    return switch (kind) {
      case CPU -> CpuQuantity.ofMillicores(amount).toString();
      case BYTES -> ByteSize.ofBytes(amount).toString();
      case COUNT -> {
        if (amount < 0) {
          throw new IllegalArgumentException(name + " amount must not be negative, was " + amount);
        }
        yield Long.toString(amount);
      }
    };
  }

  /**
   * Reads an amount: CPU with {@link CpuQuantity#parse} ({@code 500m}, {@code 1.5}), bytes with
   * {@link ByteSize#parse} ({@code 512Mi}, {@code 2GB}), counts as a whole non-negative number in ASCII digits
   * (surrounding whitespace ignored; no sign, no exponent).
   *
   * @throws IllegalArgumentException if the text is not an amount of this resource; the message names the resource
   */
  public long parse(String text) {
    Objects.requireNonNull(text, "text");
    return switch (kind) {
      case CPU -> CpuQuantity.parse(text).millicores();
      case BYTES -> ByteSize.parse(text).bytes();
      case COUNT -> {
        long count = wholeCount(text);
        if (count < 0) {
          throw new IllegalArgumentException(name + " amount \"" + text + "\""
              + " is not allowed; use a whole number from 0 to " + Long.MAX_VALUE + " in ASCII digits");
        }
        yield count;
      }
    };
  }

  /**
   * A whole number from 0 to {@code Long.MAX_VALUE} in ASCII digits, surrounding whitespace ignored, no sign; -1 if
   * {@code text} is not one. ({@code Long.parseLong} would also read other scripts' digits, "\u0661" as 1.)
   */
  static long wholeCount(String text) {
    String t = text.strip();
    if (t.isEmpty() || t.length() > 19) {
      return -1;
    }
    for (int i = 0; i < t.length(); i++) {
      if (t.charAt(i) < '0' || t.charAt(i) > '9') {
        return -1;
      }
    }
    try {
      return Long.parseLong(t);
    } catch (NumberFormatException beyondLong) {
      return -1;
    }
  }

  /** Orders resources by index (definition order): cpu, memory, open-files, threads, allocation-rate, then others. */
  @Override
  public int compareTo(Resource other) {
    return Integer.compare(index, other.index);
  }

  @Override
  public String toString() {
    return name;
  }
}
