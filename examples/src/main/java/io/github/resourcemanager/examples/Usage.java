package io.github.resourcemanager.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Usage errors (exit code 2) that name the option as the user typed it and its value as written:
 * {@code --interval must be positive, was 0s}, never a builder's field name or an ISO-8601 duration.
 */
final class Usage {
  private Usage() {}

  /** A usage error: {@code option problem, was VALUE}, VALUE as typed on the command line (or its default). */
  static CommandLine.ParameterException error(CommandSpec spec, String option, String problem) {
    return new CommandLine.ParameterException(spec.commandLine(), option + " " + problem + ", was " + typed(spec, option));
  }

  /** A usage error with the whole message given. */
  static CommandLine.ParameterException message(CommandSpec spec, String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  /** The value of {@code option} as typed (the last one, if repeated), or its default value's text. */
  static String typed(CommandSpec spec, String option) {
    OptionSpec o = spec.findOption(option);
    if (o == null) {
      return "?";
    }
    List<String> given = o.originalStringValues();
    if (!given.isEmpty()) {
      return given.get(given.size() - 1);
    }
    return o.defaultValue() == null ? "(not set)" : o.defaultValue();
  }

  /**
   * Checks, before any work, that a file can be written at {@code path}: its directory exists and is a directory,
   * and the path is not itself a directory. A usage error naming the option and the path otherwise.
   */
  static void checkWritable(CommandSpec spec, String option, Path path) {
    if (path == null) {
      return;
    }
    if (Files.isDirectory(path)) {
      throw message(spec, option + " " + path + " is a directory; give a file name");
    }
    Path dir = path.toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw message(spec, option + " " + path + ": the directory " + (dir == null ? path : dir) + " does not exist");
    }
    if (!Files.isWritable(dir)) {
      throw message(spec, option + " " + path + ": the directory " + dir + " is not writable");
    }
  }

  /** Checks, before any work, that {@code path} is a readable file. A usage error naming the option otherwise. */
  static void checkReadable(CommandSpec spec, String option, Path path) {
    if (!Files.exists(path)) {
      throw message(spec, option + " " + path + ": no such file");
    }
    if (Files.isDirectory(path)) {
      throw message(spec, option + " " + path + " is a directory; give the JSON file");
    }
    if (!Files.isReadable(path)) {
      throw message(spec, option + " " + path + ": the file is not readable");
    }
  }
}
