/**
 * Sharing and admission: how the agents of a {@link io.github.resourcemanager.ResourceManager} share the machine,
 * with Kubernetes' semantics where Kubernetes has them. Configure it with
 * {@link io.github.resourcemanager.allocate.AllocationConfig} (or a JSON file, {@code AllocationConfig.custom(path)}),
 * and reach the running {@link io.github.resourcemanager.allocate.ResourcePool} with
 * {@code ResourceManager.allocation()}.
 *
 * <ul>
 *   <li>What agents ask for: {@link io.github.resourcemanager.allocate.AgentSpec} with
 *       {@link io.github.resourcemanager.allocate.Resources} (requests and limits, giving a
 *       {@link io.github.resourcemanager.allocate.QosClass}) in amounts of
 *       {@link io.github.resourcemanager.allocate.Resource}s ({@link io.github.resourcemanager.allocate.ResourceVector}).
 *   <li>Admission: {@link io.github.resourcemanager.allocate.PriorityClass},
 *       {@link io.github.resourcemanager.allocate.LimitRange}, {@link io.github.resourcemanager.allocate.Quota}, the
 *       {@link io.github.resourcemanager.allocate.OverflowPolicy overflow queue}; the outcome is an
 *       {@link io.github.resourcemanager.allocate.Admission}.
 *   <li>Shares: the {@link io.github.resourcemanager.allocate.SharingStrategy} divides the global limits (after the
 *       active {@link io.github.resourcemanager.allocate.Profile}) among projects
 *       ({@link io.github.resourcemanager.allocate.ProjectConfig}) and their agents; the result is the
 *       {@link io.github.resourcemanager.allocate.Shares} in force.
 *   <li>Enforcement: usage above a limit takes effect per its
 *       {@link io.github.resourcemanager.allocate.EnforcementPolicy}, through the pool's executors for agents in
 *       this JVM and through {@link io.github.resourcemanager.allocate.Enforcer}s (an SPI) for containers.
 *   <li>What happened: {@link io.github.resourcemanager.allocate.AllocationEvent}s to listeners,
 *       {@link io.github.resourcemanager.allocate.AgentStatus} on request, and
 *       {@link io.github.resourcemanager.allocate.Allocation} recommendations from the agents' history.
 * </ul>
 *
 * <p>Amounts are whole, non-negative numbers in each resource's base unit (millicores, bytes, counts), so sums and
 * divisions are exact. Configurations and values are immutable; the pool is thread-safe.
 */
@NullMarked
package io.github.resourcemanager.allocate;

import org.jspecify.annotations.NullMarked;
