package io.github.resourcemanager.kubernetes;

import io.github.resourcemanager.allocate.Resources;
import io.github.resourcemanager.kubernetes.internal.KubernetesNames;
import io.github.resourcemanager.scale.HorizontalScalerConfig;
import io.github.resourcemanager.scale.VerticalRecommenderConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One workload of the cluster: a Deployment or StatefulSet of identical pods with one container, and the
 * autoscaling and disruption objects that govern it. Immutable; build with {@link #custom(String, String)}.
 *
 * <ul>
 *   <li>An <b>agent workload</b> ({@link Builder#agent(String)}) runs one tier of agents: its container's requests
 *       and limits and its priority class are those of the library's {@link io.github.resourcemanager.allocate.AgentSpec}
 *       of that id, its namespace is the agent's project.</li>
 *   <li>Any other workload (a controller) gives its own {@link Builder#resources(Resources)} and
 *       {@link Builder#priorityClass(String)}.</li>
 *   <li>A workload with an {@link Builder#image(String) image} is exported as a Deployment or StatefulSet. One
 *       without is a workload that exists already (deployed by its own chart): only its HorizontalPodAutoscaler,
 *       VerticalPodAutoscaler and PodDisruptionBudget are exported.</li>
 * </ul>
 *
 * <pre>{@code
 * Workload controller = Workload.custom("coderun-controller", "agent-platform")
 *     .label("app", "coderun-controller")
 *     .horizontalScaler(HorizontalScalerConfig.custom().minReplicas(2).maxReplicas(10)
 *         .metric(ScalingMetric.cpuUtilization(70)).build())
 *     .minAvailable("1")
 *     .build();
 * }</pre>
 */
public final class Workload {

  /** The controller that runs the workload's pods. */
  public enum Kind {
    /** {@code apps/v1 Deployment}. */
    DEPLOYMENT("Deployment"),
    /** {@code apps/v1 StatefulSet}. */
    STATEFULSET("StatefulSet");

    private final String kubernetesName;

    Kind(String kubernetesName) {
      this.kubernetesName = kubernetesName;
    }

    /** The Kubernetes kind: {@code Deployment} or {@code StatefulSet}. */
    public String kubernetesName() {
      return kubernetesName;
    }

    /**
     * The kind of this Kubernetes name.
     *
     * @throws IllegalArgumentException if it is neither {@code Deployment} nor {@code StatefulSet}
     */
    public static Kind ofKubernetesName(String name) {
      Objects.requireNonNull(name, "name");
      for (Kind k : values()) {
        if (k.kubernetesName.equals(name)) {
          return k;
        }
      }
      throw new IllegalArgumentException("workload kind \"" + name + "\" is not allowed; allowed: Deployment, StatefulSet");
    }
  }

  /** When the VerticalPodAutoscaler applies its recommendations ({@code spec.updatePolicy.updateMode}). */
  public enum UpdateMode {
    /** Recommend only; never change pods. */
    OFF("Off"),
    /** Set resources when pods are created only. */
    INITIAL("Initial"),
    /** Set resources at creation and evict pods whose resources are far from the recommendation. */
    RECREATE("Recreate"),
    /** Resize pods in place where possible, else evict them. */
    IN_PLACE_OR_RECREATE("InPlaceOrRecreate"),
    /** Resize pods in place only. */
    IN_PLACE("InPlace");

    private final String kubernetesName;

    UpdateMode(String kubernetesName) {
      this.kubernetesName = kubernetesName;
    }

    /** The value of {@code updateMode}. */
    public String kubernetesName() {
      return kubernetesName;
    }

    /**
     * The mode of this {@code updateMode} value. {@code Auto}, deprecated by the VerticalPodAutoscaler and
     * documented as equivalent to {@code Recreate}, reads as {@link #RECREATE}.
     *
     * @throws IllegalArgumentException if the value is not a known mode
     */
    public static UpdateMode ofKubernetesName(String name) {
      Objects.requireNonNull(name, "name");
      if ("Auto".equals(name)) {
        return RECREATE;
      }
      for (UpdateMode m : values()) {
        if (m.kubernetesName.equals(name)) {
          return m;
        }
      }
      throw new IllegalArgumentException("updateMode \"" + name + "\" is not allowed; allowed: Off, Initial, Recreate, "
          + "InPlaceOrRecreate, InPlace (Auto reads as Recreate)");
    }
  }

  private final String name;
  private final String namespace;
  private final Kind kind;
  private final Map<String, String> labels;
  private final @Nullable String image;
  private final String container;
  private final int replicas;
  private final @Nullable String agent;
  private final @Nullable Resources resources;
  private final @Nullable String priorityClass;
  private final @Nullable HorizontalScalerConfig horizontalScaler;
  private final String horizontalScalerName;
  private final @Nullable VerticalRecommenderConfig verticalScaler;
  private final UpdateMode updateMode;
  private final String verticalScalerName;
  private final @Nullable String minAvailable;
  private final @Nullable String maxUnavailable;
  private final String disruptionBudgetName;

  private Workload(Builder b) {
    this.name = b.name;
    this.namespace = b.namespace;
    this.kind = b.kind;
    this.labels = Collections.unmodifiableMap(new LinkedHashMap<>(b.labels));
    this.image = b.image;
    this.container = b.container == null ? name : b.container;
    this.replicas = b.replicas;
    this.agent = b.agent;
    this.resources = b.resources;
    this.priorityClass = b.priorityClass;
    this.horizontalScaler = b.horizontalScaler;
    this.horizontalScalerName = b.horizontalScalerName == null ? name + "-hpa" : b.horizontalScalerName;
    this.verticalScaler = b.verticalScaler;
    this.updateMode = b.updateMode;
    this.verticalScalerName = b.verticalScalerName == null ? name + "-vpa" : b.verticalScalerName;
    this.minAvailable = b.minAvailable;
    this.maxUnavailable = b.maxUnavailable;
    this.disruptionBudgetName = b.disruptionBudgetName == null ? name + "-pdb" : b.disruptionBudgetName;
    String where = "workload " + namespace + "/" + name;
    if (agent != null && (resources != null || priorityClass != null)) {
      throw new IllegalArgumentException(where + ": an agent workload takes its resources and priority class from "
          + "agent \"" + agent + "\"; set either agent or resources/priorityClass, not both");
    }
    if (minAvailable != null && maxUnavailable != null) {
      throw new IllegalArgumentException(where + ": a PodDisruptionBudget takes minAvailable or maxUnavailable, not both");
    }
    if ((minAvailable != null || maxUnavailable != null || image != null) && labels.isEmpty()) {
      throw new IllegalArgumentException(where + ": labels are required to select its pods (its Deployment or "
          + "StatefulSet, or its PodDisruptionBudget); add one, e.g. label(\"app\", \"" + name + "\")");
    }
  }

  /**
   * A builder for the workload {@code name} in {@code namespace}: a Deployment of 1 replica whose container is named
   * after the workload, with no image (an existing workload) until one is set.
   *
   * @throws IllegalArgumentException if a name is not a valid Kubernetes name (lowercase letters, digits and
   *     {@code -}, at most 63 characters)
   */
  public static Builder custom(String name, String namespace) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(namespace, "namespace");
    return new Builder(KubernetesNames.requireLabelName("workload name", name),
        KubernetesNames.requireLabelName("namespace", namespace));
  }

  /** The name of the Deployment or StatefulSet. */
  public String name() {
    return name;
  }

  /** The namespace. */
  public String namespace() {
    return namespace;
  }

  /** Deployment or StatefulSet. */
  public Kind kind() {
    return kind;
  }

  /** The pods' labels, which also select them; in insertion order. */
  public Map<String, String> labels() {
    return labels;
  }

  /** The container image; empty for a workload that exists already and is not exported. */
  public Optional<String> image() {
    return Optional.ofNullable(image);
  }

  /** The name of the pods' one container. */
  public String container() {
    return container;
  }

  /** The number of replicas the Deployment or StatefulSet starts with. */
  public int replicas() {
    return replicas;
  }

  /** The id of the library agent whose tier this workload runs, if it is an agent workload. */
  public Optional<String> agent() {
    return Optional.ofNullable(agent);
  }

  /** The container's requests and limits, for a workload that is not an agent workload. */
  public Optional<Resources> resources() {
    return Optional.ofNullable(resources);
  }

  /** The pods' priority class, for a workload that is not an agent workload. */
  public Optional<String> priorityClass() {
    return Optional.ofNullable(priorityClass);
  }

  /** The horizontal scaler exported as a HorizontalPodAutoscaler, if any. */
  public Optional<HorizontalScalerConfig> horizontalScaler() {
    return Optional.ofNullable(horizontalScaler);
  }

  /** The HorizontalPodAutoscaler's name; default {@code <workload>-hpa}. */
  public String horizontalScalerName() {
    return horizontalScalerName;
  }

  /** The vertical recommender exported as a VerticalPodAutoscaler, if any. */
  public Optional<VerticalRecommenderConfig> verticalScaler() {
    return Optional.ofNullable(verticalScaler);
  }

  /** When the VerticalPodAutoscaler applies its recommendations; default {@link UpdateMode#RECREATE}. */
  public UpdateMode updateMode() {
    return updateMode;
  }

  /** The VerticalPodAutoscaler's name; default {@code <workload>-vpa}. */
  public String verticalScalerName() {
    return verticalScalerName;
  }

  /** The PodDisruptionBudget's {@code minAvailable} ({@code 1} or {@code 50%}), if set. */
  public Optional<String> minAvailable() {
    return Optional.ofNullable(minAvailable);
  }

  /** The PodDisruptionBudget's {@code maxUnavailable}, if set. */
  public Optional<String> maxUnavailable() {
    return Optional.ofNullable(maxUnavailable);
  }

  /** The PodDisruptionBudget's name; default {@code <workload>-pdb}. */
  public String disruptionBudgetName() {
    return disruptionBudgetName;
  }

  /** A builder holding this workload. */
  public Builder toBuilder() {
    Builder b = new Builder(name, namespace);
    b.kind = kind;
    b.labels.putAll(labels);
    b.image = image;
    b.container = container;
    b.replicas = replicas;
    b.agent = agent;
    b.resources = resources;
    b.priorityClass = priorityClass;
    b.horizontalScaler = horizontalScaler;
    b.horizontalScalerName = horizontalScalerName;
    b.verticalScaler = verticalScaler;
    b.updateMode = updateMode;
    b.verticalScalerName = verticalScalerName;
    b.minAvailable = minAvailable;
    b.maxUnavailable = maxUnavailable;
    b.disruptionBudgetName = disruptionBudgetName;
    return b;
  }

  @Override
  public String toString() {
    return "Workload{" + kind.kubernetesName() + " " + namespace + "/" + name + (agent == null ? "" : ", agent " + agent)
        + (horizontalScaler == null ? "" : ", hpa") + (verticalScaler == null ? "" : ", vpa")
        + (minAvailable == null && maxUnavailable == null ? "" : ", pdb") + "}";
  }

  /** Builds a {@link Workload}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private final String namespace;
    private Kind kind = Kind.DEPLOYMENT;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private @Nullable String image;
    private @Nullable String container;
    private int replicas = 1;
    private @Nullable String agent;
    private @Nullable Resources resources;
    private @Nullable String priorityClass;
    private @Nullable HorizontalScalerConfig horizontalScaler;
    private @Nullable String horizontalScalerName;
    private @Nullable VerticalRecommenderConfig verticalScaler;
    private UpdateMode updateMode = UpdateMode.RECREATE;
    private @Nullable String verticalScalerName;
    private @Nullable String minAvailable;
    private @Nullable String maxUnavailable;
    private @Nullable String disruptionBudgetName;

    private Builder(String name, String namespace) {
      this.name = name;
      this.namespace = namespace;
    }

    /** Deployment (the default) or StatefulSet. */
    public Builder kind(Kind kind) {
      this.kind = Objects.requireNonNull(kind, "kind");
      return this;
    }

    /**
     * Adds a label of the pods, which also selects them.
     *
     * @throws IllegalArgumentException if the key or value is not a valid Kubernetes label
     */
    public Builder label(String key, String value) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      labels.put(KubernetesNames.requireLabelKey("label key", key), KubernetesNames.requireLabelValue("label " + key, value));
      return this;
    }

    /**
     * The container image; without one the workload is taken to exist already and only its autoscalers and
     * disruption budget are exported.
     *
     * @throws IllegalArgumentException if blank
     */
    public Builder image(String image) {
      Objects.requireNonNull(image, "image");
      if (image.isBlank()) {
        throw new IllegalArgumentException("workload " + name + " image must not be empty");
      }
      this.image = image;
      return this;
    }

    /**
     * The container's name; default the workload's name.
     *
     * @throws IllegalArgumentException if not a valid container name
     */
    public Builder container(String container) {
      Objects.requireNonNull(container, "container");
      this.container = KubernetesNames.requireLabelName("container name", container);
      return this;
    }

    /**
     * The initial replica count; default 1.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder replicas(int replicas) {
      if (replicas < 0) {
        throw new IllegalArgumentException("workload " + name + " replicas must not be negative, was " + replicas);
      }
      this.replicas = replicas;
      return this;
    }

    /** Makes this an agent workload running the tier of the library agent {@code agentId}. */
    public Builder agent(String agentId) {
      this.agent = Objects.requireNonNull(agentId, "agentId");
      return this;
    }

    /** The container's requests and limits (for a workload that is not an agent workload). */
    public Builder resources(Resources resources) {
      this.resources = Objects.requireNonNull(resources, "resources");
      return this;
    }

    /** The pods' priority class (for a workload that is not an agent workload). */
    public Builder priorityClass(String priorityClass) {
      this.priorityClass = Objects.requireNonNull(priorityClass, "priorityClass");
      return this;
    }

    /** Exports {@code config} as the HorizontalPodAutoscaler {@code <workload>-hpa}. */
    public Builder horizontalScaler(HorizontalScalerConfig config) {
      this.horizontalScaler = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * Exports {@code config} as the HorizontalPodAutoscaler {@code hpaName}.
     *
     * @throws IllegalArgumentException if the name is not a valid Kubernetes name
     */
    public Builder horizontalScaler(String hpaName, HorizontalScalerConfig config) {
      Objects.requireNonNull(hpaName, "hpaName");
      this.horizontalScalerName = KubernetesNames.requireSubdomainName("HorizontalPodAutoscaler name", hpaName);
      return horizontalScaler(config);
    }

    /** Exports {@code config} as the VerticalPodAutoscaler {@code <workload>-vpa} with {@code mode}. */
    public Builder verticalScaler(VerticalRecommenderConfig config, UpdateMode mode) {
      this.verticalScaler = Objects.requireNonNull(config, "config");
      this.updateMode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * Exports {@code config} as the VerticalPodAutoscaler {@code vpaName} with {@code mode}.
     *
     * @throws IllegalArgumentException if the name is not a valid Kubernetes name
     */
    public Builder verticalScaler(String vpaName, VerticalRecommenderConfig config, UpdateMode mode) {
      Objects.requireNonNull(vpaName, "vpaName");
      this.verticalScalerName = KubernetesNames.requireSubdomainName("VerticalPodAutoscaler name", vpaName);
      return verticalScaler(config, mode);
    }

    /**
     * A PodDisruptionBudget keeping at least {@code minAvailable} pods: a count ({@code 1}) or a percentage
     * ({@code 50%}).
     *
     * @throws IllegalArgumentException if not a non-negative count or a percentage
     */
    public Builder minAvailable(String minAvailable) {
      Objects.requireNonNull(minAvailable, "minAvailable");
      this.minAvailable = KubernetesNames.requireIntOrPercent("minAvailable", minAvailable);
      return this;
    }

    /**
     * A PodDisruptionBudget allowing at most {@code maxUnavailable} pods down: a count or a percentage.
     *
     * @throws IllegalArgumentException if not a non-negative count or a percentage
     */
    public Builder maxUnavailable(String maxUnavailable) {
      Objects.requireNonNull(maxUnavailable, "maxUnavailable");
      this.maxUnavailable = KubernetesNames.requireIntOrPercent("maxUnavailable", maxUnavailable);
      return this;
    }

    /**
     * The PodDisruptionBudget's name; default {@code <workload>-pdb}.
     *
     * @throws IllegalArgumentException if not a valid Kubernetes name
     */
    public Builder disruptionBudgetName(String pdbName) {
      Objects.requireNonNull(pdbName, "pdbName");
      this.disruptionBudgetName = KubernetesNames.requireSubdomainName("PodDisruptionBudget name", pdbName);
      return this;
    }

    /**
     * Validates and builds the workload.
     *
     * @throws IllegalArgumentException if the settings contradict each other, naming the workload
     */
    public Workload build() {
      return new Workload(this);
    }
  }
}
