package io.github.resourcemanager.examples;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code resource-manager} command line tool.
 *
 * <p>Exit codes: 0 success, 1 the command failed at run time, 2 bad usage (unknown option, invalid value), 130
 * interrupted (Ctrl-C). Documents go to standard output; progress, summaries and the library's log lines (WARN and
 * above, INFO with {@code --verbose}) go to standard error.
 */
@Command(name = "resource-manager", mixinStandardHelpOptions = true, version = "resource-manager 0.1.0",
    description = "Watch and govern the resources of this machine, this JVM and its agents.",
    subcommands = {TopCommand.class, MetricsCommand.class, AnalyticsCommand.class, StressTestCommand.class,
        AlertsCommand.class, AutotuneCommand.class, PrometheusExample.class, DashboardCommand.class, PrometheusRulesCommand.class,
        CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:the command failed at run time", "2:invalid usage (an option or its value)",
        "130:interrupted (Ctrl-C)"})
public final class Cli {

  /** Exit code of a command ended by Ctrl-C (128 + SIGINT), as shells report it. */
  static final int INTERRUPTED = 130;
  /** The system property slf4j-simple reads for its level; set before the first logger is made. */
  static final String LOG_LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";

  private static volatile Terminals terminals = Terminals.NONE;

  /** {@code -v}/{@code --verbose}, accepted before or after the command's name. */
  @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
      description = "Also print the library's INFO log lines on standard error (default: WARN and above).")
  void verbose(boolean verbose) {
    if (verbose) {
      System.setProperty(LOG_LEVEL_PROPERTY, "info");
    }
  }

  /** Runs the tool and exits with its exit code; Ctrl-C interrupts the command, which ends with 130. */
  public static void main(String[] args) {
    terminals = Terminals.detect();
    Thread main = Thread.currentThread();
    CountDownLatch finished = new CountDownLatch(1);
    // Ctrl-C: interrupt the command and give it time to finish what it must (stress-test writes its report), then
    // let the JVM end, which it does with exit code 130.
    Thread ctrlC = new Thread(() -> {
      main.interrupt();
      try {
        finished.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "resource-manager-ctrl-c");
    Runtime.getRuntime().addShutdownHook(ctrlC);
    int code = run(args);
    finished.countDown();
    System.exit(code);
  }

  /** Runs the tool and returns its exit code (for tests). */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  /** Whether standard output and error are terminals (neither, unless started by {@link #main}). */
  static Terminals terminals() {
    return terminals;
  }

  /** The configured command line, whose output and error writers tests may replace. */
  static CommandLine commandLine() {
    CommandLine cmd = new CommandLine(new Cli());
    cmd.registerConverter(java.time.Duration.class, new DurationConverter());
    cmd.setCaseInsensitiveEnumValuesAllowed(true);
    // A failure at run time is reported as one line, not a stack trace: the user did nothing wrong in the syntax.
    cmd.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      boolean interrupted = e instanceof InterruptedException;
      String message = interrupted ? "interrupted" : e.getMessage() == null ? e.toString() : e.getMessage();
      commandLine.getErr().println(commandLine.getColorScheme().errorText(
          commandLine.getCommandSpec().qualifiedName() + ": " + message));
      commandLine.getErr().flush();
      return interrupted ? INTERRUPTED : 1;
    });
    return cmd;
  }
}
