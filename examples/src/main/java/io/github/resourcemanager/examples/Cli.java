package io.github.resourcemanager.examples;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ScopeType;

/**
 * The {@code resource-manager} command line tool.
 *
 * <p>Exit codes: 0 success, 1 the command failed at run time, 2 bad usage (unknown option, invalid value), 130
 * interrupted (Ctrl-C). Documents go to standard output; progress, summaries and the library's log lines (WARN and
 * above, INFO with {@code -v}/{@code --verbose}) go to standard error.
 *
 * <p>The annotation is the tool's definition: its name, description, exit codes and the list of its commands. A
 * command is built from its class only when the command line names it (see {@link #commandLine(String...)}).
 */
@Command(name = "resource-manager", mixinStandardHelpOptions = true, version = "resource-manager 0.1.0",
    description = "Watch and govern the resources of this machine, this JVM and its agents.",
    subcommands = {TopCommand.class, MetricsCommand.class, AnalyticsCommand.class, StressTestCommand.class,
        AlertsCommand.class, AutotuneCommand.class, PrometheusExample.class, DashboardCommand.class, PrometheusRulesCommand.class,
        KubernetesCommand.class,
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
    return commandLine(args).execute(args);
  }

  /** Whether standard output and error are terminals (neither, unless started by {@link #main}). */
  static Terminals terminals() {
    return terminals;
  }

  /** The configured command line with every command built, whose output and error writers tests may replace. */
  static CommandLine commandLine() {
    return commandLine(name -> true);
  }

  /**
   * The configured command line for {@code args}: only the command they name (and {@code help}) is built from its
   * class; the others are listed by name and description, read from their {@code @Command} annotation. Building a
   * command inspects its options, their types and so the library's classes; {@code --help} needs none of that.
   */
  static CommandLine commandLine(String... args) {
    List<String> named = new ArrayList<>();
    for (String arg : args) {
      if (!arg.startsWith("-")) {
        named.add(arg);
        if (named.size() == 2) {
          break; // "help COMMAND" names two; anything later belongs to the command
        }
      }
    }
    return commandLine(name -> name.equals("help") || named.contains(name));
  }

  private static CommandLine commandLine(Predicate<String> build) {
    Command tool = Cli.class.getAnnotation(Command.class);
    CommandSpec spec = CommandSpec.wrapWithoutInspection(new Cli());
    spec.name(tool.name()).version(tool.version()).mixinStandardHelpOptions(tool.mixinStandardHelpOptions());
    spec.usageMessage().description(tool.description()).exitCodeListHeading(tool.exitCodeListHeading());
    Map<String, String> exitCodes = new LinkedHashMap<>();
    for (String line : tool.exitCodeList()) {
      int colon = line.indexOf(':');
      exitCodes.put(line.substring(0, colon), line.substring(colon + 1));
    }
    spec.usageMessage().exitCodeList(exitCodes);
    spec.addOption(OptionSpec.builder("-v", "--verbose")
        .description("Also print the library's INFO log lines on standard error (default: WARN and above).")
        .scopeType(ScopeType.INHERIT)
        .type(boolean.class)
        .setter(new CommandLine.Model.ISetter() {
          @Override
          public <T> T set(T value) {
            if (Boolean.TRUE.equals(value)) {
              System.setProperty(LOG_LEVEL_PROPERTY, "info");
            }
            return null;
          }
        })
        .build());
    CommandLine cmd = new CommandLine(spec);
    for (Class<?> command : tool.subcommands()) {
      Command c = command.getAnnotation(Command.class);
      if (build.test(c.name())) {
        cmd.addSubcommand(c.name(), new CommandLine(command), c.aliases());
      } else {
        CommandSpec listed = CommandSpec.create().name(c.name()).aliases(c.aliases());
        listed.usageMessage().description(c.description()).hidden(c.hidden());
        cmd.addSubcommand(c.name(), new CommandLine(listed), c.aliases());
      }
    }
    // After the subcommands are added: these settings apply to them too.
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
