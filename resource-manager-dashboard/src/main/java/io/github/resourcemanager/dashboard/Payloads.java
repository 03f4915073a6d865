package io.github.resourcemanager.dashboard;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.alert.Alert;
import io.github.resourcemanager.allocate.AgentStatus;
import io.github.resourcemanager.allocate.Resource;
import io.github.resourcemanager.allocate.ResourcePool;
import io.github.resourcemanager.allocate.ResourceVector;
import io.github.resourcemanager.allocate.Shares;
import io.github.resourcemanager.monitor.Agent;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Series;
import io.github.resourcemanager.monitor.Sample;
import io.github.resourcemanager.scale.ScaleDecision;
import io.github.resourcemanager.scale.Scaler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Writes the JSON the endpoints and the event stream send. Every text that comes from the library's users (labels,
 * annotations, agent ids, scaler reasons) is a JSON string; the page puts it into the document as text only.
 * Runs on server threads, never on the monitor thread. Thread-safe.
 */
final class Payloads {

  private static final JsonFactory JSON = new JsonFactory();

  private final ResourceManager rm;
  private final DashboardConfig config;
  private final @Nullable ResourcePool pool; // null when allocation is not configured

  Payloads(ResourceManager rm, DashboardConfig config, @Nullable ResourcePool pool) {
    this.rm = rm;
    this.config = config;
    this.pool = pool;
  }

  /** The data of a {@code tick} event: the frame's values and the current alerts, decisions and shares. */
  byte[] tick(Frame frame) {
    return write(g -> {
      g.writeStartObject();
      g.writeNumberField("sequence", frame.sequence);
      g.writeStringField("time", Instant.ofEpochMilli(frame.epochMillis).toString());
      g.writeNumberField("t", frame.epochMillis);
      g.writeObjectFieldStart("system");
      for (int i = 0; i < Frame.SYSTEM.size(); i++) {
        number(g, Frame.SYSTEM.get(i).name(), frame.system[i]);
      }
      g.writeEndObject();
      g.writeArrayFieldStart("agents");
      for (int a = 0; a < frame.agentIds.length; a++) {
        g.writeStartObject();
        g.writeStringField("id", frame.agentIds[a]);
        g.writeObjectFieldStart("values");
        for (int m = 0; m < Frame.AGENT.size(); m++) {
          number(g, Frame.AGENT.get(m).name(), frame.agentValue(a, m));
        }
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeEndArray();
      state(g);
      g.writeEndObject();
    });
  }

  /** The latest values ({@link ResourceManager#currentUsage()}) with the current alerts, decisions and shares. */
  byte[] snapshot() {
    Optional<Sample> latest = rm.currentUsage();
    return write(g -> {
      g.writeStartObject();
      if (latest.isPresent()) {
        g.writeStringField("time", latest.get().time().toString());
        g.writeNumberField("t", latest.get().epochMillis());
      } else {
        g.writeNullField("time"); // no sample yet
        g.writeNullField("t");
      }
      g.writeObjectFieldStart("system");
      for (Metric m : Frame.SYSTEM) {
        number(g, m.name(), latest.map(s -> s.value(m)).orElse(Double.NaN));
      }
      g.writeEndObject();
      g.writeArrayFieldStart("agents");
      for (Agent agent : latest.map(Sample::agents).orElse(List.of())) {
        Sample s = latest.get();
        g.writeStartObject();
        g.writeStringField("id", agent.id());
        g.writeObjectFieldStart("values");
        for (Metric m : Frame.AGENT) {
          number(g, m.name(), s.value(agent, m));
        }
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeEndArray();
      state(g);
      g.writeEndObject();
    });
  }

  /**
   * A {@code history} event: the recorded series within the history window, and the current state; and the ticker
   * time of its last sample ({@link Long#MIN_VALUE} without one). A holder of bytes to send, never compared.
   */
  static final class History {
    private final byte[] json;
    private final long lastTickNanos;

    History(byte[] json, long lastTickNanos) {
      this.json = json;
      this.lastTickNanos = lastTickNanos;
    }

    byte[] json() {
      return json;
    }

    long lastTickNanos() {
      return lastTickNanos;
    }
  }

  /**
   * The machine's and every agent's history within the configured window, with the current state. Every series is
   * aligned to the machine's sample times ({@code t}); an agent's value is null before it was registered.
   */
  History history() {
    // One start for every series, so that they begin at the same sample.
    Duration window = config.historyWindow();
    List<Series> system = new ArrayList<>(Frame.SYSTEM.size());
    for (Metric m : Frame.SYSTEM) {
      system.add(rm.history(m, window));
    }
    Series times = system.get(0);
    long last = times.isEmpty() ? Long.MIN_VALUE : times.tickNanos(times.size() - 1);
    byte[] json = write(g -> {
      g.writeStartObject();
      g.writeNumberField("windowMillis", config.historyWindow().toMillis());
      g.writeArrayFieldStart("t");
      for (int i = 0; i < times.size(); i++) {
        g.writeNumber(times.epochMillis(i));
      }
      g.writeEndArray();
      g.writeObjectFieldStart("system");
      for (Series series : system) {
        numbers(g, series.metric().name(), series, times);
      }
      g.writeEndObject();
      g.writeArrayFieldStart("agents");
      for (Agent agent : rm.agents()) {
        List<Series> agentSeries = new ArrayList<>(Frame.AGENT.size());
        for (Metric m : Frame.AGENT) {
          agentSeries.add(agent.history(m, window));
        }
        g.writeStartObject();
        g.writeStringField("id", agent.id());
        g.writeObjectFieldStart("values");
        for (Series series : agentSeries) {
          numbers(g, series.metric().name(), series, times); // same ticks as the machine's: one time axis
        }
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeEndArray();
      state(g);
      g.writeEndObject();
    });
    return new History(json, last);
  }

  /** The active alerts (oldest first) and the resolved ones still kept (most recent first). */
  byte[] alerts() {
    return write(g -> {
      g.writeStartObject();
      alertArray(g, "active", rm.alerts().activeAlerts());
      alertArray(g, "resolved", rm.alerts().resolvedAlerts());
      g.writeEndObject();
    });
  }

  /** The scalers' latest evaluations and recent decisions that changed something, newest first. */
  byte[] decisions() {
    return write(g -> {
      g.writeStartObject();
      decisionArray(g);
      g.writeEndObject();
    });
  }

  /** The shares in force, or {@code {"configured":false}}. */
  byte[] allocation() {
    return write(g -> {
      g.writeStartObject();
      allocationFields(g);
      g.writeEndObject();
    });
  }

  /** One alert, as the acknowledge endpoint returns it. */
  byte[] alert(Alert alert) {
    return write(g -> {
      g.writeStartObject();
      g.writeFieldName("alert");
      alert(g, alert);
      g.writeEndObject();
    });
  }

  /** {@code {"error": message}}. */
  static byte[] error(String message) {
    return write(g -> {
      g.writeStartObject();
      g.writeStringField("error", message);
      g.writeEndObject();
    });
  }

  // ------------------------------------------------------------------ parts

  private void state(JsonGenerator g) throws IOException {
    alertArray(g, "alerts", rm.alerts().activeAlerts());
    decisionArray(g);
    g.writeObjectFieldStart("allocation");
    allocationFields(g);
    g.writeEndObject();
  }

  private static void alertArray(JsonGenerator g, String field, List<Alert> alerts) throws IOException {
    g.writeArrayFieldStart(field);
    for (Alert a : alerts) {
      alert(g, a);
    }
    g.writeEndArray();
  }

  private static void alert(JsonGenerator g, Alert a) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", a.id());
    g.writeStringField("name", a.name());
    g.writeStringField("state", a.state().name());
    g.writeStringField("severity", a.severity().name());
    g.writeStringField("peakSeverity", a.peakSeverity().name());
    number(g, "value", a.value());
    g.writeStringField("activeAt", a.activeAt().toString());
    optionalTime(g, "firedAt", a.firedAt());
    optionalTime(g, "resolvedAt", a.resolvedAt());
    g.writeBooleanField("acknowledged", a.isAcknowledged());
    if (a.acknowledgement().isPresent()) {
      Alert.Acknowledgement ack = a.acknowledgement().get();
      g.writeObjectFieldStart("acknowledgement");
      g.writeStringField("by", ack.by());
      g.writeStringField("comment", ack.comment());
      g.writeStringField("at", ack.at().toString());
      g.writeEndObject();
    } else {
      g.writeNullField("acknowledgement");
    }
    if (a.agent().isPresent()) {
      g.writeStringField("agent", a.agent().get());
    } else {
      g.writeNullField("agent");
    }
    g.writeBooleanField("fromEvent", a.isFromEvent());
    stringMap(g, "labels", a.labels());
    stringMap(g, "annotations", a.annotations());
    g.writeEndObject();
  }

  /** A decision as shown: the latest evaluation of its scaler, with the count of unchanged ones it ends. */
  private record DecisionRow(ScaleDecision decision, boolean latest, long unchangedRun) {}

  /**
   * The decisions worth a row: for each scaler its latest evaluation (whatever its outcome, as one row that says
   * how many evaluations in a row changed nothing, {@link Scaler#unchangedEvaluations()}), and its earlier decisions
   * that changed something or failed ({@link Scaler#decisions()}, which keeps only those), up to {@code decisions}
   * in all, newest first. A scaler that holds its size for an hour is one row, not hundreds.
   */
  private void decisionArray(JsonGenerator g) throws IOException {
    List<DecisionRow> rows = new ArrayList<>();
    int limit = config.decisions();
    if (limit > 0) {
      List<DecisionRow> changes = new ArrayList<>();
      for (Scaler scaler : rm.scalers()) {
        long unchanged = scaler.unchangedEvaluations();
        Optional<ScaleDecision> latest = scaler.lastDecision();
        if (latest.isEmpty()) {
          continue;
        }
        rows.add(new DecisionRow(latest.get(), true, unchanged));
        List<ScaleDecision> kept = scaler.decisions();
        int taken = 0;
        for (int i = kept.size() - 1; i >= 0 && taken < limit; i--) {
          if (!kept.get(i).equals(latest.get())) { // the latest has its row already when it changed something
            changes.add(new DecisionRow(kept.get(i), false, 0));
            taken++;
          }
        }
      }
      // Newest first; a stable sort keeps the latest rows (and scaler order) first among decisions of one instant.
      changes.sort(Comparator.comparing((DecisionRow r) -> r.decision().time()).reversed());
      rows.addAll(changes.subList(0, Math.min(changes.size(), Math.max(0, limit - rows.size()))));
      rows.sort(Comparator.comparing((DecisionRow r) -> r.decision().time()).reversed());
    }
    g.writeArrayFieldStart("decisions");
    for (DecisionRow row : rows) {
      ScaleDecision d = row.decision();
      g.writeStartObject();
      g.writeStringField("scaler", d.scaler());
      g.writeStringField("time", d.time().toString());
      // UP, DOWN or NONE: which way the decided size moves from the current one
      g.writeStringField("direction", d.desired() > d.current() ? "UP" : d.desired() < d.current() ? "DOWN" : "NONE");
      g.writeNumberField("current", d.current());
      g.writeNumberField("proposed", d.proposed());
      g.writeNumberField("desired", d.desired());
      g.writeNumberField("applied", d.applied());
      g.writeStringField("outcome", d.outcome().name());
      g.writeStringField("reason", d.reason());
      g.writeStringField("error", d.error());
      g.writeBooleanField("latest", row.latest());
      g.writeNumberField("unchangedRun", row.unchangedRun());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private void allocationFields(JsonGenerator g) throws IOException {
    if (pool == null) {
      g.writeBooleanField("configured", false);
      return;
    }
    Shares shares = pool.shares();
    g.writeBooleanField("configured", true);
    g.writeStringField("strategy", shares.strategy());
    if (shares.profile().isPresent()) {
      g.writeStringField("profile", shares.profile().get());
    } else {
      g.writeNullField("profile");
    }
    TreeSet<Resource> resources = new TreeSet<>(shares.global().resources());
    shares.projects().values().forEach(v -> resources.addAll(v.resources()));
    shares.agents().values().forEach(v -> resources.addAll(v.resources()));
    g.writeArrayFieldStart("resources");
    for (Resource r : resources) {
      g.writeString(r.name());
    }
    g.writeEndArray();
    g.writeArrayFieldStart("rows");
    shareRow(g, "global", "global", null, null, shares.global());
    for (Map.Entry<String, ResourceVector> e : shares.projects().entrySet()) {
      shareRow(g, "project", e.getKey(), null, null, e.getValue());
    }
    for (Map.Entry<String, ResourceVector> e : shares.agents().entrySet()) {
      Optional<AgentStatus> status = pool.status(e.getKey());
      shareRow(g, "agent", e.getKey(), status.map(AgentStatus::project).orElse(null),
          status.map(s -> s.state().name()).orElse(null), e.getValue());
    }
    g.writeEndArray();
  }

  private static void shareRow(JsonGenerator g, String level, String name, @Nullable String project,
      @Nullable String state, ResourceVector share) throws IOException {
    g.writeStartObject();
    g.writeStringField("level", level);
    g.writeStringField("name", name);
    if (project != null) {
      g.writeStringField("project", project);
    }
    if (state != null) {
      g.writeStringField("state", state);
    }
    g.writeObjectFieldStart("share");
    for (Resource r : share.resources()) {
      g.writeStringField(r.name(), r.format(share.amount(r)));
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  // ------------------------------------------------------------------ primitives

  private static void number(JsonGenerator g, String field, double value) throws IOException {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      g.writeNullField(field); // JSON has no NaN; null reads as "not measured"
    } else {
      g.writeNumberField(field, value);
    }
  }

  /**
   * Writes {@code series} aligned to the samples of {@code times}: samples are appended while the series are read
   * one after another, so a later series may have a sample more at its end (or, in a full ring, one less at its
   * start); matching on the ticker reading keeps every value under its own time.
   */
  private static void numbers(JsonGenerator g, String field, Series series, Series times) throws IOException {
    g.writeArrayFieldStart(field);
    int j = 0;
    for (int i = 0; i < times.size(); i++) {
      long t = times.tickNanos(i);
      while (j < series.size() && series.tickNanos(j) - t < 0) {
        j++;
      }
      double v = j < series.size() && series.tickNanos(j) == t ? series.value(j) : Double.NaN;
      if (Double.isNaN(v) || Double.isInfinite(v)) {
        g.writeNull();
      } else {
        g.writeNumber(v);
      }
    }
    g.writeEndArray();
  }

  private static void optionalTime(JsonGenerator g, String field, Optional<Instant> time) throws IOException {
    if (time.isPresent()) {
      g.writeStringField(field, time.get().toString());
    } else {
      g.writeNullField(field);
    }
  }

  private static void stringMap(JsonGenerator g, String field, Map<String, String> map) throws IOException {
    g.writeObjectFieldStart(field);
    for (Map.Entry<String, String> e : map.entrySet()) {
      g.writeStringField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
  }

  @FunctionalInterface
  private interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  private static byte[] write(Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException("writing dashboard JSON failed", e); // a byte array never fails to grow
    }
    return out.toByteArray();
  }
}
