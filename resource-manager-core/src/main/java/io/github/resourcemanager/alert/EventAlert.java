package io.github.resourcemanager.alert;

import io.github.resourcemanager.internal.Durations;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * An alert raised by something that happened rather than by a threshold: a container killed for running out
 * of memory, a process that exited with code 137. Raise it with {@link AlertPipeline#raise(EventAlert)}; it
 * fires at once and goes through the same identity, acknowledgement, silence and handler machinery as threshold
 * alerts.
 *
 * <pre>{@code
 * pipeline.raise(EventAlert.custom("container-oom-killed", Severity.CRITICAL)
 *     .agent("worker-7")
 *     .label("image", "app:1.4")
 *     .annotation("summary", "container worker-7 was killed: out of memory (exit code 137)")
 *     .resolveAfter(Duration.ofMinutes(10))
 *     .build());
 * }</pre>
 *
 * <p>Identity is the name plus the labels (with the agent): raising the same identity again while its alert is
 * active updates that alert (severity, value, annotations) and restarts its resolve-after countdown, as
 * Alertmanager does with re-sent alerts. Immutable and thread-safe.
 */
public final class EventAlert {

  /** Default time after the last raise at which an event alert resolves by itself: 5 minutes (Alertmanager's {@code resolve_timeout}). */
  public static final Duration DEFAULT_RESOLVE_AFTER = Duration.ofMinutes(5);

  private final String name;
  private final Severity severity;
  private final Map<String, String> labels;
  private final Map<String, String> annotations;
  private final double value;
  private final Duration resolveAfter;
  private final long resolveAfterNanos;
  private final String identity;

  private EventAlert(Builder b) {
    this.name = Names.requireAlertName("event alert name", b.name);
    String owner = "event alert " + Names.quote(name);
    this.severity = Names.requireNonNull("severity of " + owner, b.severity);
    Map<String, String> all = new LinkedHashMap<>();
    b.labels.forEach((k, v) -> {
      Names.requireUserLabel(owner, k, v);
      all.put(k, v);
    });
    if (b.agent != null) {
      all.put(Names.AGENT, Names.requireText("agent of " + owner, b.agent));
    }
    this.labels = Names.freeze(all);
    b.annotations.forEach((k, v) -> {
      Names.requireText("annotation name of " + owner, k);
      Names.requireNonNull("annotation " + Names.quote(k) + " of " + owner, v);
    });
    this.annotations = Names.freeze(b.annotations);
    if (Double.isInfinite(b.value)) {
      throw new IllegalArgumentException("value of " + owner + " must be finite or NaN (none), was " + b.value);
    }
    this.value = b.value;
    this.resolveAfter = b.resolveAfter;
    this.resolveAfterNanos = Durations.nonNegativeNanos("resolveAfter of " + owner, b.resolveAfter);
    this.identity = identity(name, labels);
  }

  /** A builder for an event alert with this name and severity. */
  public static Builder custom(String name, Severity severity) {
    return new Builder(name, severity);
  }

  static String identity(String name, Map<String, String> labels) {
    return name + new TreeMap<>(labels);
  }

  /** The alert's name; its {@code alertname} label. */
  public String name() {
    return name;
  }

  /** Its severity. */
  public Severity severity() {
    return severity;
  }

  /** Its identifying labels, including {@code agent} when set. */
  public Map<String, String> labels() {
    return labels;
  }

  /** Its annotations, used as given (no placeholders). */
  public Map<String, String> annotations() {
    return annotations;
  }

  /** A value worth showing (e.g. an exit code), or {@code NaN} for none. */
  public double value() {
    return value;
  }

  /** How long after the last raise the alert resolves by itself; {@link Duration#ZERO}: only when resolved explicitly. */
  public Duration resolveAfter() {
    return resolveAfter;
  }

  long resolveAfterNanos() {
    return resolveAfterNanos;
  }

  String identity() {
    return identity;
  }

  @Override
  public String toString() {
    return "EventAlert{" + name + " " + severity + " " + labels + "}";
  }

  /** Builds an {@link EventAlert}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private final Severity severity;
    private String agent;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final Map<String, String> annotations = new LinkedHashMap<>();
    private double value = Double.NaN;
    private Duration resolveAfter = DEFAULT_RESOLVE_AFTER;

    private Builder(String name, Severity severity) {
      this.name = name;
      this.severity = severity;
    }

    /** The agent (container, task) concerned; becomes the {@code agent} label. */
    public Builder agent(String agentId) {
      this.agent = agentId;
      return this;
    }

    /** Adds an identifying label. {@code alertname}, {@code agent} (use {@link #agent}) and {@code severity} are reserved. */
    public Builder label(String name, String value) {
      labels.put(name, value);
      return this;
    }

    /** Adds an annotation, used as given. */
    public Builder annotation(String name, String text) {
      annotations.put(name, text);
      return this;
    }

    /** A value worth showing, such as an exit code; default none ({@code NaN}). */
    public Builder value(double value) {
      this.value = value;
      return this;
    }

    /**
     * How long after the last raise the alert resolves by itself, at the first evaluation on or after that
     * time; default 5 minutes; {@link Duration#ZERO} means only {@link AlertPipeline#resolve} ends it.
     */
    public Builder resolveAfter(Duration resolveAfter) {
      this.resolveAfter = resolveAfter;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException naming the first invalid setting
     */
    public EventAlert build() {
      return new EventAlert(this);
    }
  }
}
