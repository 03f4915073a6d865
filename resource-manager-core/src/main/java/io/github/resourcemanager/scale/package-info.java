/**
 * Scaling decisions: a threshold scaler with cooldowns, the Kubernetes horizontal pod autoscaler's algorithm
 * (both {@link io.github.resourcemanager.scale.Scaler}s) and the Kubernetes vertical pod autoscaler's recommender
 * ({@link io.github.resourcemanager.scale.VerticalRecommender}).
 *
 * <p>Scalers act on a {@link io.github.resourcemanager.scale.ScaleTarget} (a thread pool, a set of agents,
 * containers) and record every decision as a {@link io.github.resourcemanager.scale.ScaleDecision}. They are
 * configured on a {@link io.github.resourcemanager.ResourceManager.Builder} with a
 * {@link io.github.resourcemanager.scale.DynamicScalerConfig} or a
 * {@link io.github.resourcemanager.scale.HorizontalScalerConfig} and observe every sample of its monitor; the
 * recommender, configured with a {@link io.github.resourcemanager.scale.VerticalRecommenderConfig}, learns from
 * every agent's samples.
 */
@NullMarked
package io.github.resourcemanager.scale;

import org.jspecify.annotations.NullMarked;
