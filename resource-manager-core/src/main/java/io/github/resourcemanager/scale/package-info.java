/**
 * Scaling decisions: a threshold scaler with cooldowns ({@link io.github.resourcemanager.scale.DynamicScaler}),
 * the Kubernetes horizontal pod autoscaler's algorithm ({@link io.github.resourcemanager.scale.HorizontalScaler})
 * and the Kubernetes vertical pod autoscaler's recommender
 * ({@link io.github.resourcemanager.scale.VerticalRecommender}).
 *
 * <p>Scalers act on a {@link io.github.resourcemanager.scale.ScaleTarget} (a thread pool, a set of agents,
 * containers) and record every decision as a {@link io.github.resourcemanager.scale.ScaleDecision}. Wired into
 * a {@link io.github.resourcemanager.ResourceManager}, they observe every sample of the monitor.
 */
package io.github.resourcemanager.scale;
