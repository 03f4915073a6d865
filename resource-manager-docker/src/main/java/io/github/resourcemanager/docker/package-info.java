/**
 * Docker adapter: per-agent container limits that really reach the container, a stats source for the monitor,
 * an {@link io.github.resourcemanager.allocate.Enforcer} for containers and typed engine events.
 *
 * <p>Start with {@link io.github.resourcemanager.docker.DockerResources}. A container belongs to an agent when it
 * carries the label {@value io.github.resourcemanager.docker.DockerLabels#AGENT}; see {@link
 * io.github.resourcemanager.docker.DockerLabels}.
 */
@NullMarked
package io.github.resourcemanager.docker;

import org.jspecify.annotations.NullMarked;
