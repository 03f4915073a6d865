package io.github.resourcemanager.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resourcemanager.dashboard.BrowserRequirement.Decision;
import io.github.resourcemanager.dashboard.BrowserRequirement.Verdict;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BrowserRequirementTest {
  private static final String CHROMIUM = "/usr/bin/chromium";
  private static final String DRIVER = "/usr/bin/chromedriver";

  @Test
  void withoutABrowserTheBrowserTestsAreSkippedLocally() {
    Decision d = BrowserRequirement.decide(false, false, CHROMIUM, DRIVER, Map.of());

    assertThat(d.verdict()).isEqualTo(Verdict.SKIP);
    assertThat(d.message()).isEqualTo("Chromium (/usr/bin/chromium) and chromedriver (/usr/bin/chromedriver) are missing;"
        + " browser tests skipped (with CI=true they fail); install them with: apt-get install -y chromium"
        + " chromium-driver (.ci/run does)");
  }

  @Test
  void withoutABrowserTheBrowserTestsFailUnderCi() {
    Decision d = BrowserRequirement.decide(false, true, CHROMIUM, DRIVER, Map.of("CI", "true"));

    assertThat(d.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(d.message()).isEqualTo("Chromium (/usr/bin/chromium) is missing, and CI=true requires the browser tests"
        + " to run; install them with: apt-get install -y chromium chromium-driver (.ci/run does)");
  }

  @Test
  void aMissingDriverFailsUnderCiToo() {
    Decision d = BrowserRequirement.decide(true, false, CHROMIUM, DRIVER, Map.of("CI", "TRUE"));

    assertThat(d.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(d.message()).startsWith("chromedriver (/usr/bin/chromedriver) is missing, and CI=true requires");
  }

  @Test
  void withBothTheTestsRunWhateverCiSays() {
    assertThat(BrowserRequirement.decide(true, true, CHROMIUM, DRIVER, Map.of("CI", "true")).verdict())
        .isEqualTo(Verdict.RUN);
    assertThat(BrowserRequirement.decide(true, true, CHROMIUM, DRIVER, Map.of()).verdict()).isEqualTo(Verdict.RUN);
  }
}
