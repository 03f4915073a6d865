package io.github.resourcemanager.allocate;

import io.github.resourcemanager.internal.allocate.Apportion;
import io.github.resourcemanager.units.CpuQuantity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Per-agent constraints of a project, with Kubernetes {@code LimitRange} semantics for containers:
 *
 * <ul>
 *   <li><b>defaults</b>: an agent without a limit of a resource gets {@link #defaultLimit()}, one without a request
 *       gets {@link #defaultRequest()}. As in Kubernetes, the default limit defaults to the max, and the default
 *       request to the default limit, then to the min;
 *   <li><b>min / max</b>: requests and limits must lie within them;
 *   <li><b>maxLimitRequestRatio</b>: a limit may be at most this many times the request.
 * </ul>
 *
 * Violations are reported with Kubernetes' messages, with {@code Agent} where Kubernetes says {@code Container}, e.g.
 * {@code maximum memory usage per Agent is 1Gi, but limit is 2Gi}. Immutable and thread-safe.
 */
public final class LimitRange {

  private static final String TYPE = "Agent";

  private final ResourceVector defaultLimit;
  private final ResourceVector defaultRequest;
  private final ResourceVector min;
  private final ResourceVector max;
  private final Map<Resource, Long> ratioMillis; // ordered by resource index

  private LimitRange(ResourceVector defaultLimit, ResourceVector defaultRequest, ResourceVector min, ResourceVector max,
                     Map<Resource, Long> ratioMillis) {
    this.defaultLimit = defaultLimit;
    this.defaultRequest = defaultRequest;
    this.min = min;
    this.max = max;
    this.ratioMillis = ratioMillis;
  }

  /** A builder with no constraints. */
  public static Builder custom() {
    return new Builder();
  }

  /** Limits given to agents that set none (after Kubernetes' defaulting from the max). */
  public ResourceVector defaultLimit() {
    return defaultLimit;
  }

  /** Requests given to agents that set none (after Kubernetes' defaulting from the default limit and the min). */
  public ResourceVector defaultRequest() {
    return defaultRequest;
  }

  /** The least request (and limit) an agent may have. */
  public ResourceVector min() {
    return min;
  }

  /** The largest limit (and request) an agent may have. */
  public ResourceVector max() {
    return max;
  }

  /** The largest limit / request ratio per resource, as a decimal. */
  public Map<Resource, BigDecimal> maxLimitRequestRatio() {
    Map<Resource, BigDecimal> m = new TreeMap<>();
    ratioMillis.forEach((r, v) -> m.put(r, BigDecimal.valueOf(v, 3).stripTrailingZeros()));
    return Collections.unmodifiableMap(m);
  }

  /**
   * Fills in the default limits and requests that {@code resources} lacks, as Kubernetes' LimitRanger does.
   *
   * @throws IllegalArgumentException if a default request ends up above the agent's own limit (Kubernetes rejects
   *     such a pod too); the message is Kubernetes' validation message
   */
  public Resources applyDefaults(Resources resources) {
    ResourceVector limits = resources.limits();
    ResourceVector requests = resources.requests();
    boolean changed = false;
    for (Resource r : defaultLimit.resources()) {
      if (!resources.limits().has(r)) {
        limits = limits.with(r, defaultLimit.amount(r));
        changed = true;
      }
    }
    for (Resource r : defaultRequest.resources()) {
      if (!resources.requests().has(r)) {
        requests = requests.with(r, defaultRequest.amount(r));
        changed = true;
      }
    }
    return changed ? Resources.of(requests, limits) : resources;
  }

  /**
   * The constraints {@code resources} violates, as Kubernetes words them, in resource order: min first, then max,
   * then ratio. Empty if it satisfies them all.
   */
  public List<String> violations(Resources resources) {
    ResourceVector req = resources.requests();
    ResourceVector lim = resources.limits();
    List<String> errors = new ArrayList<>();
    for (Resource r : min.resources()) {
      String enforced = r.format(min.amount(r));
      if (!req.has(r)) {
        errors.add("minimum " + r + " usage per " + TYPE + " is " + enforced + ".  No request is specified");
      } else if (req.amount(r) < min.amount(r)) {
        errors.add("minimum " + r + " usage per " + TYPE + " is " + enforced + ", but request is " + r.format(req.amount(r)));
      } else if (lim.has(r) && lim.amount(r) < min.amount(r)) {
        errors.add("minimum " + r + " usage per " + TYPE + " is " + enforced + ", but limit is " + r.format(lim.amount(r)));
      }
    }
    for (Resource r : max.resources()) {
      String enforced = r.format(max.amount(r));
      if (!lim.has(r)) {
        errors.add("maximum " + r + " usage per " + TYPE + " is " + enforced + ".  No limit is specified");
      } else if (lim.amount(r) > max.amount(r)) {
        errors.add("maximum " + r + " usage per " + TYPE + " is " + enforced + ", but limit is " + r.format(lim.amount(r)));
      } else if (req.has(r) && req.amount(r) > max.amount(r)) {
        errors.add("maximum " + r + " usage per " + TYPE + " is " + enforced + ", but request is " + r.format(req.amount(r)));
      }
    }
    for (Map.Entry<Resource, Long> e : ratioMillis.entrySet()) {
      Resource r = e.getKey();
      String enforced = CpuQuantity.ofMillicores(e.getValue()).toString(); // Kubernetes' canonical decimal form
      long request = req.amountOr(r, 0);
      long limit = lim.amountOr(r, 0);
      if (request == 0) {
        errors.add(r + " max limit to request ratio per " + TYPE + " is " + enforced
            + ", but no request is specified or request is 0");
      } else if (limit == 0) {
        errors.add(r + " max limit to request ratio per " + TYPE + " is " + enforced
            + ", but no limit is specified or limit is 0");
      } else if (Apportion.compareProducts(limit, 1000, request, e.getValue()) > 0) {
        double observed = (double) limit / (double) request;
        errors.add(r + " max limit to request ratio per " + TYPE + " is " + enforced + ", but provided ratio is "
            + String.format(Locale.ROOT, "%f", observed));
      }
    }
    return errors;
  }

  @Override
  public String toString() {
    return "LimitRange{default " + defaultLimit + ", defaultRequest " + defaultRequest + ", min " + min + ", max " + max
        + ", maxLimitRequestRatio " + maxLimitRequestRatio() + "}";
  }

  /** Builds a {@link LimitRange}. Not thread-safe. */
  public static final class Builder {
    private ResourceVector defaultLimit = ResourceVector.empty();
    private ResourceVector defaultRequest = ResourceVector.empty();
    private ResourceVector min = ResourceVector.empty();
    private ResourceVector max = ResourceVector.empty();
    // Ratios are kept in thousandths in a long.
    private static final BigDecimal MAX_RATIO = BigDecimal.valueOf(Long.MAX_VALUE / 1000);
    private final Map<Resource, Long> ratioMillis = new TreeMap<>();

    private Builder() {}

    /** Limits for agents that set none ({@code default} in Kubernetes). */
    public Builder defaultLimit(ResourceVector limits) {
      this.defaultLimit = Objects.requireNonNull(limits, "defaultLimit");
      return this;
    }

    /** Requests for agents that set none ({@code defaultRequest} in Kubernetes). */
    public Builder defaultRequest(ResourceVector requests) {
      this.defaultRequest = Objects.requireNonNull(requests, "defaultRequest");
      return this;
    }

    /** The least request and limit per agent. */
    public Builder min(ResourceVector min) {
      this.min = Objects.requireNonNull(min, "min");
      return this;
    }

    /** The largest request and limit per agent. */
    public Builder max(ResourceVector max) {
      this.max = Objects.requireNonNull(max, "max");
      return this;
    }

    /**
     * The largest limit / request ratio of {@code resource}, a decimal of at least 1 with at most 3 decimals
     * ({@code 4}, {@code 1.5}).
     *
     * @throws IllegalArgumentException if the ratio is malformed, below 1, above {@code Long.MAX_VALUE / 1000} or
     *     finer than a thousandth
     */
    public Builder maxLimitRequestRatio(Resource resource, String ratio) {
      Objects.requireNonNull(resource, "resource");
      Objects.requireNonNull(ratio, "ratio");
      BigDecimal value;
      try {
        value = new BigDecimal(ratio.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("maxLimitRequestRatio." + resource + " \"" + ratio
            + "\" is not allowed; use a decimal of at least 1, e.g. 4 or 1.5");
      }
      if (value.compareTo(BigDecimal.ONE) < 0) {
        throw new IllegalArgumentException("maxLimitRequestRatio." + resource + " must be at least 1, was " + ratio);
      }
      if (value.compareTo(MAX_RATIO) > 0) {
        throw new IllegalArgumentException("maxLimitRequestRatio." + resource + " must be at most " + MAX_RATIO + ", was "
            + ratio);
      }
      BigDecimal millis = value.movePointRight(3);
      if (millis.stripTrailingZeros().scale() > 0) {
        throw new IllegalArgumentException("maxLimitRequestRatio." + resource + " " + ratio
            + " is finer than a thousandth; use at most 3 decimals");
      }
      ratioMillis.put(resource, millis.longValueExact());
      return this;
    }

    /**
     * Applies Kubernetes' defaulting and validates the range.
     *
     * @throws IllegalArgumentException naming the field, resource and values of the first inconsistency, e.g.
     *     {@code min cpu 2 is greater than max cpu 1}
     */
    public LimitRange build() {
      // Kubernetes' SetDefaults_LimitRangeItem for containers.
      ResourceVector dl = defaultLimit;
      for (Resource r : max.resources()) {
        if (!defaultLimit.has(r)) {
          dl = dl.with(r, max.amount(r));
        }
      }
      ResourceVector dr = defaultRequest;
      for (Resource r : dl.resources()) {
        if (!defaultRequest.has(r)) {
          dr = dr.with(r, dl.amount(r));
        }
      }
      for (Resource r : min.resources()) {
        if (!defaultRequest.has(r) && !dl.has(r)) {
          dr = dr.with(r, min.amount(r));
        }
      }
      check("min", min, "max", max);
      check("min", min, "default", dl);
      check("default", dl, "max", max);
      check("min", min, "defaultRequest", dr);
      check("defaultRequest", dr, "max", max);
      check("defaultRequest", dr, "default", dl);
      for (Map.Entry<Resource, Long> e : ratioMillis.entrySet()) {
        Resource r = e.getKey();
        if (min.has(r) && max.has(r) && min.amount(r) > 0
            && Apportion.compareProducts(e.getValue(), min.amount(r), max.amount(r), 1000) > 0) {
          throw new IllegalArgumentException("maxLimitRequestRatio " + r + " " + CpuQuantity.ofMillicores(e.getValue())
              + " is greater than max/min = " + String.format(Locale.ROOT, "%f", (double) max.amount(r) / min.amount(r)));
        }
      }
      return new LimitRange(dl, dr, min, max, Collections.unmodifiableMap(new TreeMap<>(ratioMillis)));
    }

    private static void check(String lowName, ResourceVector low, String highName, ResourceVector high) {
      for (Resource r : low.resources()) {
        if (high.has(r) && low.amount(r) > high.amount(r)) {
          throw new IllegalArgumentException(lowName + " " + r + " " + r.format(low.amount(r)) + " is greater than "
              + highName + " " + r + " " + r.format(high.amount(r)));
        }
      }
    }
  }
}
