package io.github.resourcemanager.alert;

import io.github.resourcemanager.internal.Durations;
import io.github.resourcemanager.internal.alert.Names;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An alert raised by something that happened rather than by a threshold: a container killed for running out
 * of memory, a process that exited with code 137. Raise it with {@link AlertPipeline#raise(EventAlert)}; it
 * fires at once and goes through the same identity, acknowledgement, silence and handler machinery as threshold
 * alerts.
 *
 * <pre>{@code
 * pipeline.raise(EventAlert.of("container-oom-killed", Severity.CRITICAL)
 *     .withAgent("worker-7")
 *     .withLabel("image", "app:1.4")
 *     .withAnnotation("summary", "container worker-7 was killed: out of memory (exit code 137)")
 *     .withResolveAfter(Duration.ofMinutes(10)));
 * }</pre>
 *
 * <p>Identity is the name plus the labels (with the agent): raising the same identity again while its alert is
 * active updates that alert (severity, value, annotations) and restarts its resolve-after countdown, as
 * Alertmanager does with re-sent alerts. Immutable and thread-safe.
 *
 * @param name the alert's name, its {@code alertname} label: 1 to 128 letters, digits and {@code _ . : -}, starting
 *     with a letter
 * @param severity its severity
 * @param labels its identifying labels, including {@code agent} when set (kept last); {@code alertname} and
 *     {@code severity} are reserved
 * @param annotations its annotations, used as given (no placeholders)
 * @param value a value worth showing (e.g. an exit code), or {@code NaN} for none
 * @param resolveAfter how long after the last raise the alert resolves by itself, at the first evaluation on or
 *     after that time; {@link Duration#ZERO}: only when resolved explicitly
 */
public record EventAlert(String name, Severity severity, Map<String, String> labels, Map<String, String> annotations,
    double value, Duration resolveAfter) {

  /** Default time after the last raise at which an event alert resolves by itself: 5 minutes (Alertmanager's {@code resolve_timeout}). */
  public static final Duration DEFAULT_RESOLVE_AFTER = Duration.ofMinutes(5);

  /**
   * Validates and copies the fields.
   *
   * @throws IllegalArgumentException naming the first invalid field
   */
  public EventAlert {
    Names.requireNonNull("name", name);
    Names.requireNonNull("severity", severity);
    Names.requireNonNull("labels", labels);
    Names.requireNonNull("annotations", annotations);
    Names.requireAlertName("event alert name", name);
    String owner = "event alert " + Names.quote(name);
    Map<String, String> all = new LinkedHashMap<>();
    String agent = null;
    for (Map.Entry<String, String> label : labels.entrySet()) {
      if (Names.AGENT.equals(label.getKey())) {
        agent = Names.requireText("agent of " + owner, label.getValue());
      } else {
        Names.requireUserLabel(owner, label.getKey(), label.getValue());
        all.put(label.getKey(), label.getValue());
      }
    }
    if (agent != null) {
      all.put(Names.AGENT, agent); // last, whatever order the labels were given in
    }
    labels = Names.freeze(all);
    annotations.forEach((k, v) -> {
      Names.requireText("annotation name of " + owner, k);
      Names.requireNonNull("annotations[" + Names.quote(k) + "]", v);
    });
    annotations = Names.freeze(annotations);
    if (Double.isInfinite(value)) {
      throw new IllegalArgumentException("value of " + owner + " must be finite or NaN (none), was " + value);
    }
    Durations.nonNegativeNanos("resolveAfter of " + owner, resolveAfter);
  }

  /**
   * An event alert with this name and severity, no labels, no annotations, no value, resolving by itself
   * {@link #DEFAULT_RESOLVE_AFTER} after its last raise.
   *
   * @throws IllegalArgumentException if the name is not allowed
   */
  public static EventAlert of(String name, Severity severity) {
    return new EventAlert(name, severity, Map.of(), Map.of(), Double.NaN, DEFAULT_RESOLVE_AFTER);
  }

  /**
   * This event alert concerning an agent (container, task): the {@code agent} label.
   *
   * @throws IllegalArgumentException if {@code agentId} is blank
   */
  public EventAlert withAgent(String agentId) {
    Map<String, String> more = new LinkedHashMap<>(labels);
    more.put(Names.AGENT, Names.requireNonNull("agentId", agentId));
    return new EventAlert(name, severity, more, annotations, value, resolveAfter);
  }

  /**
   * This event alert with one more identifying label (or another value for it). {@code alertname}, {@code agent}
   * (use {@link #withAgent}) and {@code severity} are reserved.
   *
   * @throws IllegalArgumentException if the label name is not allowed or reserved
   */
  public EventAlert withLabel(String labelName, String labelValue) {
    Names.requireNonNull("labelName", labelName);
    Names.requireNonNull("labelValue", labelValue);
    Names.requireUserLabel("event alert " + Names.quote(name), labelName, labelValue);
    Map<String, String> more = new LinkedHashMap<>(labels);
    more.put(labelName, labelValue);
    return new EventAlert(name, severity, more, annotations, value, resolveAfter);
  }

  /**
   * This event alert with one more annotation (or another text for it), used as given.
   *
   * @throws IllegalArgumentException if the annotation name is blank
   */
  public EventAlert withAnnotation(String annotationName, String text) {
    Map<String, String> more = new LinkedHashMap<>(annotations);
    more.put(Names.requireNonNull("annotationName", annotationName), Names.requireNonNull("text", text));
    return new EventAlert(name, severity, labels, more, value, resolveAfter);
  }

  /**
   * This event alert with a value worth showing, such as an exit code; {@code NaN} for none.
   *
   * @throws IllegalArgumentException if {@code value} is infinite
   */
  public EventAlert withValue(double value) {
    return new EventAlert(name, severity, labels, annotations, value, resolveAfter);
  }

  /**
   * This event alert resolving by itself {@code resolveAfter} after its last raise; {@link Duration#ZERO} means
   * only {@link AlertPipeline#resolve} ends it.
   *
   * @throws IllegalArgumentException if {@code resolveAfter} is negative
   */
  public EventAlert withResolveAfter(Duration resolveAfter) {
    return new EventAlert(name, severity, labels, annotations, value,
        Names.requireNonNull("resolveAfter", resolveAfter));
  }

  /** The agent concerned (the {@code agent} label), if any. */
  public Optional<String> agent() {
    return Optional.ofNullable(labels.get(Names.AGENT));
  }

  @Override
  public String toString() {
    return "EventAlert{" + name + " " + severity + " " + labels + "}";
  }
}
