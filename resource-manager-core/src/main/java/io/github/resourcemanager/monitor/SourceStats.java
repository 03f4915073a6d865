package io.github.resourcemanager.monitor;

import org.jspecify.annotations.Nullable;

/**
 * Counters of one source since the monitor was created.
 *
 * @param name the source's name
 * @param isolated whether it runs on its own thread under the source timeout
 * @param samples ticks whose values it delivered
 * @param failures ticks in which it threw (any {@link Throwable}, {@link Error}s included)
 * @param timeouts ticks in which it had not returned by its deadline (the source timeout for a source that may
 *     block, the callback timeout for one that does not), or was still busy with an earlier call and was skipped
 * @param droppedValues values it wrote of metrics beyond a bound on distinct metrics (its own
 *     {@code maxMetricsPerSource}, or the monitor's {@code maxMetrics} or {@code maxAgentMetrics}), dropped
 * @param lastError the last failure or timeout, or {@code null}
 */
public record SourceStats(String name, boolean isolated, long samples, long failures, long timeouts,
    long droppedValues, @Nullable String lastError) {}
