package io.github.resourcemanager.allocate;

import io.github.resourcemanager.units.ByteSize;
import io.github.resourcemanager.units.CpuQuantity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * Amounts of some resources: {@code cpu=500m, memory=1Gi}. A resource that is absent has no amount, which means
 * "not specified" for requests and "unlimited" for limits and capacities; it is different from zero.
 *
 * <p>Amounts are whole, non-negative numbers in each resource's base unit (millicores, bytes, counts), so sums and
 * divisions are exact. Immutable and thread-safe; equal when the same resources have the same amounts.
 */
public final class ResourceVector {

  private static final long ABSENT = -1;
  private static final long[] NONE = new long[0];
  private static final ResourceVector EMPTY = new ResourceVector(NONE);

  // Indexed by Resource.index(); ABSENT where the resource has no amount. Trailing ABSENT entries are trimmed.
  private final long[] amounts;

  private ResourceVector(long[] amounts) {
    this.amounts = amounts;
  }

  /** A vector with no amounts. */
  public static ResourceVector empty() {
    return EMPTY;
  }

  /**
   * A vector with one amount, in the resource's base unit (millicores, bytes, a count).
   *
   * @throws NullPointerException if {@code resource} is null
   * @throws IllegalArgumentException if {@code amount} is negative
   */
  public static ResourceVector of(Resource resource, long amount) {
    return EMPTY.with(resource, amount);
  }

  /**
   * A vector with one amount read from text by {@link Resource#parse}: {@code of(Resource.CPU, "500m")},
   * {@code of(Resource.MEMORY, "1Gi")}.
   *
   * @throws NullPointerException if {@code resource} is null
   * @throws IllegalArgumentException if the text is not an amount of the resource; the message names the resource
   */
  public static ResourceVector of(Resource resource, String amount) {
    return EMPTY.with(resource, amount);
  }

  /** A vector of {@code raw}'s amounts (ABSENT: none, trailing ones trimmed); the array is copied. */
  private static ResourceVector ofRaw(long[] raw) {
    int length = raw.length;
    while (length > 0 && raw[length - 1] == ABSENT) {
      length--;
    }
    return length == 0 ? EMPTY : new ResourceVector(Arrays.copyOf(raw, length));
  }

  /** The amount at {@code index}, or {@link #ABSENT}. */
  private long raw(int index) {
    return index < amounts.length ? amounts[index] : ABSENT;
  }

  /** Whether this vector has an amount of {@code resource}. */
  public boolean has(Resource resource) {
    return raw(resource.index()) != ABSENT;
  }

  /**
   * The amount of {@code resource}.
   *
   * @throws IllegalArgumentException if this vector has no amount of it
   */
  public long amount(Resource resource) {
    long v = raw(resource.index());
    if (v == ABSENT) {
      throw new IllegalArgumentException("no amount of " + resource + " in " + this);
    }
    return v;
  }

  /** The amount of {@code resource}, or {@code fallback} if this vector has none. */
  public long amountOr(Resource resource, long fallback) {
    long v = raw(resource.index());
    return v == ABSENT ? fallback : v;
  }

  /** The amount of {@code resource}, if any. */
  public OptionalLong find(Resource resource) {
    long v = raw(resource.index());
    return v == ABSENT ? OptionalLong.empty() : OptionalLong.of(v);
  }

  /** The CPU amount as a quantity, if any. */
  public java.util.Optional<CpuQuantity> cpu() {
    long v = raw(Resource.CPU.index());
    return v == ABSENT ? java.util.Optional.empty() : java.util.Optional.of(CpuQuantity.ofMillicores(v));
  }

  /** The memory amount as a size, if any. */
  public java.util.Optional<ByteSize> memory() {
    long v = raw(Resource.MEMORY.index());
    return v == ABSENT ? java.util.Optional.empty() : java.util.Optional.of(ByteSize.ofBytes(v));
  }

  /** The resources that have an amount, in index order. */
  public List<Resource> resources() {
    List<Resource> list = new ArrayList<>();
    for (int i = 0; i < amounts.length; i++) {
      if (amounts[i] != ABSENT) {
        list.add(Resource.byIndex(i));
      }
    }
    return list;
  }

  /** Whether no resource has an amount. */
  public boolean isEmpty() {
    return amounts.length == 0;
  }

  /**
   * This vector with the amount of {@code resource} set to {@code amount}, in the resource's base unit:
   * {@code ResourceVector.of(Resource.CPU, 500).with(Resource.THREADS, 50)}.
   *
   * @throws NullPointerException if {@code resource} is null
   * @throws IllegalArgumentException if {@code amount} is negative
   */
  public ResourceVector with(Resource resource, long amount) {
    Objects.requireNonNull(resource, "resource");
    if (amount < 0) {
      throw new IllegalArgumentException(resource + " amount must not be negative, was " + amount);
    }
    int i = resource.index();
    long[] copy = Arrays.copyOf(amounts, Math.max(amounts.length, i + 1));
    if (i >= amounts.length) {
      Arrays.fill(copy, amounts.length, i, ABSENT);
    }
    copy[i] = amount;
    return new ResourceVector(copy); // the last entry has an amount: nothing to trim
  }

  /**
   * This vector with the amount of {@code resource} read from text by {@link Resource#parse}:
   * {@code ResourceVector.of(Resource.CPU, "500m").with(Resource.MEMORY, "1Gi")}.
   *
   * @throws NullPointerException if {@code resource} is null
   * @throws IllegalArgumentException if the text is not an amount of the resource; the message names the resource
   */
  public ResourceVector with(Resource resource, String amount) {
    Objects.requireNonNull(resource, "resource");
    return with(resource, resource.parse(Objects.requireNonNull(amount, "amount")));
  }

  /** This vector without an amount of {@code resource}. */
  public ResourceVector without(Resource resource) {
    if (!has(resource)) {
      return this;
    }
    long[] copy = amounts.clone();
    copy[resource.index()] = ABSENT;
    return ofRaw(copy);
  }

  /**
   * This vector with the amounts of {@code other} added: a resource present in either is present in the result,
   * and absent counts as zero.
   *
   * @throws ArithmeticException if a sum exceeds {@code Long.MAX_VALUE}
   */
  public ResourceVector plus(ResourceVector other) {
    long[] sum = new long[Math.max(amounts.length, other.amounts.length)];
    for (int i = 0; i < sum.length; i++) {
      long a = raw(i);
      long b = other.raw(i);
      sum[i] = a == ABSENT ? b : b == ABSENT ? a : Math.addExact(a, b);
    }
    return ofRaw(sum);
  }

  /**
   * Whether every amount of this vector is at most the amount of the same resource in {@code limits}; resources
   * that {@code limits} lacks are unlimited.
   */
  public boolean fitsWithin(ResourceVector limits) {
    for (int i = 0; i < amounts.length; i++) {
      long limit = limits.raw(i);
      if (amounts[i] != ABSENT && limit != ABSENT && amounts[i] > limit) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ResourceVector other && Arrays.equals(amounts, other.amounts);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(amounts);
  }

  /** The amounts in index order, written the Kubernetes way: {@code cpu=500m, memory=1Gi}; {@code {}} if empty. */
  @Override
  public String toString() {
    if (amounts.length == 0) {
      return "{}";
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < amounts.length; i++) {
      if (amounts[i] != ABSENT) {
        if (sb.length() > 0) {
          sb.append(", ");
        }
        Resource r = Resource.byIndex(i);
        sb.append(r.name()).append('=').append(r.format(amounts[i]));
      }
    }
    return sb.toString();
  }
}
