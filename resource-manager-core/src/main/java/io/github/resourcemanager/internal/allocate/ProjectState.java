package io.github.resourcemanager.internal.allocate;

import io.github.resourcemanager.allocate.EnforcementPolicy;
import io.github.resourcemanager.allocate.ProjectConfig;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A project's live state: its admitted agents, its share, the sum of its agents' requests, its usage and which of
 * its share's resources are exceeded, and what its quota has charged. Amounts are indexed by resource index,
 * {@link Vectors#ABSENT} where none. Guarded by the pool's lock.
 */
final class ProjectState {
  final String name;
  final ProjectConfig config;
  final EnforcementPolicy policy;
  final LinkedHashMap<String, Member> members = new LinkedHashMap<>();
  final long[] share;
  final long[] requests;
  final long[] usage;
  final boolean[] violating;
  int violations;
  final Map<String, Long> quotaUsed = new TreeMap<>();

  ProjectState(ProjectConfig config, int resources, EnforcementPolicy policy) {
    this.name = config.name();
    this.config = config;
    this.policy = policy;
    this.share = new long[resources];
    Arrays.fill(share, Vectors.ABSENT);
    this.requests = new long[resources];
    this.usage = new long[resources];
    Arrays.fill(usage, Vectors.ABSENT);
    this.violating = new boolean[resources];
  }
}
