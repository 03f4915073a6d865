package io.github.resourcemanager.docker;

import java.util.Map;

/**
 * What to do with a Docker test when the engine (or the test image) is missing: skip locally, fail under CI, so a
 * CI run can never pass by skipping the tests that matter.
 */
final class EngineRequirement {
  private EngineRequirement() {}

  /** The outcome for a test: run, skip (with the message) or fail (with the message). */
  enum Verdict { RUN, SKIP, FAIL }

  record Decision(Verdict verdict, String message) {}

  static Decision decide(boolean engineReachable, boolean imagePresent, String dockerHost, String image,
      Map<String, String> environment) {
    if (engineReachable && imagePresent) {
      return new Decision(Verdict.RUN, "Docker engine at " + dockerHost + " with image " + image);
    }
    String problem = !engineReachable
        ? "no Docker engine is reachable at " + dockerHost
        : "the test image " + image + " is missing from the engine at " + dockerHost;
    String fix = "; start one with resource-manager-docker/src/test/engine/start-engine.sh (as root)";
    if ("true".equalsIgnoreCase(environment.getOrDefault("CI", ""))) {
      return new Decision(Verdict.FAIL, problem + ", and CI=true requires the Docker tests to run" + fix);
    }
    return new Decision(Verdict.SKIP, problem + "; Docker tests skipped (with CI=true they fail)" + fix);
  }
}
