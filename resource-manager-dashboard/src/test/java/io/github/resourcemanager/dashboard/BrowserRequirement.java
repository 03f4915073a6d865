package io.github.resourcemanager.dashboard;

import java.util.Map;

/**
 * What to do with a browser test when Chromium or its driver is missing: skip locally, fail when {@code CI=true},
 * so a CI run can never pass by skipping the test that shows the page works in a real browser.
 */
final class BrowserRequirement {
  private BrowserRequirement() {}

  /** The outcome for a test: run, skip (with the message) or fail (with the message). */
  enum Verdict { RUN, SKIP, FAIL }

  record Decision(Verdict verdict, String message) {}

  static Decision decide(boolean chromiumPresent, boolean driverPresent, String chromium, String driver,
      Map<String, String> environment) {
    if (chromiumPresent && driverPresent) {
      return new Decision(Verdict.RUN, "Chromium at " + chromium + " driven by " + driver);
    }
    String missing = !chromiumPresent && !driverPresent ? "Chromium (" + chromium + ") and chromedriver (" + driver + ") are"
        : !chromiumPresent ? "Chromium (" + chromium + ") is" : "chromedriver (" + driver + ") is";
    String fix = "; install them with: apt-get install -y chromium chromium-driver (.ci/run does)";
    if ("true".equalsIgnoreCase(environment.getOrDefault("CI", ""))) {
      return new Decision(Verdict.FAIL, missing + " missing, and CI=true requires the browser tests to run" + fix);
    }
    return new Decision(Verdict.SKIP, missing + " missing; browser tests skipped (with CI=true they fail)" + fix);
  }
}
