package io.github.resourcemanager.micrometer;

import io.github.resourcemanager.ResourceManager;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * One meter to register in every bound registry: a gauge or a function counter whose state object is the
 * {@link ResourceManager} itself, which Micrometer holds weakly. {@code value} reaches everything it reads through
 * that argument and must capture nothing of the manager (only names, metrics and the binder's own counters), so
 * that a registry never keeps the manager alive. {@link Readings} builds such functions.
 */
record MeterSpec(boolean counter, String name, Tags tags, @Nullable String baseUnit, String description,
    ToDoubleFunction<ResourceManager> value) {

  static MeterSpec gauge(String name, Tags tags, @Nullable String baseUnit, String description,
      ToDoubleFunction<ResourceManager> value) {
    return new MeterSpec(false, name, tags, baseUnit, description, value);
  }

  static MeterSpec counter(String name, Tags tags, String description, ToDoubleFunction<ResourceManager> value) {
    return new MeterSpec(true, name, tags, null, description, value);
  }

  static MeterSpec counter(String name, Tags tags, @Nullable String baseUnit, String description,
      ToDoubleFunction<ResourceManager> value) {
    return new MeterSpec(true, name, tags, baseUnit, description, value);
  }

  /** Registers the meter in {@code registry}, holding {@code manager} weakly (Micrometer's default for both types). */
  Meter register(MeterRegistry registry, ResourceManager manager) {
    if (counter) {
      return FunctionCounter.builder(name, manager, value).tags(tags).baseUnit(baseUnit).description(description)
          .register(registry);
    }
    return Gauge.builder(name, manager, value).tags(tags).baseUnit(baseUnit).description(description)
        .strongReference(false).register(registry);
  }
}
