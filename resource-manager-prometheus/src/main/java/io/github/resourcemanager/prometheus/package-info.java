/**
 * The fleet path to Prometheus: {@link io.github.resourcemanager.prometheus.PrometheusEndpoint} serves the Micrometer
 * binder's meters for Prometheus to scrape, and {@link io.github.resourcemanager.prometheus.PrometheusRules} exports
 * the library's alert rules as a Prometheus rule file whose alerts fire when the library's do. See
 * {@code docs/scale-out.md}.
 */
@NullMarked
package io.github.resourcemanager.prometheus;

import org.jspecify.annotations.NullMarked;
