package io.github.resourcemanager.monitor;

/**
 * Counters of one source since the monitor was created.
 *
 * @param name the source's name
 * @param isolated whether it runs on its own thread under the source timeout
 * @param samples ticks whose values it delivered
 * @param failures ticks in which it threw
 * @param timeouts ticks in which it had not finished by the deadline (or was still busy with an earlier call)
 * @param lastError the last failure, or {@code null}
 */
public record SourceStats(String name, boolean isolated, long samples, long failures, long timeouts, String lastError) {}
