package io.github.resourcemanager.internal.allocate;

import io.github.resourcemanager.allocate.AgentSpec;
import io.github.resourcemanager.allocate.AllocationConfig;
import io.github.resourcemanager.allocate.Profile;
import io.github.resourcemanager.allocate.ProjectConfig;
import io.github.resourcemanager.allocate.Resource;
import io.github.resourcemanager.allocate.ResourceVector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Where the values of a configuration read from JSON were written, and as what, so that the checks across fields
 * made when it is built (a project or agent limit above the limit over it, an agent naming a priority class that is
 * not configured, custom shares that do not fit) name the JSON path and the value as the user wrote it:
 * {@code $.resource_sharing.perProjectLimits.web.maxMemory: "6Gi" is above the global limit "4Gi"
 * ($.global.resourceLimits.maxMemory)}. A value counts as written in the JSON only while the configuration still
 * holds the amount read there; one changed in code afterwards is reported by {@link AllocationConfig}'s own checks.
 *
 * <p>The reader attaches the paths to the builder it filled (held weakly: they go with the builder); the builder's
 * {@code build()} runs {@link #check} before its own checks.
 */
public final class JsonPaths {

  // Builders are told apart by identity (they do not override equals), which is what is meant here.
  private static final Map<AllocationConfig.Builder, JsonPaths> BY_BUILDER =
      Collections.synchronizedMap(new WeakHashMap<>());

  /**
   * A value as written in the JSON.
   *
   * @param path its JSON path
   * @param text how it was written, with the amount it stands for when that reads differently ({@code "6Gi"},
   *     {@code 50 % of 8 CPUs (4)})
   * @param amount the amount read, in the resource's base unit
   */
  record Written(String path, String text, long amount) {}

  final Map<Resource, Written> global = new LinkedHashMap<>();
  final Map<String, Map<Resource, Written>> projectLimits = new LinkedHashMap<>();
  final Map<String, Map<Resource, Written>> agentLimits = new LinkedHashMap<>();
  final Map<String, Written> agentPriorityClasses = new LinkedHashMap<>(); // text: the class name; amount unused
  final Map<String, Map<Resource, Written>> profileLimits = new LinkedHashMap<>();
  String projectLimitsPath = "$.resource_sharing.perProjectLimits";

  /** Attaches {@code paths} to {@code builder}, replacing any attached before. */
  @SuppressWarnings("CollectionIncompatibleType")
  static void attach(AllocationConfig.Builder builder, JsonPaths paths) {
    BY_BUILDER.put(builder, paths);
  }

  /**
   * Runs the checks across fields of {@code config}, built from {@code builder}, on the values that came from JSON,
   * if the builder was filled from JSON; does nothing otherwise.
   *
   * @throws IllegalArgumentException naming the JSON path, the value as written and what it conflicts with
   */
  @SuppressWarnings("CollectionIncompatibleType")
  public static void check(AllocationConfig.Builder builder, AllocationConfig config) {
    JsonPaths paths = BY_BUILDER.get(builder);
    if (paths != null) {
      paths.check(config);
    }
  }

  private void check(AllocationConfig config) {
    for (AgentSpec agent : config.agents().values()) {
      Written written = agentPriorityClasses.get(agent.id());
      String name = agent.priorityClass().orElse(null);
      if (written != null && name != null && name.equals(written.text())
          && !config.priorityClasses().containsKey(name)) {
        throw new IllegalArgumentException(written.path() + ": \"" + name + "\" is not a configured priority class; "
            + (config.priorityClasses().isEmpty()
                ? "none is configured (add it to $.resource_sharing.priorityClasses)"
                : "allowed: " + String.join(", ", config.priorityClasses().keySet())));
      }
      Map<Resource, Written> limits = agentLimits.get(agent.id());
      ProjectConfig project = config.projects().get(agent.project());
      if (project != null) {
        within(limits, agent.resources().limits(), "project \"" + project.name() + "\"'s limit", project.limits(),
            projectLimits.get(project.name()));
      }
      within(limits, agent.resources().limits(), "the global limit", config.globalLimits(), global);
    }
    checkLevel(config, "the global limit", config.globalLimits(), global);
    for (Profile profile : config.profiles().values()) {
      Map<Resource, Written> origins = new LinkedHashMap<>(global);
      Map<Resource, Written> own = profileLimits.get(profile.name());
      for (Resource r : profile.limits().resources()) {
        Written w = own == null ? null : own.get(r);
        if (w != null) {
          origins.put(r, w);
        } else {
          origins.remove(r);
        }
      }
      checkLevel(config, "profile \"" + profile.name() + "\"'s global limit", ProfileSchedule.capacity(config, profile),
          origins);
    }
  }

  private void checkLevel(AllocationConfig config, String level, ResourceVector capacity,
                          Map<Resource, Written> capacityOrigins) {
    for (ProjectConfig p : config.projects().values()) {
      within(projectLimits.get(p.name()), p.limits(), level, capacity, capacityOrigins);
    }
    if (config.strategy().name().equals("custom")) {
      customFit(config, level, capacity, capacityOrigins);
    }
  }

  /** The custom strategy gives each project with a limit exactly its limit: those limits must fit together. */
  private void customFit(AllocationConfig config, String level, ResourceVector capacity,
                         Map<Resource, Written> capacityOrigins) {
    List<ProjectConfig> projects = new ArrayList<>(config.projects().values());
    projects.sort(Comparator.comparing(ProjectConfig::name)); // as the strategy lists them
    for (Resource r : capacity.resources()) {
      long sum = 0;
      boolean fromJson = false;
      List<String> parts = new ArrayList<>();
      for (ProjectConfig p : projects) {
        if (p.limits().has(r)) {
          long v = p.limits().amount(r);
          sum = Apportion.saturatedAdd(sum, v);
          Written w = fromJson(projectLimits.get(p.name()), r, p.limits());
          fromJson |= w != null;
          parts.add(p.name() + " " + (w == null ? r.format(v) : w.text() + " (" + w.path() + ")"));
        }
      }
      if (fromJson && sum > capacity.amount(r)) {
        throw new IllegalArgumentException(projectLimitsPath + ": custom shares do not fit: the " + r + " limits "
            + String.join(" + ", parts) + " come to " + r.format(sum) + ", above " + level + " "
            + describe(capacityOrigins, r, capacity));
      }
    }
  }

  /** Fails if an amount of {@code child} written in the JSON is above the same resource's amount in {@code parent}. */
  private static void within(@Nullable Map<Resource, Written> childOrigins, ResourceVector child, String parentLevel,
                             ResourceVector parent, @Nullable Map<Resource, Written> parentOrigins) {
    for (Resource r : child.resources()) {
      Written w = fromJson(childOrigins, r, child);
      if (w != null && parent.has(r) && child.amount(r) > parent.amount(r)) {
        throw new IllegalArgumentException(w.path() + ": " + w.text() + " is above " + parentLevel + " "
            + describe(parentOrigins, r, parent));
      }
    }
  }

  /** The amount of {@code r} in {@code v}: as written in the JSON, with its path, or else formatted. */
  private static String describe(@Nullable Map<Resource, Written> origins, Resource r, ResourceVector v) {
    Written w = fromJson(origins, r, v);
    return w == null ? r + "=" + r.format(v.amount(r)) : w.text() + " (" + w.path() + ")";
  }

  /** Where {@code r}'s amount in {@code v} was written, if it is still the amount read there. */
  private static @Nullable Written fromJson(@Nullable Map<Resource, Written> origins, Resource r, ResourceVector v) {
    Written w = origins == null ? null : origins.get(r);
    return w != null && v.has(r) && v.amount(r) == w.amount() ? w : null;
  }
}
