package io.github.resourcemanager.allocate;

import io.github.resourcemanager.internal.Durations;
import io.github.resourcemanager.internal.allocate.AllocationJsonReader;
import io.github.resourcemanager.internal.allocate.BuiltInStrategy;
import io.github.resourcemanager.internal.allocate.JsonPaths;
import io.github.resourcemanager.internal.monitor.SystemFacts;
import io.github.resourcemanager.monitor.Metric;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Immutable configuration of a {@link ResourcePool}: limits at three levels (global, per project, per agent), the
 * sharing strategy, quotas, limit ranges, priority classes, overflow queue, enforcement, profiles and prediction.
 * Build with {@link #custom()}, or start from a JSON file with {@link #custom(Path)} (or JSON text with
 * {@link #fromJson(String)}).
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>globalLimits</td><td>none</td><td>the most all agents together may use (the JSON configuration's global resourceLimits)</td></tr>
 *   <tr><td>project(...)</td><td>none</td><td>per-project limits, minimum, weight, priority, quota, limit range, policy</td></tr>
 *   <tr><td>agent(...)</td><td>none</td><td>specs of known agents, used by {@link ResourcePool#admit(String)}</td></tr>
 *   <tr><td>strategy</td><td>equal</td><td>how shares are divided</td></tr>
 *   <tr><td>priorityClass(...)</td><td>none</td><td>named priorities</td></tr>
 *   <tr><td>preemption</td><td>false</td><td>whether higher priority agents may preempt lower ones</td></tr>
 *   <tr><td>overflow</td><td>{@link OverflowPolicy#ofDefaults()}</td><td>the overflow queue</td></tr>
 *   <tr><td>enforcement</td><td>{@link EnforcementPolicy#pause()}</td><td>the global policy, inherited by projects and agents</td></tr>
 *   <tr><td>profile(...)</td><td>none</td><td>named global limits by time window or by name</td></tr>
 *   <tr><td>activeProfile / profileVariable / environment</td><td>none / {@code RESOURCE_PROFILE} / {@code System::getenv}</td>
 *       <td>profile chosen by name: the environment variable wins over the configured name</td></tr>
 *   <tr><td>zone</td><td>system default</td><td>the time zone of profile windows</td></tr>
 *   <tr><td>prediction</td><td>{@link PredictionConfig#ofDefaults()}</td><td>{@link ResourcePool#predict}</td></tr>
 *   <tr><td>machineCpus</td><td>detected</td><td>logical CPUs, to turn CPU percentages into millicores</td></tr>
 *   <tr><td>usageMetric(...)</td><td>see {@link #usageMetrics()}</td><td>where each resource's usage is read</td></tr>
 *   <tr><td>enforcer(...)</td><td>none</td><td>enforcers for agents outside this JVM (e.g. Docker)</td></tr>
 *   <tr><td>checkInterval</td><td>none</td><td>how often limits are checked; the facade uses it as the sampling interval</td></tr>
 * </table>
 *
 * <p>{@link Builder#build()} checks that children never exceed parents: an agent's limits must fit its project's,
 * a project's limits and the sum of the minimums must fit the global limits and every profile's.
 */
public final class AllocationConfig {

  /** Memory used by an agent, bytes, as written by sources that can measure it (containers). */
  public static final Metric AGENT_MEMORY_USED = Metric.AGENT_MEMORY_USED;
  /** Files an agent has open, as written by sources that can measure it. */
  public static final Metric AGENT_OPEN_FILES = Metric.AGENT_OPEN_FILES;
  /** The environment variable naming the active profile unless configured otherwise. */
  public static final String DEFAULT_PROFILE_VARIABLE = "RESOURCE_PROFILE";

  private final ResourceVector globalLimits;
  private final Map<String, ProjectConfig> projects;
  private final Map<String, AgentSpec> agents;
  private final SharingStrategy strategy;
  private final Map<String, PriorityClass> priorityClasses;
  private final boolean preemption;
  private final OverflowPolicy overflow;
  private final EnforcementPolicy enforcement;
  private final Map<String, Profile> profiles;
  private final @Nullable String activeProfile;
  private final String profileVariable;
  private final @Nullable String environmentProfile;
  private final ZoneId zone;
  private final PredictionConfig prediction;
  private final int machineCpus;
  private final Map<Resource, Metric> usageMetrics;
  private final List<Enforcer> enforcers;
  private final @Nullable Duration checkInterval;

  private AllocationConfig(Builder b) {
    this.globalLimits = b.globalLimits;
    this.projects = Collections.unmodifiableMap(new LinkedHashMap<>(b.projects));
    this.agents = Collections.unmodifiableMap(new LinkedHashMap<>(b.agents));
    this.strategy = b.strategy;
    this.priorityClasses = Collections.unmodifiableMap(new LinkedHashMap<>(b.priorityClasses));
    this.preemption = b.preemption;
    this.overflow = b.overflow;
    this.enforcement = b.enforcement;
    this.profiles = Collections.unmodifiableMap(new LinkedHashMap<>(b.profiles));
    this.activeProfile = b.activeProfile;
    this.profileVariable = b.profileVariable;
    this.zone = b.zone;
    this.prediction = b.prediction;
    this.machineCpus = b.machineCpus > 0 ? b.machineCpus : SystemFacts.detect().logicalCpus();
    this.usageMetrics = Collections.unmodifiableMap(new LinkedHashMap<>(b.usageMetrics));
    this.enforcers = List.copyOf(b.enforcers);
    this.checkInterval = b.checkInterval;
    String fromEnv = b.environment.apply(profileVariable);
    this.environmentProfile = fromEnv == null || fromEnv.isBlank() ? null : fromEnv.trim();
    JsonPaths.check(b, this); // read from JSON: the same checks, naming the JSON paths and the values as written
    validate();
  }

  /** A builder with every setting at its default. */
  public static Builder custom() {
    return new Builder();
  }

  /** The default configuration: no limits, equal sharing. */
  public static AllocationConfig ofDefaults() {
    return custom().build();
  }

  /**
   * A builder holding the configuration in a JSON file, to adjust further or build. Needs
   * {@code com.fasterxml.jackson.core:jackson-databind} on the class path (an optional dependency of
   * resource-manager-core).
   *
   * <pre>{@code
   * AllocationConfig config = AllocationConfig.custom(Path.of("workspace.json")).build();
   * }</pre>
   *
   * <p>The file has the sections {@code global.resourceLimits}, {@code resource_sharing}, {@code projects},
   * {@code agents} and {@code resource_profiles} (the keys are listed in {@code docs/configuration.md}); other
   * keys are ignored, so a whole workspace file can be read, and comments are allowed. Inside those sections unknown
   * keys are errors, which catches typos. CPU amounts written as numbers are percentages of the whole machine
   * ({@code "maxCpu": 60}), converted with this machine's logical CPUs; strings are percentages with {@code %} or
   * CPU quantities ({@code "1500m"}). Sizes are read by {@link io.github.resourcemanager.units.ByteSize#parse}, so
   * {@code "2GB"} is 2,147,483,648 bytes. Durations are seconds or ISO-8601 ({@code "PT5M"}).
   *
   * @throws IllegalStateException if jackson-databind is not on the class path; the message names the dependency
   * @throws java.io.UncheckedIOException if the file cannot be read
   * @throws NullPointerException if {@code jsonFile} is null
   * @throws IllegalArgumentException naming the JSON path of the first invalid value,
   *     e.g. {@code $.resource_sharing.weights.api-service: must be > 0, was -1}
   */
  public static Builder custom(Path jsonFile) {
    Objects.requireNonNull(jsonFile, "jsonFile");
    return AllocationJsonReader.read(jsonFile, custom(), SystemFacts.detect().logicalCpus());
  }

  /**
   * A builder holding the configuration in JSON text, read as {@link #custom(Path)} reads a file.
   *
   * @throws IllegalStateException if jackson-databind is not on the class path; the message names the dependency
   * @throws NullPointerException if {@code json} is null
   * @throws IllegalArgumentException naming the JSON path of the first invalid value
   */
  public static Builder fromJson(String json) {
    Objects.requireNonNull(json, "json");
    return AllocationJsonReader.parse(json, custom(), SystemFacts.detect().logicalCpus());
  }

  // ------------------------------------------------------------------ validation

  private void validate() {
    int defaults = 0;
    for (PriorityClass pc : priorityClasses.values()) {
      if (pc.globalDefault()) {
        defaults++;
      }
    }
    if (defaults > 1) {
      throw new IllegalArgumentException("at most one priority class may be the global default, found " + defaults
          + " in " + priorityClasses.values());
    }
    for (AgentSpec agent : agents.values()) {
      agent.priorityClass().ifPresent(name -> {
        if (!priorityClasses.containsKey(name)) {
          throw new IllegalArgumentException("agent \"" + agent.id() + "\" names priority class \"" + name
              + "\", which is not configured; configured: " + priorityClasses.keySet());
        }
      });
      ProjectConfig project = projects.get(agent.project());
      ResourceVector agentLimits = agent.resources().limits();
      if (project != null) {
        requireWithin("agent \"" + agent.id() + "\" limit", agentLimits, "project \"" + project.name() + "\" limit",
            project.limits());
      }
      requireWithin("agent \"" + agent.id() + "\" limit", agentLimits, "global limit", globalLimits);
    }
    if (activeProfile != null && !profiles.containsKey(activeProfile)) {
      throw new IllegalArgumentException("activeProfile \"" + activeProfile + "\" names no profile; known profiles: "
          + profiles.keySet());
    }
    if (environmentProfile != null && !profiles.containsKey(environmentProfile)) {
      throw new IllegalArgumentException("environment variable " + profileVariable + "=" + environmentProfile
          + " names no profile; known profiles: " + profiles.keySet());
    }
    checkCapacity("global limit", globalLimits);
    for (Profile profile : profiles.values()) {
      checkCapacity("profile \"" + profile.name() + "\" global limit", capacity(profile));
    }
  }

  private void checkCapacity(String level, ResourceVector capacity) {
    ResourceVector minimums = ResourceVector.empty();
    for (ProjectConfig p : projects.values()) {
      requireWithin("project \"" + p.name() + "\" limit", p.limits(), level, capacity);
      minimums = minimums.plus(p.minimum());
    }
    requireWithin("the sum of the project minimums", minimums, level, capacity);
    try {
      BuiltInStrategy.checkProjects(strategy, capacity, projects.values());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage() + " (" + level + ")", e);
    }
  }

  private static void requireWithin(String childLevel, ResourceVector child, String parentLevel, ResourceVector parent) {
    for (Resource r : child.resources()) {
      if (parent.has(r) && child.amount(r) > parent.amount(r)) {
        throw new IllegalArgumentException(childLevel + " " + r + "=" + r.format(child.amount(r)) + " exceeds "
            + parentLevel + " " + r + "=" + r.format(parent.amount(r)));
      }
    }
  }

  /** The global limits while {@code profile} is active (null: no profile). */
  private ResourceVector capacity(@Nullable Profile profile) {
    if (profile == null) {
      return globalLimits;
    }
    ResourceVector capacity = globalLimits;
    for (Resource r : profile.limits().resources()) {
      capacity = capacity.with(r, profile.limits().amount(r));
    }
    return capacity;
  }

  /**
   * Turns a CPU percentage of the whole machine into millicores, rounding down to a millicore (60 % of 8 CPUs is
   * 4800m).
   *
   * @throws IllegalArgumentException if {@code percent} is not between 0 and 100
   */
  public static long cpuPercentToMillicores(double percent, int machineCpus) {
    if (!(percent >= 0 && percent <= 100)) {
      throw new IllegalArgumentException("CPU percent must be between 0 and 100, was " + percent);
    }
    return BigDecimal.valueOf(percent).multiply(BigDecimal.valueOf(machineCpus)).movePointRight(1)
        .setScale(0, RoundingMode.FLOOR).longValueExact();
  }

  // ------------------------------------------------------------------ accessors

  /** The most all agents together may use, before profiles; empty for unlimited. */
  public ResourceVector globalLimits() {
    return globalLimits;
  }

  /** The configured projects by name, in configuration order. */
  public Map<String, ProjectConfig> projects() {
    return projects;
  }

  /** The configured agent specs by id. */
  public Map<String, AgentSpec> agents() {
    return agents;
  }

  /** The sharing strategy. */
  public SharingStrategy strategy() {
    return strategy;
  }

  /** The priority classes by name. */
  public Map<String, PriorityClass> priorityClasses() {
    return priorityClasses;
  }

  /** Whether higher priority agents may preempt lower ones. */
  public boolean preemption() {
    return preemption;
  }

  /** The overflow queue policy. */
  public OverflowPolicy overflow() {
    return overflow;
  }

  /** The global enforcement policy. */
  public EnforcementPolicy enforcement() {
    return enforcement;
  }

  /** The profiles by name, in configuration order (the first matching time window wins). */
  public Map<String, Profile> profiles() {
    return profiles;
  }

  /** The profile chosen by name: the environment variable's, else the configured one. */
  public Optional<String> selectedProfile() {
    return Optional.ofNullable(environmentProfile != null ? environmentProfile : activeProfile);
  }

  /** The environment variable read for the profile name. */
  public String profileVariable() {
    return profileVariable;
  }

  /** The time zone of profile windows. */
  public ZoneId zone() {
    return zone;
  }

  /** How {@link ResourcePool#predict} predicts. */
  public PredictionConfig prediction() {
    return prediction;
  }

  /** Logical CPUs of the machine, used to convert CPU percentages. */
  public int machineCpus() {
    return machineCpus;
  }

  /**
   * Where each resource's usage is read from the samples: by default {@code cpu} from
   * {@link Metric#AGENT_CPU_USAGE} (a percentage of the machine, converted to millicores), {@code memory} from
   * {@link #AGENT_MEMORY_USED}, {@code threads} from {@link Metric#AGENT_THREADS}, {@code open-files} from
   * {@link #AGENT_OPEN_FILES}, {@code allocation-rate} from {@link Metric#AGENT_ALLOCATION_RATE}.
   */
  public Map<Resource, Metric> usageMetrics() {
    return usageMetrics;
  }

  /** Enforcers for agents outside this JVM, applied in addition to the pool's own gating of agents in this JVM. */
  public List<Enforcer> enforcers() {
    return enforcers;
  }

  /** How often limits are checked, if configured; the facade samples at this interval. */
  public Optional<Duration> checkInterval() {
    return Optional.ofNullable(checkInterval);
  }

  /** Builds an {@link AllocationConfig}. Not thread-safe. */
  public static final class Builder {
    private ResourceVector globalLimits = ResourceVector.empty();
    private final Map<String, ProjectConfig> projects = new LinkedHashMap<>();
    private final Map<String, AgentSpec> agents = new LinkedHashMap<>();
    private SharingStrategy strategy = SharingStrategy.equal();
    private final Map<String, PriorityClass> priorityClasses = new LinkedHashMap<>();
    private boolean preemption;
    private OverflowPolicy overflow = OverflowPolicy.ofDefaults();
    private EnforcementPolicy enforcement = EnforcementPolicy.pause();
    private final Map<String, Profile> profiles = new LinkedHashMap<>();
    private @Nullable String activeProfile;
    private String profileVariable = DEFAULT_PROFILE_VARIABLE;
    private Function<String, @Nullable String> environment = System::getenv;
    private ZoneId zone = ZoneId.systemDefault();
    private PredictionConfig prediction = PredictionConfig.ofDefaults();
    private int machineCpus;
    private final Map<Resource, Metric> usageMetrics = new LinkedHashMap<>();
    private final List<Enforcer> enforcers = new ArrayList<>();
    private @Nullable Duration checkInterval;

    private Builder() {
      usageMetrics.put(Resource.CPU, Metric.AGENT_CPU_USAGE);
      usageMetrics.put(Resource.MEMORY, AGENT_MEMORY_USED);
      usageMetrics.put(Resource.OPEN_FILES, AGENT_OPEN_FILES);
      usageMetrics.put(Resource.THREADS, Metric.AGENT_THREADS);
      usageMetrics.put(Resource.ALLOCATION_RATE, Metric.AGENT_ALLOCATION_RATE);
    }

    /** The most all agents together may use. */
    public Builder globalLimits(ResourceVector limits) {
      this.globalLimits = Objects.requireNonNull(limits, "globalLimits");
      return this;
    }

    /**
     * Adds a project.
     *
     * @throws IllegalArgumentException if a project of that name was added already
     */
    public Builder project(ProjectConfig project) {
      Objects.requireNonNull(project, "project");
      if (projects.putIfAbsent(project.name(), project) != null) {
        throw new IllegalArgumentException("project \"" + project.name() + "\" is configured twice");
      }
      return this;
    }

    /**
     * Adds the spec of a known agent.
     *
     * @throws IllegalArgumentException if an agent of that id was added already
     */
    public Builder agent(AgentSpec agent) {
      Objects.requireNonNull(agent, "agent");
      if (agents.putIfAbsent(agent.id(), agent) != null) {
        throw new IllegalArgumentException("agent \"" + agent.id() + "\" is configured twice");
      }
      return this;
    }

    /**
     * The sharing strategy: one of {@link SharingStrategy}'s.
     *
     * @throws IllegalArgumentException if it is not one of them
     */
    public Builder strategy(SharingStrategy strategy) {
      this.strategy = BuiltInStrategy.requireBuiltIn(strategy);
      return this;
    }

    /**
     * Adds a priority class.
     *
     * @throws IllegalArgumentException if a class of that name was added already
     */
    public Builder priorityClass(PriorityClass priorityClass) {
      Objects.requireNonNull(priorityClass, "priorityClass");
      if (priorityClasses.putIfAbsent(priorityClass.name(), priorityClass) != null) {
        throw new IllegalArgumentException("priority class \"" + priorityClass.name() + "\" is configured twice");
      }
      return this;
    }

    /** Whether higher priority agents may preempt lower ones to be admitted. */
    public Builder preemption(boolean enabled) {
      this.preemption = enabled;
      return this;
    }

    /** The overflow queue policy. */
    public Builder overflow(OverflowPolicy overflow) {
      this.overflow = Objects.requireNonNull(overflow, "overflow");
      return this;
    }

    /** The global enforcement policy. */
    public Builder enforcement(EnforcementPolicy enforcement) {
      this.enforcement = Objects.requireNonNull(enforcement, "enforcement");
      return this;
    }

    /**
     * Adds a profile.
     *
     * @throws IllegalArgumentException if a profile of that name was added already
     */
    public Builder profile(Profile profile) {
      Objects.requireNonNull(profile, "profile");
      if (profiles.putIfAbsent(profile.name(), profile) != null) {
        throw new IllegalArgumentException("profile \"" + profile.name() + "\" is configured twice");
      }
      return this;
    }

    /** The profile to use regardless of time (an environment variable still wins). */
    public Builder activeProfile(String name) {
      this.activeProfile = Objects.requireNonNull(name, "activeProfile");
      return this;
    }

    /**
     * The environment variable naming the profile; default {@code RESOURCE_PROFILE}.
     *
     * @throws IllegalArgumentException if empty
     */
    public Builder profileVariable(String variable) {
      Objects.requireNonNull(variable, "variable");
      if (variable.isBlank()) {
        throw new IllegalArgumentException("profileVariable must not be empty");
      }
      this.profileVariable = variable;
      return this;
    }

    /** How environment variables are read; default {@code System::getenv}. Tests pass a map's {@code get}. */
    public Builder environment(Function<String, @Nullable String> environment) {
      this.environment = Objects.requireNonNull(environment, "environment");
      return this;
    }

    /** The time zone of profile windows. */
    public Builder zone(ZoneId zone) {
      this.zone = Objects.requireNonNull(zone, "zone");
      return this;
    }

    /** How {@link ResourcePool#predict} predicts. */
    public Builder prediction(PredictionConfig prediction) {
      this.prediction = Objects.requireNonNull(prediction, "prediction");
      return this;
    }

    /**
     * The machine's logical CPUs; default: detected.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder machineCpus(int cpus) {
      if (cpus < 1) {
        throw new IllegalArgumentException("machineCpus must be at least 1, was " + cpus);
      }
      this.machineCpus = cpus;
      return this;
    }

    /**
     * Reads {@code resource}'s usage from per-agent {@code metric}. A percentage metric for CPU is a share of the
     * whole machine; any other value is taken as an amount in the resource's base unit.
     *
     * @throws IllegalArgumentException if {@code metric} is not a per-agent metric
     */
    public Builder usageMetric(Resource resource, Metric metric) {
      Objects.requireNonNull(resource, "resource");
      Objects.requireNonNull(metric, "metric");
      if (!metric.isAgentMetric()) {
        throw new IllegalArgumentException("usage metric for " + resource + " must be a per-agent metric (agent.*), was "
            + metric);
      }
      usageMetrics.put(resource, metric);
      return this;
    }

    /**
     * Adds an enforcer for agents outside this JVM, such as containers; agents in this JVM are enforced through
     * {@link ResourcePool#executor} whatever the enforcers.
     */
    public Builder enforcer(Enforcer enforcer) {
      enforcers.add(Objects.requireNonNull(enforcer, "enforcer"));
      return this;
    }

    /** How often limits are checked; the facade samples at this interval. */
    public Builder checkInterval(Duration interval) {
      Durations.positiveNanos("checkInterval", interval);
      this.checkInterval = interval;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException naming the first problem, e.g.
     *     {@code project "api" limit memory=750Mi exceeds profile "idle" global limit memory=512Mi}
     */
    public AllocationConfig build() {
      return new AllocationConfig(this);
    }
  }
}
