/**
 * A bounded, self-stopping stress generator: {@link io.github.resourcemanager.test.stress.StressGenerator} runs
 * a {@link io.github.resourcemanager.test.stress.StressConfig} (CPU share, heap, parked threads, open files, for
 * a duration) and returns a {@link io.github.resourcemanager.test.stress.StressReport} of targets against what
 * was achieved, which can be written as JSON.
 */
@NullMarked
package io.github.resourcemanager.test.stress;

import org.jspecify.annotations.NullMarked;
