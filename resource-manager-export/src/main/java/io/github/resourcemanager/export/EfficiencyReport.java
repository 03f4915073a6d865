package io.github.resourcemanager.export;

import io.github.resourcemanager.allocate.Resource;
import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Allocation efficiency over a window: for each admitted agent, each project and the pool as a whole, how much of
 * each allocated resource was used. See {@link Analytics#efficiency(Duration)}.
 *
 * @param generatedAt when the report was made (the manager's clock)
 * @param window how far back from then it looked
 * @param strategy the sharing strategy that divided the shares
 * @param profile the allocation profile active when the report was made, or {@code null}
 * @param machineCpus the logical CPUs the pool converts CPU percentages with
 * @param entries agents (by project, then id), then projects (by name), then the global line; within each, resources
 *     in the order of the pool's usage metrics (cpu, memory, open-files, threads, allocation-rate, then others)
 */
public record EfficiencyReport(Instant generatedAt, Duration window, String strategy, @Nullable String profile, int machineCpus,
    List<Efficiency> entries) implements JsonReport {

  /** Validates presence and copies the list. */
  public EfficiencyReport {
    Objects.requireNonNull(generatedAt, "generatedAt");
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(strategy, "strategy");
    entries = List.copyOf(Objects.requireNonNull(entries, "entries"));
  }

  /** The line of agent {@code agentId} for {@code resource}, if the agent had a share of it and measured usage. */
  public Optional<Efficiency> agent(String agentId, Resource resource) {
    Objects.requireNonNull(agentId, "agentId");
    Objects.requireNonNull(resource, "resource");
    return find(Efficiency.Scope.AGENT, agentId, resource);
  }

  /** The line of project {@code name} for {@code resource}, if the project had a share of it and measured usage. */
  public Optional<Efficiency> project(String name, Resource resource) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(resource, "resource");
    return find(Efficiency.Scope.PROJECT, name, resource);
  }

  /** The line of all admitted agents for {@code resource}, if the global limits limit it and usage was measured. */
  public Optional<Efficiency> global(Resource resource) {
    Objects.requireNonNull(resource, "resource");
    return find(Efficiency.Scope.GLOBAL, Analytics.GLOBAL, resource);
  }

  private Optional<Efficiency> find(Efficiency.Scope scope, String name, Resource resource) {
    for (Efficiency e : entries) {
      if (e.scope() == scope && e.name().equals(name) && e.resource() == resource) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  /**
   * Writes this report as JSON to {@code out}, flushed and left open:
   * <pre>{@code
   * {"kind":"efficiency","generatedAt":"2026-01-01T01:00:00Z","window":"PT1H","strategy":"equal","profile":null,
   *  "machineCpus":4,"entries":[{"scope":"agent","name":"w1","project":"web","resource":"cpu","unit":"millicores",
   *  "allocated":500,"samples":720,"meanUsed":412.5,"p95Used":610,"peakUsed":800,"efficiency":0.825,"idleShare":0.21}]}
   * }</pre>
   *
   * @throws IllegalStateException if jackson-core (from {@code jackson-databind}) is not on the class path
   */
  @Override
  public void writeJson(Writer out) throws IOException {
    Output.json(tree(), out, "writing efficiency");
  }


  private Map<String, Object> tree() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("kind", "efficiency");
    doc.put("generatedAt", generatedAt);
    doc.put("window", window);
    doc.put("strategy", strategy);
    doc.put("profile", profile);
    doc.put("machineCpus", machineCpus);
    List<Object> items = new ArrayList<>(entries.size());
    for (Efficiency e : entries) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("scope", e.scope());
      item.put("name", e.name());
      item.put("project", e.project());
      item.put("resource", e.resource().name());
      item.put("unit", e.unit());
      item.put("allocated", e.allocated());
      item.put("samples", e.samples());
      item.put("meanUsed", e.meanUsed());
      item.put("p95Used", e.p95Used());
      item.put("peakUsed", e.peakUsed());
      item.put("efficiency", e.efficiency());
      item.put("idleShare", e.idleShare());
      items.add(item);
    }
    doc.put("entries", items);
    return doc;
  }
}
