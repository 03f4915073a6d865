/**
 * Quantities of resources as people write them: {@link io.github.resourcemanager.units.ByteSize} for memory and
 * storage, {@link io.github.resourcemanager.units.CpuQuantity} for CPU, {@link io.github.resourcemanager.units.Percent}
 * for thresholds and utilization.
 *
 * <p>All three are immutable values with static factories, exact where it matters (bytes and millicores are whole
 * {@code long}s) and never negative. Their parsers read Kubernetes quantities ({@code 512Mi}, {@code 129M},
 * {@code 500m} CPU) and, for byte sizes, Docker sizes ({@code 4g}, {@code 2GB}); where the two disagree on a
 * suffix, {@link io.github.resourcemanager.units.ByteSize#parse ByteSize.parse} documents which meaning wins, and
 * {@link io.github.resourcemanager.units.ByteSize#parseKubernetes parseKubernetes} and
 * {@link io.github.resourcemanager.units.ByteSize#parseDocker parseDocker} apply one dialect strictly.
 *
 * <p>Parsers never round: a value finer than the unit ({@code 1.0001k} bytes, {@code 0.0001} cores) is rejected.
 * Every parse failure, for any string including {@code null}, is an {@link java.lang.IllegalArgumentException}
 * whose message quotes the input and lists the accepted forms. Each type's {@code toString()} is a form its
 * {@code parse} reads back to an equal value.
 */
package io.github.resourcemanager.units;
