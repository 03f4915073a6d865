/**
 * A local web dashboard for a {@link io.github.resourcemanager.ResourceManager}: live charts of machine and agent
 * usage over Server-Sent Events, the active alerts with an acknowledge button, recent scaler decisions and
 * allocation shares, served by the JDK's built-in HTTP server on 127.0.0.1. Start one with
 * {@link io.github.resourcemanager.dashboard.Dashboard#start(io.github.resourcemanager.ResourceManager, int)}.
 */
@NullMarked
package io.github.resourcemanager.dashboard;

import org.jspecify.annotations.NullMarked;
