package io.github.resourcemanager.micrometer;

import io.github.resourcemanager.ResourceManager;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * The meters of one thing (the machine, an agent, a handler, a project's share of a resource) in every registry the
 * binder is bound to, so that they can be added to a registry bound later and removed together when the thing goes.
 * Guarded by the binder's lock.
 */
final class MeterGroup {
  private final List<MeterSpec> specs = new ArrayList<>();
  private final List<MeterRegistry> owners = new ArrayList<>();
  private final List<Meter> meters = new ArrayList<>();

  /** Adds a meter to the group and registers it in every registry of {@code registries}. */
  void add(MeterSpec spec, List<MeterRegistry> registries, ResourceManager manager) {
    specs.add(spec);
    for (int i = 0; i < registries.size(); i++) {
      register(spec, registries.get(i), manager);
    }
  }

  /** Registers every meter of the group in a newly bound registry. */
  void bindTo(MeterRegistry registry, ResourceManager manager) {
    for (int i = 0; i < specs.size(); i++) {
      register(specs.get(i), registry, manager);
    }
  }

  private void register(MeterSpec spec, MeterRegistry registry, ResourceManager manager) {
    owners.add(registry);
    meters.add(spec.register(registry, manager));
  }

  /** Removes every meter of the group from the registries it was registered in. */
  void remove() {
    for (int i = 0; i < meters.size(); i++) {
      owners.get(i).remove(meters.get(i));
    }
    owners.clear();
    meters.clear();
    specs.clear();
  }

  /** The number of meters in each registry. */
  int size() {
    return specs.size();
  }
}
