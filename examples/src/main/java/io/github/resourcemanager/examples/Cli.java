package io.github.resourcemanager.examples;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code resource-manager} command line tool.
 *
 * <p>Exit codes: 0 success, 1 the command failed at run time, 2 bad usage (unknown option, invalid value).
 */
@Command(name = "resource-manager", mixinStandardHelpOptions = true, version = "resource-manager 0.1.0",
    description = "Watch and govern the resources of this machine, this JVM and its agents.",
    subcommands = {TopCommand.class, MetricsCommand.class, AnalyticsCommand.class, StressTestCommand.class,
        AlertsCommand.class, AutotuneCommand.class, PrometheusExample.class, DashboardCommand.class, PrometheusRulesCommand.class,
        CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:the command failed", "2:invalid usage"})
public final class Cli {

  /** Runs the tool and exits with its exit code. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the tool and returns its exit code (for tests). */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  /** The configured command line, whose output and error writers tests may replace. */
  static CommandLine commandLine() {
    CommandLine cmd = new CommandLine(new Cli());
    cmd.registerConverter(java.time.Duration.class, new DurationConverter());
    cmd.setCaseInsensitiveEnumValuesAllowed(true);
    // A failure at run time is reported as one line, not a stack trace: the user did nothing wrong in the syntax.
    cmd.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      commandLine.getErr().println(commandLine.getColorScheme().errorText(
          commandLine.getCommandSpec().qualifiedName() + ": " + (e.getMessage() == null ? e.toString() : e.getMessage())));
      commandLine.getErr().flush();
      return 1;
    });
    return cmd;
  }
}
