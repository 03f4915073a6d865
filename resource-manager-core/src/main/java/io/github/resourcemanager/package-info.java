/**
 * The entry point: {@link io.github.resourcemanager.ResourceManager}, which owns a monitor, its history, the alert
 * pipeline, scalers and resource sharing, and the time and threads it runs on ({@link
 * io.github.resourcemanager.Ticker}, {@link io.github.resourcemanager.Scheduler}).
 *
 * <p>Every package of this library is null-marked: a parameter or return value may be null only where it is
 * annotated {@code @Nullable}, and a null argument anywhere else is a {@link java.lang.NullPointerException} whose
 * message names the parameter.
 */
@NullMarked
package io.github.resourcemanager;

import org.jspecify.annotations.NullMarked;
