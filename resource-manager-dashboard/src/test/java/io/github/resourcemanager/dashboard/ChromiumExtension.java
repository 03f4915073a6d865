package io.github.resourcemanager.dashboard;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Runs a test in headless Debian Chromium through its own chromedriver: skipped with a clear message when either is
 * missing locally, failed when {@code CI=true} (see {@link BrowserRequirement}). Both paths are given to Selenium,
 * so Selenium Manager is never asked to find or download anything. Hands each test class one browser, started with
 * a fresh profile directory, and quits it after the class.
 */
final class ChromiumExtension implements ExecutionCondition, ParameterResolver {

  static final String CHROMIUM = System.getProperty("dashboard.test.chromium", "/usr/bin/chromium");
  static final String CHROMEDRIVER = System.getProperty("dashboard.test.chromedriver", "/usr/bin/chromedriver");
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(ChromiumExtension.class);
  // The tests use classic WebDriver only; Selenium's note that Debian's Chromium is newer than its newest DevTools
  // module is noise here. Held in a field: java.util.logging keeps loggers only weakly.
  private static final Logger CDP_VERSION_LOG = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

  static {
    CDP_VERSION_LOG.setLevel(Level.SEVERE);
  }

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    BrowserRequirement.Decision d = context.getRoot().getStore(NS).getOrComputeIfAbsent("decision",
        k -> BrowserRequirement.decide(Files.isExecutable(Path.of(CHROMIUM)), Files.isExecutable(Path.of(CHROMEDRIVER)),
            CHROMIUM, CHROMEDRIVER, System.getenv()), BrowserRequirement.Decision.class);
    switch (d.verdict()) {
      case RUN:
        return ConditionEvaluationResult.enabled(d.message());
      case SKIP:
        return ConditionEvaluationResult.disabled(d.message());
      default:
        throw new IllegalStateException(d.message());
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == WebDriver.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ExtensionContext classContext = context.getParent().orElse(context);
    return classContext.getStore(NS).getOrComputeIfAbsent(Browser.class, k -> Browser.start(), Browser.class).driver;
  }

  /** One headless Chromium with a profile directory of its own; closing quits it and deletes the directory. */
  static final class Browser implements AutoCloseable {
    final ChromeDriver driver;
    final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
      this.driver = driver;
      this.profile = profile;
    }

    static Browser start() {
      Path profile;
      try {
        profile = Files.createTempDirectory("dashboard-chromium-");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER);
      ChromeDriverService service = new ChromeDriverService.Builder()
          .usingDriverExecutable(new File(CHROMEDRIVER))
          .usingAnyFreePort()
          .build();
      ChromeOptions options = new ChromeOptions();
      options.setBinary(CHROMIUM);
      options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
          "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
          "--user-data-dir=" + profile, "--window-size=1440,2300", "--disable-dev-shm-usage");
      // A JavaScript alert must stay open for the test to see it, not be dismissed by the driver.
      options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.IGNORE);
      options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
      return new Browser(new ChromeDriver(service, options), profile);
    }

    @Override
    public void close() throws IOException {
      try {
        driver.quit();
      } finally {
        try (Stream<Path> files = Files.walk(profile)) {
          files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
      }
    }
  }
}
