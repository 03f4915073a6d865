package io.github.resourcemanager.internal.allocate;

import io.github.resourcemanager.allocate.Quota;
import io.github.resourcemanager.allocate.Resource;
import io.github.resourcemanager.allocate.ResourceVector;
import io.github.resourcemanager.allocate.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The quota step of admission, with Kubernetes' {@code ResourceQuota} semantics and messages: what an agent adds to
 * each hard limit's key, whether it specifies the CPU and memory the quota limits, and whether it fits what its
 * project's agents (admitted and queued) already hold. Keys are the quota's as written: a bare resource name
 * ({@code cpu}) counts requests, as {@code requests.cpu} does, and messages report it as {@code cpu}.
 */
final class QuotaCheck {

  private QuotaCheck() {}

  /**
   * The rejection message if {@code resources} lacks the CPU or memory {@code quota} limits, else null. Only CPU and
   * memory must be given, as Kubernetes' pod evaluator requires only the keys of its {@code validationSet}
   * ({@code cpu}, {@code memory} and their {@code requests.}/{@code limits.} forms; pkg/quota/v1/evaluator/core/
   * pods.go, {@code Constraints} and {@code enforcePodContainerConstraints}); any other resource counts as 0 when not
   * given. The missing keys are the quota's as written, sorted, as Kubernetes lists its missing set.
   */
  static @Nullable String mustSpecify(Quota quota, Resources resources) {
    List<String> missing = new ArrayList<>();
    for (String key : quota.hard().keySet()) {
      if (key.equals(Quota.AGENTS)) {
        continue;
      }
      Resource r = resourceOf(key);
      if (!r.equals(Resource.CPU) && !r.equals(Resource.MEMORY)) {
        continue;
      }
      if (!vectorOf(key, resources).has(r)) {
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
  static @Nullable String exceeded(Quota quota, Map<String, Long> used, Resources resources) {
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
    return vectorOf(key, resources).amountOr(resourceOf(key), 0);
  }

  /** The side of {@code resources} a key counts: limits for {@code limits.*}, else (bare or requests.*) requests. */
  private static ResourceVector vectorOf(String key, Resources resources) {
    return key.startsWith("limits.") ? resources.limits() : resources.requests();
  }

  private static void append(StringBuilder sb, String key, long amount) {
    if (sb.length() > 0) {
      sb.append(',');
    }
    sb.append(key).append('=').append(key.equals(Quota.AGENTS) ? Long.toString(amount) : resourceOf(key).format(amount));
  }

  private static Resource resourceOf(String key) {
    if (key.startsWith("requests.")) {
      return Resource.named(key.substring("requests.".length()));
    }
    return Resource.named(key.startsWith("limits.") ? key.substring("limits.".length()) : key);
  }
}
