/**
 * The scaling engine behind the API of {@link io.github.resourcemanager.scale}: the threshold scaler, the
 * Kubernetes horizontal pod autoscaler's algorithm, the vertical pod autoscaler's histograms and estimators, and
 * the preallocated log of decisions. <strong>Not public API</strong>: anything here may change or disappear in any
 * release without notice. {@link io.github.resourcemanager.internal.scale.Scalers} creates the parts a resource
 * manager owns.
 */
@NullMarked
package io.github.resourcemanager.internal.scale;

import org.jspecify.annotations.NullMarked;
