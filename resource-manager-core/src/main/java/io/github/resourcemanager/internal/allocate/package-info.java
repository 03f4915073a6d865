/**
 * The engine behind {@link io.github.resourcemanager.allocate.ResourcePool}: admission, shares, enforcement, the
 * overflow queue and profiles, fed by the monitor's samples; see
 * {@link io.github.resourcemanager.internal.allocate.MonitoredPool} for how the parts fit. <strong>Not public
 * API</strong>: anything here may change or disappear in any release without notice.
 */
@NullMarked
package io.github.resourcemanager.internal.allocate;

import org.jspecify.annotations.NullMarked;
