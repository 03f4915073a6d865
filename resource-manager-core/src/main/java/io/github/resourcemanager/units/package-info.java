/**
 * Quantities of resources as people write them: {@link io.github.resourcemanager.units.ByteSize} for memory and
 * storage, {@link io.github.resourcemanager.units.CpuQuantity} for CPU, {@link io.github.resourcemanager.units.Percent}
 * for thresholds and utilization.
 *
 * <p>All three are immutable values with static factories, exact where it matters (bytes and millicores are whole
 * {@code long}s) and never negative. Sizes and CPU quantities have one parser per syntax:
 *
 * <ul>
 *   <li>{@code parseKubernetes}: a Kubernetes {@code resource.Quantity} ({@code 512Mi}, {@code 129M},
 *       {@code 500m}), read exactly as Kubernetes' {@code ParseQuantity} reads it and rounded up as its
 *       {@code Value()} / {@code MilliValue()} round;
 *   <li>{@code parseDocker}: what {@code docker run --memory} / {@code --cpus} take ({@code 4g}, {@code 2GB},
 *       {@code 0.5}), read exactly as go-units' {@code RAMInBytes} / docker/cli's {@code ParseCPUs} read it;
 *   <li>{@code parse}: this library's own configuration syntax, which mixes the two (documented on
 *       {@link io.github.resourcemanager.units.ByteSize#parse ByteSize.parse}) and never rounds.
 * </ul>
 *
 * <p>Where a reference would return a meaningless number (an int64 overflow, Go's undefined float-to-int
 * conversion) or a value the type cannot hold (negative, finer than a millicore), the parser refuses instead. Every
 * parse failure is an {@link java.lang.IllegalArgumentException} whose message names the quantity, quotes the text
 * exactly as given and lists the accepted forms. A null text is not a parse failure but a broken call: a
 * {@link java.lang.NullPointerException} naming the parameter ({@code text}), as for every null argument of this
 * library. Each type's
 * {@code toString()} is a form its {@code parse} reads back to an equal value.
 */
@NullMarked
package io.github.resourcemanager.units;

import org.jspecify.annotations.NullMarked;
