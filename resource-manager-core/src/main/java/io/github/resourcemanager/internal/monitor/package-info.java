/**
 * The monitor's engine behind the API of {@link io.github.resourcemanager.monitor}: the tick loop and its
 * supervised sources, the platform sources (Linux {@code /proc}, OSHI, the JVM), agent tracking and the tiered,
 * compressed history store. <strong>Not public API</strong>: anything here may change or disappear in any release
 * without notice.
 */
@NullMarked
package io.github.resourcemanager.internal.monitor;

import org.jspecify.annotations.NullMarked;
