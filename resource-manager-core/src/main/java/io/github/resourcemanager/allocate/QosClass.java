package io.github.resourcemanager.allocate;

/**
 * Quality of service of an agent, derived from its {@link Resources} exactly as Kubernetes derives a pod's QoS
 * class from its containers (only CPU and memory count, and only amounts above zero):
 *
 * <ul>
 *   <li>{@link #BEST_EFFORT}: no CPU or memory request or limit at all;
 *   <li>{@link #GUARANTEED}: both a CPU and a memory limit, and every CPU/memory request equal to its limit;
 *   <li>{@link #BURSTABLE}: anything else.
 * </ul>
 *
 * A limit without a request counts as a request equal to the limit, as Kubernetes defaults it.
 */
public enum QosClass {
  /** Requests equal limits for both CPU and memory. */
  GUARANTEED("Guaranteed"),
  /** Some CPU or memory request or limit, but not guaranteed. */
  BURSTABLE("Burstable"),
  /** No CPU or memory request or limit. */
  BEST_EFFORT("BestEffort");

  private final String kubernetesName;

  QosClass(String kubernetesName) {
    this.kubernetesName = kubernetesName;
  }

  /** The name Kubernetes uses: {@code Guaranteed}, {@code Burstable} or {@code BestEffort}. */
  public String kubernetesName() {
    return kubernetesName;
  }

  /** Derives the class of {@code resources}; see the class description. */
  public static QosClass of(Resources resources) {
    ResourceVector requests = resources.requests();
    ResourceVector limits = resources.limits();
    Resource[] qos = {Resource.CPU, Resource.MEMORY};
    int requestCount = 0;
    int limitCount = 0;
    for (Resource r : qos) {
      if (requests.amountOr(r, 0) > 0) {
        requestCount++;
      }
      if (limits.amountOr(r, 0) > 0) {
        limitCount++;
      }
    }
    if (requestCount == 0 && limitCount == 0) {
      return BEST_EFFORT;
    }
    boolean guaranteed = limitCount == qos.length && requestCount == limitCount;
    for (Resource r : qos) {
      long request = requests.amountOr(r, 0);
      if (request > 0 && limits.amountOr(r, 0) != request) {
        guaranteed = false;
      }
    }
    return guaranteed ? GUARANTEED : BURSTABLE;
  }
}
