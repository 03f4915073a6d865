package io.github.resourcemanager.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.github.resourcemanager.allocate.AllocationConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Kubernetes objects, as fabric8 model objects and as multi-document YAML: what {@link Policy#toManifests()}
 * exports, or what was read from YAML or from a cluster to be {@linkplain #toPolicy() imported}. Immutable: the
 * objects are copied in and out.
 */
public final class Manifests {

  /** The field manager of server-side apply. */
  public static final String FIELD_MANAGER = "resource-manager";

  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  static final ResourceDefinitionContext VPA = new ResourceDefinitionContext.Builder()
      .withGroup("autoscaling.k8s.io").withVersion("v1").withKind(Exporter.VPA_KIND)
      .withPlural("verticalpodautoscalers").withNamespaced(true).build();

  private final List<HasMetadata> objects;
  private final List<String> unmapped;

  Manifests(List<HasMetadata> objects, List<String> unmapped) {
    List<HasMetadata> copies = new ArrayList<>();
    for (HasMetadata o : objects) {
      copies.add(SERIALIZATION.clone(Objects.requireNonNull(o, "object")));
    }
    this.objects = List.copyOf(copies);
    this.unmapped = List.copyOf(unmapped);
  }

  /** Manifests of these objects (copied). */
  public static Manifests of(Collection<? extends HasMetadata> objects) {
    Objects.requireNonNull(objects, "objects");
    return new Manifests(new ArrayList<>(objects), List.of());
  }

  /**
   * Parses multi-document YAML (or JSON). Objects of kinds fabric8 does not know, such as the
   * VerticalPodAutoscaler, become {@link GenericKubernetesResource}s.
   *
   * @throws IllegalArgumentException if the text is not Kubernetes YAML
   */
  public static Manifests parseYaml(String yaml) {
    Objects.requireNonNull(yaml, "yaml");
    Object parsed;
    try {
      parsed = SERIALIZATION.unmarshal(yaml);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("cannot read the Kubernetes YAML: " + e.getMessage(), e);
    }
    List<HasMetadata> objects = new ArrayList<>();
    collect(parsed, objects);
    return new Manifests(objects, List.of());
  }

  private static void collect(@Nullable Object parsed, List<HasMetadata> into) {
    if (parsed == null) {
      return;
    }
    if (parsed instanceof List<?> list) {
      for (Object o : list) {
        collect(o, into);
      }
    } else if (parsed instanceof KubernetesResourceList<?> list) {
      for (Object o : list.getItems()) {
        collect(o, into);
      }
    } else if (parsed instanceof HasMetadata h) {
      into.add(h);
    } else if (parsed instanceof KubernetesResource) {
      throw new IllegalArgumentException("a document of the YAML is a " + parsed.getClass().getSimpleName()
          + ", not a Kubernetes object with metadata");
    } else {
      throw new IllegalArgumentException("a document of the YAML is not a Kubernetes object: " + parsed);
    }
  }

  /**
   * Reads a multi-document YAML file; see {@link #parseYaml(String)}.
   *
   * @throws UncheckedIOException if the file cannot be read
   * @throws IllegalArgumentException if it is not Kubernetes YAML
   */
  public static Manifests readYaml(Path file) {
    Objects.requireNonNull(file, "file");
    try {
      return parseYaml(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e, e);
    }
  }

  /**
   * Reads from a cluster the objects the import understands: PriorityClasses (except Kubernetes' own
   * {@code system-} classes), and in each of {@code namespaces} the ResourceQuotas, LimitRanges, Deployments,
   * StatefulSets, HorizontalPodAutoscalers ({@code autoscaling/v2}), VerticalPodAutoscalers (when their custom
   * resource is installed) and PodDisruptionBudgets. Status and server-set metadata are dropped.
   *
   * @throws KubernetesClientException if the cluster cannot be read
   */
  public static Manifests fromCluster(KubernetesClient client, Collection<String> namespaces) {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(namespaces, "namespaces");
    List<HasMetadata> objects = new ArrayList<>();
    client.scheduling().v1().priorityClasses().list().getItems().stream()
        .filter(pc -> !pc.getMetadata().getName().startsWith("system-"))
        .forEach(objects::add);
    for (String ns : namespaces) {
      objects.addAll(client.resourceQuotas().inNamespace(ns).list().getItems());
      objects.addAll(client.limitRanges().inNamespace(ns).list().getItems());
      objects.addAll(client.apps().deployments().inNamespace(ns).list().getItems());
      objects.addAll(client.apps().statefulSets().inNamespace(ns).list().getItems());
      objects.addAll(client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(ns).list().getItems());
      try {
        objects.addAll(client.genericKubernetesResources(VPA).inNamespace(ns).list().getItems());
      } catch (KubernetesClientException e) {
        if (e.getCode() != 404) {
          throw e;
        }
        // the VerticalPodAutoscaler's custom resource is not installed: there is none to read
      }
      objects.addAll(client.policy().v1().podDisruptionBudget().inNamespace(ns).list().getItems());
    }
    List<HasMetadata> cleaned = new ArrayList<>();
    for (HasMetadata o : objects) {
      HasMetadata copy = SERIALIZATION.clone(o);
      ObjectMeta m = copy.getMetadata();
      copy.setMetadata(new ObjectMetaBuilder().withName(m.getName()).withNamespace(m.getNamespace())
          .withLabels(m.getLabels()).withAnnotations(m.getAnnotations()).build());
      Importer.dropStatus(copy);
      cleaned.add(copy);
    }
    return new Manifests(cleaned, List.of());
  }

  /** The objects, in order (copies). */
  public List<HasMetadata> objects() {
    List<HasMetadata> copies = new ArrayList<>();
    for (HasMetadata o : objects) {
      copies.add(SERIALIZATION.clone(o));
    }
    return copies;
  }

  /**
   * The library settings the export could not express in Kubernetes, one sentence each saying why (for example the
   * controller manager flags behind a scaler's sync period). Empty for imported manifests.
   */
  public List<String> unmapped() {
    return unmapped;
  }

  /** The objects as multi-document YAML, each document starting with {@code ---}. */
  public String toYaml() {
    StringBuilder sb = new StringBuilder();
    for (HasMetadata o : objects) {
      String doc = SERIALIZATION.asYaml(o);
      if (!doc.startsWith("---")) {
        sb.append("---\n");
      }
      sb.append(doc);
      if (!doc.endsWith("\n")) {
        sb.append('\n');
      }
    }
    return sb.toString();
  }

  /**
   * Writes {@link #toYaml()} to {@code file}.
   *
   * @throws UncheckedIOException if it cannot be written
   */
  public void writeYaml(Path file) {
    Objects.requireNonNull(file, "file");
    try {
      Files.writeString(file, toYaml(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e, e);
    }
  }

  /**
   * Imports the objects into the library's configuration; see {@code docs/kubernetes.md} for what each field
   * becomes. Uses a base builder that reads no environment variable (an imported policy has no profiles).
   *
   * @throws IllegalArgumentException if an object cannot be represented, naming the object and field
   */
  public Policy toPolicy() {
    return toPolicy(AllocationConfig.custom().environment(name -> null));
  }

  /**
   * Imports the objects into {@code base}, whose other settings ({@code machineCpus}, sharing strategy, ...) are
   * kept.
   *
   * @throws IllegalArgumentException if an object cannot be represented, naming the object and field
   */
  public Policy toPolicy(AllocationConfig.Builder base) {
    Objects.requireNonNull(base, "base");
    return Importer.importPolicy(objects, base);
  }

  /**
   * Applies the objects to a cluster with server-side apply (field manager {@value #FIELD_MANAGER}, conflicts
   * forced), in order. With {@code dryRun} the API server validates and admits each object (defaulting,
   * admission webhooks, quota) and returns it without storing anything.
   *
   * @return the objects as the server returned them
   * @throws KubernetesClientException if the server rejects an object; objects before it were applied
   */
  public List<HasMetadata> apply(KubernetesClient client, boolean dryRun) {
    Objects.requireNonNull(client, "client");
    List<HasMetadata> applied = new ArrayList<>();
    for (HasMetadata o : objects) {
      HasMetadata copy = SERIALIZATION.clone(o);
      if (copy instanceof GenericKubernetesResource g && Exporter.VPA_KIND.equals(g.getKind())) {
        applied.add(client.genericKubernetesResources(VPA).inNamespace(g.getMetadata().getNamespace()).resource(g)
            .dryRun(dryRun).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply());
      } else {
        applied.add(client.resource(copy).dryRun(dryRun).fieldManager(FIELD_MANAGER).forceConflicts()
            .serverSideApply());
      }
    }
    return applied;
  }

  @Override
  public String toString() {
    return "Manifests{" + objects.size() + " objects" + (unmapped.isEmpty() ? "" : ", " + unmapped.size() + " unmapped")
        + "}";
  }
}
