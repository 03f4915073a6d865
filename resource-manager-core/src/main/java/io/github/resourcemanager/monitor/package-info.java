/**
 * Monitoring: the {@link io.github.resourcemanager.monitor.Metric}s recorded, the
 * {@link io.github.resourcemanager.monitor.Sample} of each tick, the history read back as
 * {@link io.github.resourcemanager.monitor.Series} and {@link io.github.resourcemanager.monitor.Summary}, the
 * {@link io.github.resourcemanager.monitor.Agent}s tracked, and the
 * {@link io.github.resourcemanager.monitor.ResourceSource} SPI for new sources of measurements.
 */
@NullMarked
package io.github.resourcemanager.monitor;

import org.jspecify.annotations.NullMarked;
