/**
 * Alerts: threshold rules evaluated on every sample with the Prometheus alerting-rule state machine (pending,
 * firing, resolved, {@code for}, {@code keep_firing_for}), event alerts raised by code, acknowledgements,
 * Alertmanager-style silences, repeat notifications, and rate-limited handlers isolated from each other and from
 * sampling. Start with {@link io.github.resourcemanager.alert.AlertPipeline} (a manager's {@code alerts()}) and
 * {@link io.github.resourcemanager.alert.AlertRule}; see {@code docs/alerting.md}.
 */
@NullMarked
package io.github.resourcemanager.alert;

import org.jspecify.annotations.NullMarked;
