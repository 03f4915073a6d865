package io.github.resourcemanager.allocate;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Hard limits on what a project's agents may ask for together, with Kubernetes {@code ResourceQuota} semantics:
 * the sum of the agents' requests ({@code requests.cpu}, or a bare {@code cpu}), the sum of their limits
 * ({@code limits.memory}) and the number of agents ({@code agents}, Kubernetes' {@code pods}). Agents count from the
 * moment they are admitted or queued until they leave, as pods count from creation. Keys are kept as written: a quota
 * on {@code cpu} and one on {@code requests.cpu} count the same requests, and each reports its own key.
 *
 * <p>An agent whose admission would take a total above a hard limit is rejected, whole, with Kubernetes' message:
 * {@code exceeded quota: team-a, requested: limits.memory=1Gi, used: limits.memory=3Gi, limited: limits.memory=4Gi}
 * (every exceeded key, sorted, joined by commas). As Kubernetes does for pods, an agent must specify CPU and memory
 * when the quota limits them: one that does not is rejected with
 * {@code failed quota: team-a: must specify limits.memory,requests.cpu} (a {@link LimitRange} with defaults avoids
 * that). Any other resource the quota limits is counted when the agent gives it and counts as 0 when it does not.
 * Immutable and thread-safe.
 */
public final class Quota {

  /** The key counting agents. */
  public static final String AGENTS = "agents";

  private final String name;
  private final Map<String, Long> hard; // sorted by key

  private Quota(Builder b) {
    this.name = b.name;
    this.hard = Collections.unmodifiableMap(new TreeMap<>(b.hard));
  }

  /**
   * A builder for a quota named {@code name}.
   *
   * @throws IllegalArgumentException if the name is empty
   */
  public static Builder custom(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("quota name must not be empty");
    }
    return new Builder(name);
  }

  /** The quota's name, used in rejection messages. */
  public String name() {
    return name;
  }

  /**
   * The hard limits by key as written ({@code requests.cpu}, {@code limits.memory}, {@code agents}, or a bare
   * {@code cpu} standing for its requests), sorted by key.
   */
  public Map<String, Long> hard() {
    return hard;
  }

  /** Formats an amount of {@code key} the Kubernetes way. */
  private static String format(String key, long amount) {
    return key.equals(AGENTS) ? Long.toString(amount) : resourceOf(key).format(amount);
  }

  private static Resource resourceOf(String key) {
    return Resource.named(resourceName(key));
  }

  /** The resource a key other than {@code agents} names: the key without its {@code requests.}/{@code limits.}. */
  private static String resourceName(String key) {
    if (key.startsWith("requests.")) {
      return key.substring("requests.".length());
    }
    return key.startsWith("limits.") ? key.substring("limits.".length()) : key;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Quota{").append(name);
    hard.forEach((k, v) -> sb.append(", ").append(k).append('=').append(format(k, v)));
    return sb.append('}').toString();
  }

  /** Builds a {@link Quota}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private final Map<String, Long> hard = new TreeMap<>();

    private Builder(String name) {
      this.name = name;
    }

    /** Limits the sum of the agents' requests of {@code resource}. */
    public Builder requests(Resource resource, long amount) {
      return put("requests." + Objects.requireNonNull(resource, "resource").name(), amount);
    }

    /** Limits the sum of the agents' limits of {@code resource}. */
    public Builder limits(Resource resource, long amount) {
      return put("limits." + Objects.requireNonNull(resource, "resource").name(), amount);
    }

    /** Limits the number of agents. */
    public Builder agents(long count) {
      return put(AGENTS, count);
    }

    /**
     * Sets a hard limit by Kubernetes key and quantity text: {@code requests.cpu} = {@code 2}, {@code limits.memory}
     * = {@code 4Gi}, {@code agents} = {@code 10}; as in Kubernetes, a bare resource name ({@code memory}) means its
     * requests, and the key is kept as written (messages report {@code memory=...}).
     *
     * @throws IllegalArgumentException if the key or the quantity is not allowed; the message names the key
     */
    public Builder hard(String key, String quantity) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(quantity, "quantity");
      if (key.equals(AGENTS)) {
        long count = Resource.wholeCount(quantity);
        if (count < 0) {
          throw new IllegalArgumentException("quota " + name + " " + key + ": \"" + quantity + "\" is not allowed; use a whole number of agents from 0 to " + Long.MAX_VALUE
              + " in ASCII digits");
        }
        return put(AGENTS, count);
      }
      Resource r = Resource.find(resourceName(key)).orElseThrow(() -> new IllegalArgumentException("quota " + name
          + " key \"" + key + "\" names no known resource; use requests.<resource>, limits.<resource> or agents,"
          + " with a resource among " + Resource.knownNames()));
      long amount;
      try {
        amount = r.parse(quantity);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("quota " + name + " " + key + ": " + e.getMessage(), e);
      }
      return put(key, amount);
    }

    private Builder put(String key, long amount) {
      if (amount < 0) {
        throw new IllegalArgumentException("quota " + name + " " + key + " must not be negative, was " + amount);
      }
      hard.put(key, amount);
      return this;
    }

    /**
     * Builds the quota.
     *
     * @throws IllegalArgumentException if no hard limit is set
     */
    public Quota build() {
      if (hard.isEmpty()) {
        throw new IllegalArgumentException("quota " + name + " has no hard limits; set requests, limits or agents");
      }
      return new Quota(this);
    }
  }
}
