package io.github.resourcemanager.internal.allocate;

import io.github.resourcemanager.allocate.Quota;
import io.github.resourcemanager.allocate.Resource;
import io.github.resourcemanager.allocate.ResourceVector;
import io.github.resourcemanager.allocate.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The quota step of admission, with Kubernetes' {@code ResourceQuota} semantics and messages: what an agent adds to
 * each hard limit's key, whether it specifies what the quota limits, and whether it fits what its project's agents
 * (admitted and queued) already hold.
 */
final class QuotaCheck {

  private QuotaCheck() {}

  /** The rejection message if {@code resources} lacks a resource {@code quota} limits, else null. */
  static String mustSpecify(Quota quota, Resources resources) {
    List<String> missing = new ArrayList<>();
    for (String key : quota.hard().keySet()) {
      if (key.equals(Quota.AGENTS)) {
        continue;
      }
      Resource r = resourceOf(key);
      ResourceVector v = key.startsWith("requests.") ? resources.requests() : resources.limits();
      if (!v.has(r)) {
        missing.add(key);
      }
    }
    return missing.isEmpty() ? null : "failed quota: " + quota.name() + ": must specify " + String.join(",", missing);
  }

  /**
   * The rejection message if admitting {@code resources} on top of {@code used} exceeds a hard limit of
   * {@code quota}, else null.
   *
   * @param used the current totals by key (absent = 0)
   */
  static String exceeded(Quota quota, Map<String, Long> used, Resources resources) {
    StringBuilder requested = new StringBuilder();
    StringBuilder usedText = new StringBuilder();
    StringBuilder limited = new StringBuilder();
    for (Map.Entry<String, Long> e : quota.hard().entrySet()) {
      String key = e.getKey();
      long delta = delta(key, resources);
      if (delta <= 0) {
        continue;
      }
      long current = used.getOrDefault(key, 0L);
      if (Apportion.saturatedAdd(current, delta) > e.getValue()) {
        append(requested, key, delta);
        append(usedText, key, current);
        append(limited, key, e.getValue());
      }
    }
    if (requested.length() == 0) {
      return null;
    }
    return "exceeded quota: " + quota.name() + ", requested: " + requested + ", used: " + usedText + ", limited: "
        + limited;
  }

  /**
   * Counts (sign 1) or frees (sign -1) what an agent with {@code resources} holds of its project's quota, if the
   * project has one. Agents count from the moment they are admitted or queued until they leave.
   */
  static void charge(ProjectState p, Resources resources, int sign) {
    if (p.config.quota().isEmpty()) {
      return;
    }
    for (String key : p.config.quota().get().hard().keySet()) {
      long delta = delta(key, resources) * sign;
      p.quotaUsed.merge(key, delta, Long::sum);
    }
  }

  /** What admitting {@code resources} adds to {@code key}. */
  private static long delta(String key, Resources resources) {
    if (key.equals(Quota.AGENTS)) {
      return 1;
    }
    Resource r = resourceOf(key);
    ResourceVector v = key.startsWith("requests.") ? resources.requests() : resources.limits();
    return v.amountOr(r, 0);
  }

  private static void append(StringBuilder sb, String key, long amount) {
    if (sb.length() > 0) {
      sb.append(',');
    }
    sb.append(key).append('=').append(key.equals(Quota.AGENTS) ? Long.toString(amount) : resourceOf(key).format(amount));
  }

  private static Resource resourceOf(String key) {
    return Resource.named(key.substring(key.indexOf('.') + 1));
  }
}
