/**
 * The alert pipeline's engine: rule evaluation on the monitor thread, event alerts, the alert book, silences,
 * acknowledgements and notification of handlers, wired by {@link io.github.resourcemanager.internal.alert.AlertEngine}.
 * <strong>Not public API</strong>: anything here may change or disappear in any release without notice; use the
 * interfaces of {@code io.github.resourcemanager.alert}.
 */
@NullMarked
package io.github.resourcemanager.internal.alert;

import org.jspecify.annotations.NullMarked;
