package io.github.resourcemanager.docker;

import io.github.resourcemanager.units.ByteSize;
import io.github.resourcemanager.units.CpuQuantity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Which limits may be chosen, and the defaults of agents that chose none. Immutable and thread-safe; build with
 * {@link #custom()} or take {@link #ofDefaults()}.
 *
 * <table>
 *   <caption>Settings and their defaults</caption>
 *   <tr><th>setting</th><th>default</th></tr>
 *   <tr><td>allowedMemory</td><td>1g, 2g, 4g, 8g, 16g, 32g, 64g</td></tr>
 *   <tr><td>allowedCpus</td><td>1, 2, 4, 8, 16</td></tr>
 *   <tr><td>defaults</td><td>memory 4g, cpus 2, no process limit</td></tr>
 *   <tr><td>hostCpuRule</td><td>{@link HostCpuRule#REJECT}</td></tr>
 * </table>
 *
 * <p>A CPU value above the CPU count of the engine's host would make Docker refuse to create or update the
 * container, so it is never passed on: a requested value is rejected or clamped as {@link HostCpuRule} says, and
 * the defaults are always clamped (they are nobody's explicit choice, and must never keep a container from
 * starting).
 */
public final class LimitPolicy {

  /** What happens to a requested CPU limit above the CPU count of the engine's host. */
  public enum HostCpuRule {
    /** Refuse the change with a message naming the host's CPU count and the values allowed there. */
    REJECT,
    /** Lower the limit to the host's CPU count. */
    CLAMP
  }

  private final List<ByteSize> allowedMemory;
  private final List<CpuQuantity> allowedCpus;
  private final ContainerLimits defaults;
  private final HostCpuRule hostCpuRule;

  private LimitPolicy(Builder b) {
    this.allowedMemory = sortedDistinct("allowedMemory", b.allowedMemory);
    this.allowedCpus = sortedDistinct("allowedCpus", b.allowedCpus);
    if (b.defaults == null) {
      throw new IllegalArgumentException("defaults must not be null");
    }
    if (!allowedMemory.contains(b.defaults.memory())) {
      throw new IllegalArgumentException("defaults: memory " + b.defaults.memoryAsWritten()
          + " is not among allowedMemory " + list(allowedMemory, DockerSyntax::memory));
    }
    if (!allowedCpus.contains(b.defaults.cpus())) {
      throw new IllegalArgumentException("defaults: cpus " + b.defaults.cpusAsWritten()
          + " is not among allowedCpus " + list(allowedCpus, DockerSyntax::cpus));
    }
    this.defaults = b.defaults;
    if (b.hostCpuRule == null) {
      throw new IllegalArgumentException("hostCpuRule must not be null; use REJECT or CLAMP");
    }
    this.hostCpuRule = b.hostCpuRule;
  }

  private static <T extends Comparable<T>> List<T> sortedDistinct(String field, List<T> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException(field + " must not be empty");
    }
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i) == null) {
        throw new IllegalArgumentException(field + "[" + i + "] must not be null");
      }
    }
    return List.copyOf(new TreeSet<>(values));
  }

  /** A builder starting from the default values. */
  public static Builder custom() {
    return new Builder();
  }

  /** The default policy: memory 1g to 64g, cpus 1 to 16, defaults 4g and 2 CPUs, CPUs above the host rejected. */
  public static LimitPolicy ofDefaults() {
    return custom().build();
  }

  /** The memory limits that may be chosen, smallest first. */
  public List<ByteSize> allowedMemory() {
    return allowedMemory;
  }

  /** The CPU limits that may be chosen, smallest first. */
  public List<CpuQuantity> allowedCpus() {
    return allowedCpus;
  }

  /** The limits of agents without limits of their own, before fitting them to the host. */
  public ContainerLimits defaults() {
    return defaults;
  }

  /** What happens to a requested CPU limit above the host's CPU count. */
  public HostCpuRule hostCpuRule() {
    return hostCpuRule;
  }

  /**
   * Checks requested limits against the allowlists.
   *
   * @throws IllegalArgumentException if {@code requested} is null, or naming the value and listing the allowed ones,
   *     if either is not allowed
   */
  public void checkAllowed(ContainerLimits requested) {
    requireLimits(requested);
    if (!allowedMemory.contains(requested.memory())) {
      throw new IllegalArgumentException("memory " + requested.memoryAsWritten() + " is not allowed; allowed: "
          + list(allowedMemory, DockerSyntax::memory));
    }
    if (!allowedCpus.contains(requested.cpus())) {
      throw new IllegalArgumentException("cpus " + requested.cpusAsWritten() + " is not allowed; allowed: "
          + list(allowedCpus, DockerSyntax::cpus));
    }
  }

  /**
   * Fits requested limits to a host with {@code hostCpus} CPUs, as {@link #hostCpuRule()} says.
   *
   * @throws IllegalArgumentException if {@code requested} is null, {@code hostCpus} is below 1, or the CPUs exceed the
   *     host's and the rule is {@link HostCpuRule#REJECT}
   */
  public ContainerLimits fitRequested(ContainerLimits requested, int hostCpus) {
    requireLimits(requested);
    CpuQuantity host = CpuQuantity.ofCores(requireHostCpus(hostCpus));
    if (requested.cpus().compareTo(host) <= 0) {
      return requested;
    }
    if (hostCpuRule == HostCpuRule.CLAMP) {
      return requested.withCpus(host);
    }
    List<CpuQuantity> fitting = new ArrayList<>();
    for (CpuQuantity c : allowedCpus) {
      if (c.compareTo(host) <= 0) {
        fitting.add(c);
      }
    }
    throw new IllegalArgumentException("cpus " + requested.cpusAsWritten() + " exceeds the " + hostCpus
        + " CPU" + (hostCpus == 1 ? "" : "s") + " of the Docker engine's host; allowed on this host: "
        + (fitting.isEmpty() ? "none of " + list(allowedCpus, DockerSyntax::cpus) : list(fitting, DockerSyntax::cpus)));
  }

  /** The defaults fitted to a host with {@code hostCpus} CPUs: their CPUs are clamped, never rejected. */
  public ContainerLimits defaultsFor(int hostCpus) {
    CpuQuantity host = CpuQuantity.ofCores(requireHostCpus(hostCpus));
    return defaults.cpus().compareTo(host) <= 0 ? defaults : defaults.withCpus(host);
  }

  private static void requireLimits(ContainerLimits requested) {
    if (requested == null) {
      throw new IllegalArgumentException("limits must not be null; give e.g. ContainerLimits.parse(\"4g\", \"2\")");
    }
  }

  private static int requireHostCpus(int hostCpus) {
    if (hostCpus < 1) {
      throw new IllegalArgumentException("hostCpus must be at least 1, was " + hostCpus);
    }
    return hostCpus;
  }

  private static <T> String list(List<T> values, Function<T, String> format) {
    StringBuilder sb = new StringBuilder();
    for (T v : values) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(format.apply(v));
    }
    return sb.toString();
  }

  /** Builds a {@link LimitPolicy}. Not thread-safe. */
  public static final class Builder {
    private List<ByteSize> allowedMemory = List.of(ByteSize.ofGibibytes(1), ByteSize.ofGibibytes(2),
        ByteSize.ofGibibytes(4), ByteSize.ofGibibytes(8), ByteSize.ofGibibytes(16), ByteSize.ofGibibytes(32),
        ByteSize.ofGibibytes(64));
    private List<CpuQuantity> allowedCpus = List.of(CpuQuantity.ofCores(1), CpuQuantity.ofCores(2),
        CpuQuantity.ofCores(4), CpuQuantity.ofCores(8), CpuQuantity.ofCores(16));
    private ContainerLimits defaults = ContainerLimits.of(ByteSize.ofGibibytes(4), CpuQuantity.ofCores(2));
    private HostCpuRule hostCpuRule = HostCpuRule.REJECT;

    private Builder() {}

    /** The memory limits that may be chosen; default 1g, 2g, 4g, 8g, 16g, 32g, 64g. */
    public Builder allowedMemory(ByteSize... sizes) {
      if (sizes == null) {
        throw new IllegalArgumentException("allowedMemory must not be null; give the sizes that may be chosen, e.g. 4g");
      }
      this.allowedMemory = Arrays.asList(sizes.clone());
      return this;
    }

    /** The CPU limits that may be chosen; default 1, 2, 4, 8, 16. */
    public Builder allowedCpus(CpuQuantity... cpus) {
      if (cpus == null) {
        throw new IllegalArgumentException("allowedCpus must not be null; give the CPU counts that may be chosen, e.g. 2");
      }
      this.allowedCpus = Arrays.asList(cpus.clone());
      return this;
    }

    /** The limits of agents without limits of their own; default memory 4g, cpus 2. Must be allowed values. */
    public Builder defaults(ContainerLimits defaults) {
      this.defaults = defaults;
      return this;
    }

    /** What happens to a requested CPU limit above the host's CPU count; default {@link HostCpuRule#REJECT}. */
    public Builder hostCpuRule(HostCpuRule rule) {
      this.hostCpuRule = rule;
      return this;
    }

    /**
     * Validates and builds the policy.
     *
     * @throws IllegalArgumentException naming the first invalid setting
     */
    public LimitPolicy build() {
      return new LimitPolicy(this);
    }
  }
}
