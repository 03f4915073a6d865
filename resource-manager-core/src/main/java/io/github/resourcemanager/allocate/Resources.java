package io.github.resourcemanager.allocate;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What an agent asks for: <em>requests</em>, the amounts it needs and that admission reserves for it, and
 * <em>limits</em>, the most it may use before its {@link EnforcementPolicy} acts. As in Kubernetes:
 *
 * <ul>
 *   <li>a limit is never below the request of the same resource;
 *   <li>a resource with a limit but no request gets a request equal to the limit (Kubernetes' API defaulting),
 *       so {@code limits(cpu=1)} alone is {@link QosClass#GUARANTEED} for CPU;
 *   <li>a resource with neither is unconstrained for this agent (project and global limits still apply).
 * </ul>
 *
 * Immutable and thread-safe.
 */
public final class Resources {

  private static final Resources NONE = new Resources(ResourceVector.empty(), ResourceVector.empty());

  private final ResourceVector requests;
  private final ResourceVector limits;

  private Resources(ResourceVector requests, ResourceVector limits) {
    this.requests = requests;
    this.limits = limits;
  }

  /** No requests and no limits: a {@link QosClass#BEST_EFFORT} agent. */
  public static Resources none() {
    return NONE;
  }

  /**
   * Requests and limits, with missing requests defaulted to the limits.
   *
   * @throws IllegalArgumentException if a request exceeds its limit; the message is Kubernetes', e.g.
   *     {@code requests.memory: Invalid value: "1Gi": must be less than or equal to memory limit of 512Mi}
   */
  public static Resources of(ResourceVector requests, ResourceVector limits) {
    Objects.requireNonNull(requests, "requests");
    Objects.requireNonNull(limits, "limits");
    ResourceVector req = requests;
    for (Resource r : limits.resources()) {
      long limit = limits.amount(r);
      if (!requests.has(r)) {
        req = req.with(r, limit);
      } else if (requests.amount(r) > limit) {
        throw new IllegalArgumentException("requests." + r + ": Invalid value: \"" + r.format(requests.amount(r))
            + "\": must be less than or equal to " + r + " limit of " + r.format(limit));
      }
    }
    if (req.isEmpty() && limits.isEmpty()) {
      return NONE;
    }
    return new Resources(req, limits);
  }

  /** Requests only, no limits: at least {@link QosClass#BURSTABLE} unless empty. */
  public static Resources requests(ResourceVector requests) {
    return of(requests, ResourceVector.empty());
  }

  /** Limits only; requests default to them (so CPU and memory limits alone make a Guaranteed agent). */
  public static Resources limits(ResourceVector limits) {
    return of(ResourceVector.empty(), limits);
  }

  /** The requests, after defaulting from the limits. */
  public ResourceVector requests() {
    return requests;
  }

  /** The limits. */
  public ResourceVector limits() {
    return limits;
  }

  /** The QoS class, derived the Kubernetes way. */
  public QosClass qosClass() {
    return QosClass.of(this);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Resources other && other.requests.equals(requests) && other.limits.equals(limits);
  }

  @Override
  public int hashCode() {
    return requests.hashCode() * 31 + limits.hashCode();
  }

  /** For example {@code requests {cpu=500m}, limits {cpu=1}}. */
  @Override
  public String toString() {
    return "requests {" + (requests.isEmpty() ? "" : requests) + "}, limits {" + (limits.isEmpty() ? "" : limits) + "}";
  }
}
