package io.github.resourcemanager.kubernetes;

import io.github.resourcemanager.allocate.AllocationConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One policy for the process and the cluster: the library's {@link AllocationConfig} and the {@link Workloads}
 * that run it in Kubernetes. {@link #toManifests()} exports it; {@link Manifests#toPolicy()} imports it back.
 *
 * @param allocation priority classes, projects (namespaces) with their quotas and limit ranges, agent tiers
 * @param workloads Deployments, StatefulSets, their scalers and disruption budgets, and namespace extras
 */
public record Policy(AllocationConfig allocation, Workloads workloads) {

  /**
   * Validates.
   *
   * @throws NullPointerException if an argument is null
   */
  public Policy {
    Objects.requireNonNull(allocation, "allocation");
    Objects.requireNonNull(workloads, "workloads");
  }

  /** A policy of {@code allocation} and {@code workloads}. */
  public static Policy of(AllocationConfig allocation, Workloads workloads) {
    return new Policy(allocation, workloads);
  }

  /**
   * The Kubernetes objects of this policy, with the settings that have no Kubernetes field listed in
   * {@link Manifests#unmapped()}.
   *
   * @throws IllegalArgumentException if a workload names an agent or priority class that is not configured, or a
   *     name or duration cannot be expressed in Kubernetes; the message names the object and field
   */
  public Manifests toManifests() {
    return Exporter.export(this);
  }

  /**
   * Reads a JSON configuration file: the allocation sections that {@link AllocationConfig#custom(Path)} reads and
   * the {@code kubernetes} section (workloads, priority class descriptions, namespace extras) described in
   * {@code docs/kubernetes.md}.
   *
   * @throws NullPointerException if {@code file} is null
   * @throws UncheckedIOException if the file cannot be read
   * @throws IllegalArgumentException naming the JSON path of the first invalid value
   */
  public static Policy readJson(Path file) {
    Objects.requireNonNull(file, "file");
    try {
      return parseJson(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read configuration " + file + ": " + e, e);
    }
  }

  /**
   * Parses a JSON configuration; see {@link #readJson(Path)}. CPU amounts written as numbers are percentages of
   * this machine, as {@link AllocationConfig#fromJson(String)} reads them; write CPU quantities ({@code "500m"}) for
   * a policy that exports the same on every machine.
   *
   * @throws NullPointerException if {@code json} is null
   * @throws IllegalArgumentException naming the JSON path of the first invalid value
   */
  public static Policy parseJson(String json) {
    Objects.requireNonNull(json, "json");
    AllocationConfig allocation = AllocationConfig.fromJson(json).build();
    return new Policy(allocation, WorkloadsJson.parse(json));
  }
}
