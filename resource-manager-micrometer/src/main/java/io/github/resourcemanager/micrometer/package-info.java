/**
 * Micrometer integration: {@link io.github.resourcemanager.micrometer.ResourceManagerMetrics} binds a
 * {@link io.github.resourcemanager.ResourceManager} to any Micrometer registry (monitored metrics in base units,
 * cumulative quantities as counters, alerts, scalers, the vertical recommender, allocation), configured by
 * {@link io.github.resourcemanager.micrometer.ResourceManagerMetricsConfig}. Registries hold the manager only weakly.
 * See {@code docs/micrometer.md}.
 */
@NullMarked
package io.github.resourcemanager.micrometer;

import org.jspecify.annotations.NullMarked;
