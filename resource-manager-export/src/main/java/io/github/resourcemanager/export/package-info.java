/**
 * Getting recorded history out: {@link io.github.resourcemanager.export.HistoryExporter} writes machine and
 * per-agent history as JSON or CSV (streamed, ISO-8601 UTC times, units in headers, optional downsampling),
 * {@link io.github.resourcemanager.export.AlertExporter} writes active and resolved alerts the same way, and
 * {@link io.github.resourcemanager.export.Analytics} answers questions over a window (peaks, bottlenecks, allocation
 * efficiency) and suggests alert thresholds and agent limits ({@code autotune}), as typed reports that can be written
 * as JSON. Suggestions are never applied by themselves.
 *
 * <p>Everything here reads a {@link io.github.resourcemanager.ResourceManager} through its public API: its machine
 * history, its agents' histories, its alert pipeline, its vertical recommender and its allocation.
 *
 * <p>The writers use Jackson, which this module depends on: JSON is written with
 * {@code com.fasterxml.jackson.core:jackson-databind} (its jackson-core is enough), CSV also with
 * {@code com.fasterxml.jackson.dataformat:jackson-dataformat-csv}. A class-path application that excludes them gets
 * an {@link java.lang.IllegalStateException} naming the artifact when it writes; everything else works without them.
 *
 * <p>Arguments and results are not null unless marked {@link org.jspecify.annotations.Nullable}; a null argument is
 * rejected with a {@link java.lang.NullPointerException} naming the parameter. See
 * {@code docs/export.md} for the formats with samples.
 */
@NullMarked
package io.github.resourcemanager.export;

import org.jspecify.annotations.NullMarked;
