package io.github.resourcemanager.kubernetes;

import io.fabric8.kubernetes.api.model.LimitRangeItem;
import io.fabric8.kubernetes.api.model.LimitRangeItemBuilder;
import io.github.resourcemanager.kubernetes.internal.KubernetesNames;
import io.github.resourcemanager.kubernetes.internal.Quantities;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What runs in the cluster, beyond what the library's {@link io.github.resourcemanager.allocate.AllocationConfig}
 * says: the {@link Workload workloads}, the descriptions of priority classes, and the namespace limits the library
 * does not govern in-process (storage and object counts in a ResourceQuota, PersistentVolumeClaim items of a
 * LimitRange). Immutable; build with {@link #custom()}.
 */
public final class Workloads {

  private static final Workloads NONE = custom().build();

  private final List<Workload> workloads;
  private final Map<String, String> priorityClassDescriptions;
  private final Map<String, Map<String, String>> quotaExtras;
  private final Map<String, List<LimitRangeItem>> limitRangeExtras;

  private Workloads(Builder b) {
    this.workloads = List.copyOf(b.workloads.values());
    this.priorityClassDescriptions = Collections.unmodifiableMap(new LinkedHashMap<>(b.priorityClassDescriptions));
    Map<String, Map<String, String>> quota = new LinkedHashMap<>();
    b.quotaExtras.forEach((ns, m) -> quota.put(ns, Collections.unmodifiableMap(new LinkedHashMap<>(m))));
    this.quotaExtras = Collections.unmodifiableMap(quota);
    Map<String, List<LimitRangeItem>> items = new LinkedHashMap<>();
    b.limitRangeExtras.forEach((ns, l) -> items.put(ns, List.copyOf(l)));
    this.limitRangeExtras = Collections.unmodifiableMap(items);
  }

  /** A builder with no workloads. */
  public static Builder custom() {
    return new Builder();
  }

  /** No workloads, descriptions or namespace extras: the export holds the library's own objects only. */
  public static Workloads ofDefaults() {
    return NONE;
  }

  /** The workloads, in the order they were added. */
  public List<Workload> workloads() {
    return workloads;
  }

  /** The workload {@code name} in {@code namespace}, if described. */
  public Optional<Workload> workload(String namespace, String name) {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    for (Workload w : workloads) {
      if (w.namespace().equals(namespace) && w.name().equals(name)) {
        return Optional.of(w);
      }
    }
    return Optional.empty();
  }

  /** Descriptions of priority classes by name ({@code PriorityClass.description}). */
  public Map<String, String> priorityClassDescriptions() {
    return priorityClassDescriptions;
  }

  /**
   * ResourceQuota entries the library does not govern, by namespace then key, with canonical quantities:
   * {@code requests.storage}, {@code persistentvolumeclaims}, {@code services}, {@code configmaps}, {@code secrets},
   * {@code count/<resource>} and the like.
   */
  public Map<String, Map<String, String>> quotaExtras() {
    return quotaExtras;
  }

  /** LimitRange items other than the {@code Container} one, by namespace (copies). */
  public Map<String, List<LimitRangeItem>> limitRangeExtras() {
    Map<String, List<LimitRangeItem>> copy = new LinkedHashMap<>();
    limitRangeExtras.forEach((ns, l) -> {
      List<LimitRangeItem> items = new ArrayList<>();
      l.forEach(i -> items.add(new LimitRangeItemBuilder(i).build()));
      copy.put(ns, Collections.unmodifiableList(items));
    });
    return Collections.unmodifiableMap(copy);
  }

  /** A builder holding these workloads. */
  public Builder toBuilder() {
    Builder b = new Builder();
    workloads.forEach(b::workload);
    b.priorityClassDescriptions.putAll(priorityClassDescriptions);
    quotaExtras.forEach((ns, m) -> b.quotaExtras.put(ns, new LinkedHashMap<>(m)));
    limitRangeExtras.forEach((ns, l) -> b.limitRangeExtras.put(ns, new ArrayList<>(l)));
    return b;
  }

  @Override
  public String toString() {
    return "Workloads{" + workloads + (quotaExtras.isEmpty() ? "" : ", quota extras " + quotaExtras) + "}";
  }

  /** Builds {@link Workloads}. Not thread-safe. */
  public static final class Builder {
    private final Map<String, Workload> workloads = new LinkedHashMap<>();
    private final Map<String, String> priorityClassDescriptions = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> quotaExtras = new LinkedHashMap<>();
    private final Map<String, List<LimitRangeItem>> limitRangeExtras = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Adds a workload.
     *
     * @throws IllegalArgumentException if a workload of that name and namespace was added already
     */
    public Builder workload(Workload workload) {
      Objects.requireNonNull(workload, "workload");
      String key = workload.namespace() + "/" + workload.name();
      if (workloads.putIfAbsent(key, workload) != null) {
        throw new IllegalArgumentException("workload " + key + " is described twice");
      }
      return this;
    }

    /** Replaces the workload of the same name and namespace, or adds it. */
    Builder replace(Workload workload) {
      workloads.put(workload.namespace() + "/" + workload.name(), workload);
      return this;
    }

    /** The description of a priority class, exported as {@code PriorityClass.description}. */
    public Builder priorityClassDescription(String priorityClass, String description) {
      priorityClassDescriptions.put(Objects.requireNonNull(priorityClass, "priorityClass"),
          Objects.requireNonNull(description, "description"));
      return this;
    }

    /**
     * Adds a ResourceQuota entry the library does not govern ({@code requests.storage}, {@code services},
     * {@code count/jobs.batch}), to the quota of {@code namespace}.
     *
     * @throws IllegalArgumentException if the key is one the library governs ({@code pods}, {@code requests.cpu} and
     *     other compute resources, which belong in the project's {@link io.github.resourcemanager.allocate.Quota}),
     *     or the quantity is malformed
     */
    public Builder quotaExtra(String namespace, String key, String quantity) {
      Objects.requireNonNull(namespace, "namespace");
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(quantity, "quantity");
      KubernetesNames.requireLabelName("namespace", namespace);
      if (QuotaKeys.isCompute(key)) {
        throw new IllegalArgumentException("quota key " + key + " of namespace " + namespace + " is governed by the "
            + "library; set it in the project's Quota (agents for pods, requests.<resource>, limits.<resource>)");
      }
      String canonical = Quantities.canonical("quota " + namespace + " " + key, quantity);
      quotaExtras.computeIfAbsent(namespace, n -> new LinkedHashMap<>()).put(key, canonical);
      return this;
    }

    /**
     * Adds a LimitRange item other than the {@code Container} one (which comes from the project's
     * {@link io.github.resourcemanager.allocate.LimitRange}), e.g. a {@code PersistentVolumeClaim} storage range.
     *
     * @throws IllegalArgumentException if the item is of type {@code Container} or has no type
     */
    public Builder limitRangeExtra(String namespace, LimitRangeItem item) {
      Objects.requireNonNull(namespace, "namespace");
      Objects.requireNonNull(item, "item");
      KubernetesNames.requireLabelName("namespace", namespace);
      if (item.getType() == null || item.getType().equals("Container")) {
        throw new IllegalArgumentException("limit range item of namespace " + namespace + " has type " + item.getType()
            + "; the Container item comes from the project's LimitRange, extras are Pod or PersistentVolumeClaim");
      }
      limitRangeExtras.computeIfAbsent(namespace, n -> new ArrayList<>()).add(new LimitRangeItemBuilder(item).build());
      return this;
    }

    /** Builds the description. */
    public Workloads build() {
      return new Workloads(this);
    }
  }
}
