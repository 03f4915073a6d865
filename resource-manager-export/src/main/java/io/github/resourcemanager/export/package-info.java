/**
 * Getting recorded history out: {@link io.github.resourcemanager.export.HistoryExporter} writes machine and
 * per-agent history as JSON or CSV (streamed, ISO-8601 UTC times, units in headers, optional downsampling),
 * {@link io.github.resourcemanager.export.AlertExporter} writes active and resolved alerts the same way, and
 * {@link io.github.resourcemanager.export.Analytics} answers questions over a window (peaks, bottlenecks, allocation
 * efficiency) and suggests alert thresholds and agent limits ({@code autotune}), as typed reports that can be written
 * as JSON. Suggestions are never applied by themselves.
 *
 * <p>The writers use Jackson, an optional dependency of this library: JSON needs
 * {@code com.fasterxml.jackson.core:jackson-databind} (or jackson-core), CSV also
 * {@code com.fasterxml.jackson.dataformat:jackson-dataformat-csv}. Without them, writing throws an
 * {@link java.lang.IllegalStateException} that names the artifact to add; everything else in the library works.
 *
 * <p>See {@code docs/export.md} for the formats with samples.
 */
package io.github.resourcemanager.export;
