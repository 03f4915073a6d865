package io.github.resourcemanager.allocate;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A recommendation of {@link ResourcePool#predict} for one agent, with its reasoning.
 *
 * @param agentId the agent
 * @param lines one line per resource: predicted, available, allocated, and what capped it
 * @param expectedDuration the predicted run time
 * @param durationBasis where the run time comes from, e.g. {@code default} or {@code p95 of 5 recorded runs}
 */
public record Allocation(String agentId, List<Line> lines, Duration expectedDuration, String durationBasis) {

  /** Validates and copies. */
  public Allocation {
    Objects.requireNonNull(agentId, "agentId");
    lines = List.copyOf(lines);
    Objects.requireNonNull(expectedDuration, "expectedDuration");
    Objects.requireNonNull(durationBasis, "durationBasis");
  }

  /**
   * The line of {@code resource}.
   *
   * @throws IllegalArgumentException if the allocation has none
   */
  public Line line(Resource resource) {
    for (Line line : lines) {
      if (line.resource().equals(resource)) {
        return line;
      }
    }
    throw new IllegalArgumentException("allocation of " + agentId + " has no line for " + resource);
  }

  /** The amount allocated of {@code resource}, in its base unit. */
  public long allocated(Resource resource) {
    return line(resource).allocated();
  }

  /** The allocated amounts as a vector. */
  public ResourceVector toVector() {
    ResourceVector v = ResourceVector.empty();
    for (Line line : lines) {
      v = v.with(line.resource(), line.allocated());
    }
    return v;
  }

  /**
   * One resource's reasoning, in the resource's base unit.
   *
   * @param resource the resource
   * @param predicted what the agent is predicted to need
   * @param predictedFrom how: {@code p95 of 12 samples over 10m} or {@code default}
   * @param available what is free for the agent, if anything limits it
   * @param availableFrom what limits it: {@code machine}, {@code global limit}, {@code project "x" share}, or
   *     {@code nothing}
   * @param allocated min(predicted, headroom × available)
   * @param cappedBy {@code prediction} when the prediction fit, else e.g. {@code 80% of available machine}
   */
  public record Line(Resource resource, long predicted, String predictedFrom, OptionalLong available, String availableFrom,
                     long allocated, String cappedBy) {

    /** Validates. */
    public Line {
      Objects.requireNonNull(resource, "resource");
      Objects.requireNonNull(predictedFrom, "predictedFrom");
      Objects.requireNonNull(available, "available");
      Objects.requireNonNull(availableFrom, "availableFrom");
      Objects.requireNonNull(cappedBy, "cappedBy");
    }

    /** For example {@code memory: predicted 256Mi (default), available 1Gi (machine), allocated 256Mi (prediction)}. */
    @Override
    public String toString() {
      return resource + ": predicted " + resource.format(predicted) + " (" + predictedFrom + "), available "
          + (available.isPresent() ? resource.format(available.getAsLong()) : "unlimited") + " (" + availableFrom
          + "), allocated " + resource.format(allocated) + " (" + cappedBy + ")";
    }
  }
}
