package io.github.resourcemanager.internal.allocate;

import io.github.resourcemanager.allocate.AgentSpec;
import io.github.resourcemanager.allocate.PriorityClass;
import org.jspecify.annotations.Nullable;

/**
 * An agent asking to be admitted, after its project's limit range filled in defaults.
 *
 * @param spec what it asks for
 * @param priorityClass its priority class, or null if it has none and no class is the default
 * @param priority its priority value: its class's, or 0
 */
record Candidate(AgentSpec spec, @Nullable PriorityClass priorityClass, int priority) {}
