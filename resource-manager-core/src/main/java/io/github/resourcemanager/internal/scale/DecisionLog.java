package io.github.resourcemanager.internal.scale;

import io.github.resourcemanager.scale.MetricReading;
import io.github.resourcemanager.scale.ScaleDecision;
import io.github.resourcemanager.scale.ScaleOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import io.github.resourcemanager.internal.Faults;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decisions of one scaler, kept in preallocated slots and turned into {@link ScaleDecision}s only when read
 * or delivered to a listener, so that recording a decision allocates nothing.
 *
 * <p>Two things are kept: the decisions that changed something (the target was resized, or the decision failed), up
 * to the capacity, oldest dropped first; and the latest evaluation, whatever its outcome. An evaluation that changed
 * nothing ({@link ScaleOutcome#UNCHANGED}) only replaces the latest and is counted ({@link #unchanged()}, the
 * evaluations in a row since the last change), so a scaler that holds its size for days keeps the changes before.
 *
 * <p>The deciding thread writes a slot that readers never see ({@link #begin}); {@link #commit()} publishes it under
 * the lock by swapping slots, never copying. Writers must be serialized by the caller.
 */
final class DecisionLog {
  static final int MAX_REASONS = 6;

  private static final Logger log = LoggerFactory.getLogger(DecisionLog.class);

  private final String scaler;
  private final int capacity;
  private final Reason.Context context;
  private final String[] metricNames;
  private final CopyOnWriteArrayList<Consumer<ScaleDecision>> listeners = new CopyOnWriteArrayList<>();
  private volatile AtomicLong listenerFailures = new AtomicLong();
  private volatile boolean listenerFailing; // for logging once per run of failures
  // Guarded by this, except `writing`, which only the (serialized) deciding thread touches outside commit().
  private final Slot[] changes; // a ring: the `size` changes before `head`, oldest first
  private int head;
  private int size;
  private Slot writing; // the slot being written, never visible
  private @Nullable Slot latest; // the latest evaluation: the newest change, or `unchangedSlot`; null before the first
  private Slot unchangedSlot; // the latest evaluation when it changed nothing, else a spare
  private long unchanged; // evaluations in a row, up to the latest, that changed nothing

  DecisionLog(String scaler, int capacity, String[] metricNames, Reason.Context context) {
    this.scaler = scaler;
    this.capacity = capacity;
    this.metricNames = metricNames.clone();
    this.context = context;
    this.changes = new Slot[capacity];
    for (int i = 0; i < changes.length; i++) {
      changes[i] = new Slot(metricNames.length);
    }
    this.writing = new Slot(metricNames.length);
    this.unchangedSlot = new Slot(metricNames.length);
  }

  /** The slot for the next decision, cleared. Not visible to readers until {@link #commit()}. */
  Slot begin(long epochMillis, int current) {
    Slot slot = writing;
    slot.reset(epochMillis, current);
    return slot;
  }

  /**
   * Publishes the slot returned by {@link #begin} as the latest evaluation, keeps it among the changes unless it
   * changed nothing, and delivers it to the listeners.
   */
  void commit() {
    Slot written;
    synchronized (this) {
      written = writing;
      if (written.outcome == ScaleOutcome.UNCHANGED) {
        writing = unchangedSlot; // the previous unchanged evaluation, no longer shown, is written next
        unchangedSlot = written;
        unchanged++;
      } else {
        writing = changes[head]; // the oldest change, dropped when the ring is full, is written next
        changes[head] = written;
        head = (head + 1) % changes.length;
        if (size < capacity) {
          size++;
        }
        unchanged = 0;
      }
      latest = written;
    }
    if (!listeners.isEmpty()) {
      ScaleDecision decision = materialize(written);
      boolean failed = false;
      for (Consumer<ScaleDecision> listener : listeners) {
        try {
          listener.accept(decision);
        } catch (Throwable e) {
          failed = true;
          listenerFailures.incrementAndGet();
          if (!listenerFailing) {
            listenerFailing = true;
            log.warn("decision listener {} of scaler {} failed; the other listeners still ran (further failures are "
                + "logged at debug until the listeners succeed again)", listener, scaler, e);
          } else {
            log.debug("decision listener {} of scaler {} failed again", listener, scaler, e);
          }
          Faults.rethrowIfFatal(e);
        }
      }
      if (!failed) {
        listenerFailing = false;
      }
    }
  }

  /** The decisions that changed something, oldest first. */
  synchronized List<ScaleDecision> decisions() {
    List<ScaleDecision> result = new ArrayList<>(size);
    for (int i = size; i >= 1; i--) {
      result.add(materialize(changes[Math.floorMod(head - i, changes.length)]));
    }
    return Collections.unmodifiableList(result);
  }

  /** The latest evaluation, whatever its outcome. */
  synchronized Optional<ScaleDecision> last() {
    Slot slot = latest;
    return slot == null ? Optional.empty() : Optional.of(materialize(slot));
  }

  /** The evaluations in a row, up to the latest, that changed nothing; 0 when the latest changed something. */
  synchronized long unchanged() {
    return unchanged;
  }

  /** Counts listener failures in {@code counter} (shared with the monitor) instead of a counter of its own. */
  void countFailuresIn(AtomicLong counter) {
    listenerFailures = counter;
  }

  void addListener(Consumer<ScaleDecision> listener) {
    listeners.add(listener);
  }

  boolean removeListener(Consumer<ScaleDecision> listener) {
    return listeners.remove(listener);
  }

  void clearListeners() {
    listeners.clear();
  }

  /** The text of a slot's reasons, for logs. */
  String reasonText(Slot slot) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < slot.reasonCount; i++) {
      if (i > 0) {
        sb.append("; ");
      }
      slot.reasons[i].appendTo(sb, slot.a[i], slot.b[i], slot.x[i], slot.y[i], slot.z[i], context);
    }
    return sb.toString();
  }

  private ScaleDecision materialize(Slot slot) {
    List<MetricReading> metrics = new ArrayList<>(slot.metricCount);
    String firstMetricError = "";
    for (int i = 0; i < slot.metricCount; i++) {
      String error = slot.metricStatus[i].text(slot.metricDetail[i], slot.metricResource[i]);
      if (firstMetricError.isEmpty() && !error.isEmpty()) {
        firstMetricError = metricNames[i] + ": " + error;
      }
      metrics.add(new MetricReading(metricNames[i], slot.metricCurrent[i], slot.metricTarget[i],
          slot.metricProposal[i], error));
    }
    String error = slot.error;
    if (slot.errorFromMetrics) {
      error = firstMetricError;
    }
    return new ScaleDecision(scaler, Instant.ofEpochMilli(slot.epochMillis), slot.current, slot.proposed, slot.desired, slot.applied, slot.outcome, metrics, reasonText(slot),
        error);
  }

  /** One decision's fields, reused. */
  static final class Slot {
    long epochMillis;
    int current;
    int proposed;
    int desired;
    int applied;
    ScaleOutcome outcome = ScaleOutcome.UNCHANGED;
    final Reason[] reasons = new Reason[MAX_REASONS];
    final long[] a = new long[MAX_REASONS];
    final long[] b = new long[MAX_REASONS];
    final double[] x = new double[MAX_REASONS];
    final double[] y = new double[MAX_REASONS];
    final double[] z = new double[MAX_REASONS];
    int reasonCount;
    String error = "";
    boolean errorFromMetrics;
    final int metricCount;
    final double[] metricCurrent;
    final double[] metricTarget;
    final int[] metricProposal;
    final MetricStatus[] metricStatus;
    final String[] metricDetail;
    final String[] metricResource;

    Slot(int metricCount) {
      this.metricCount = metricCount;
      metricCurrent = new double[metricCount];
      metricTarget = new double[metricCount];
      metricProposal = new int[metricCount];
      metricStatus = new MetricStatus[metricCount];
      metricDetail = new String[metricCount];
      metricResource = new String[metricCount];
    }

    void reset(long epochMillis, int current) {
      this.epochMillis = epochMillis;
      this.current = current;
      this.proposed = current;
      this.desired = current;
      this.applied = current;
      this.outcome = ScaleOutcome.UNCHANGED;
      this.reasonCount = 0;
      this.error = "";
      this.errorFromMetrics = false;
      for (int i = 0; i < metricCount; i++) {
        metricCurrent[i] = Double.NaN;
        metricTarget[i] = Double.NaN;
        metricProposal[i] = -1;
        metricStatus[i] = MetricStatus.OK;
        metricDetail[i] = "";
        metricResource[i] = "";
      }
    }

    Slot reason(Reason reason) {
      return reason(reason, 0, 0, Double.NaN, Double.NaN, Double.NaN);
    }

    Slot reason(Reason reason, long a, long b) {
      return reason(reason, a, b, Double.NaN, Double.NaN, Double.NaN);
    }

    Slot reason(Reason reason, long a, long b, double x, double y, double z) {
      if (reasonCount < MAX_REASONS) {
        int i = reasonCount++;
        reasons[i] = reason;
        this.a[i] = a;
        this.b[i] = b;
        this.x[i] = x;
        this.y[i] = y;
        this.z[i] = z;
      }
      return this;
    }

    boolean hasReason(Reason reason) {
      for (int i = 0; i < reasonCount; i++) {
        if (reasons[i] == reason) {
          return true;
        }
      }
      return false;
    }

    void metric(int index, double current, double target, int proposal, MetricStatus status, String detail,
        String resource) {
      metricCurrent[index] = current;
      metricTarget[index] = target;
      metricProposal[index] = proposal;
      metricStatus[index] = status;
      metricDetail[index] = detail;
      metricResource[index] = resource;
    }
  }
}
