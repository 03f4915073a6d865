package io.github.resourcemanager.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code $ resource-manager ...} line in the README and the docs, run verbatim with the built tool, from a
 * fresh working directory per document: its exit code is 0 (or what a following {@code $ echo $?} shows) and its
 * output (standard output and error, as they come) matches the lines the document shows after it. In the expected
 * lines numbers, times and runs of spaces may differ, blank lines are ignored, a line {@code ...} stands for any
 * lines and a line ending in {@code ...} for any rest of a line. A {@code $ cat FILE} block writes FILE first.
 */
class DocsExamplesExecutableIT {

  private static final Path DOCS = Path.of(System.getProperty("rm.docs", "../docs")).toAbsolutePath();
  private static final Path README = Path.of(System.getProperty("rm.readme", "../README.md")).toAbsolutePath();

  /** A step of a document: a file to write, or a command with the output and exit code it shows. */
  record Step(Path document, int line, String command, List<String> expected, int[] exit) {
    boolean isFile() {
      return command.startsWith("cat ");
    }
  }

  /** The steps of one document, in order. */
  static List<Step> steps(Path document) throws IOException {
    List<String> lines = Files.readAllLines(document);
    List<Step> steps = new ArrayList<>();
    boolean fenced = false;
    Step current = null;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.startsWith("```")) {
        fenced = !fenced;
        current = null;
        continue;
      }
      if (!fenced) {
        continue;
      }
      if (line.startsWith("$ ")) {
        String command = line.substring(2);
        if (command.equals("echo $?")) {
          current = new Step(document, i + 1, command, new ArrayList<>(), new int[1]);
          Step previous = steps.get(steps.size() - 1);
          String code = lines.get(i + 1).trim();
          previous.exit()[0] = Integer.parseInt(code);
          i++; // the code is consumed
          current = null;
          continue;
        }
        if (!command.startsWith("resource-manager ") && !command.startsWith("cat ")) {
          throw new AssertionError(document + ":" + (i + 1) + ": only resource-manager, cat and echo $? are run; "
              + "write other commands without the $ prompt");
        }
        current = new Step(document, i + 1, command, new ArrayList<>(), new int[1]);
        steps.add(current);
      } else if (current != null) {
        current.expected().add(line);
      }
    }
    return steps;
  }

  static String normalize(String line) {
    String trimmed = line.trim();
    boolean rest = trimmed.endsWith("...") && trimmed.length() > 3; // kept apart: "0..." is no number
    String body = rest ? trimmed.substring(0, trimmed.length() - 3) : trimmed;
    // A duration is one token whatever its unit: a measured "1s" may come out as "990ms" on a loaded machine.
    String n = body.replaceAll("[0-9][0-9.]*(ns|us|ms|s|m|h|d)\\b", "#d").replaceAll("[0-9][0-9.:]*", "#")
        .replaceAll("\\s+", " ").trim();
    return rest ? n + "..." : n;
  }

  static List<String> normalized(List<String> lines) {
    return lines.stream().filter(l -> !l.isBlank()).map(DocsExamplesExecutableIT::normalize).collect(Collectors.toList());
  }

  /** Whether {@code actual} matches {@code expected}, with {@code ...} lines and line ends as wildcards. */
  static boolean matches(List<String> expected, int i, List<String> actual, int j) {
    if (i == expected.size()) {
      return j == actual.size();
    }
    String e = expected.get(i);
    if (e.equals("...")) {
      for (int k = j; k <= actual.size(); k++) {
        if (matches(expected, i + 1, actual, k)) {
          return true;
        }
      }
      return false;
    }
    if (j == actual.size()) {
      return false;
    }
    boolean lineMatches = e.endsWith("...") ? actual.get(j).startsWith(e.substring(0, e.length() - 3).trim())
        : actual.get(j).equals(e);
    return lineMatches && matches(expected, i + 1, actual, j + 1);
  }

  static List<Path> documents() throws IOException {
    List<Path> documents = new ArrayList<>(List.of(README));
    try (Stream<Path> files = Files.list(DOCS)) {
      files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(documents::add);
    }
    return documents;
  }

  @TestFactory
  Stream<DynamicTest> everyDocumentedExampleRunsAsShown(@TempDir Path work) throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path document : documents()) {
      Path dir = Files.createDirectories(work.resolve(document.getFileName().toString()));
      for (Step step : steps(document)) {
        String name = document.getFileName() + ":" + step.line() + " $ " + step.command();
        tests.add(DynamicTest.dynamicTest(name, () -> {
          if (step.isFile()) {
            Files.writeString(dir.resolve(step.command().substring(4).trim()),
                String.join("\n", step.expected()) + "\n");
            return;
          }
          Executable.Result r = Executable.start(dir, step.command(), true, Map.of()).await(180);
          List<String> actual = normalized(r.out().lines().collect(Collectors.toList()));
          List<String> expected = normalized(step.expected());
          assertThat(r.exit()).as("exit code of %s; output:%n%s", name, r.out()).isEqualTo(step.exit()[0]);
          assertThat(matches(expected, 0, actual, 0)).as("%s%nexpected (normalized):%n%s%nactual:%n%s", name,
              String.join("\n", expected), r.out()).isTrue();
        }));
      }
    }
    return tests.stream();
  }

  @Test
  void theDocumentsShowEveryCommandOfTheTool() throws IOException {
    List<String> commands = new ArrayList<>();
    for (Path document : documents()) {
      for (Step step : steps(document)) {
        commands.add(step.command());
      }
    }
    // the examples the issue of "one command" asks for, and one per command
    assertThat(commands).contains("resource-manager top --duration 3s --agents 1", "resource-manager metrics --collect 3s -o out.csv");
    for (String command : List.of("top", "metrics", "alerts", "analytics bottlenecks", "analytics efficiency",
        "autotune", "stress-test", "dashboard")) {
      assertThat(commands).as(command).anyMatch(c -> c.startsWith("resource-manager " + command + " "));
    }
  }

  @Test
  void theMatcherRejectsWhatDiffers() {
    // the oracle of the test above can fail: words, counts of lines and missing lines matter; numbers do not
    List<String> shown = normalized(List.of("collecting 5 samples over 2s at 500ms intervals...", "time,agent", "..."));
    assertThat(matches(shown, 0, normalized(List.of("collecting 9 samples over 3s at 250ms intervals...",
        "time,agent", "1,2", "3,4")), 0)).isTrue();
    assertThat(matches(shown, 0, normalized(List.of("collecting 1 sample over 0s at 1s intervals...", "time,agent")),
        0)).isFalse();
    assertThat(matches(shown, 0, normalized(List.of("collecting 5 samples over 2s at 500ms intervals...")), 0)).isFalse();
    assertThat(matches(normalized(List.of("a 1", "b 2")), 0, normalized(List.of("a 1", "b 2", "c 3")), 0)).isFalse();
    assertThat(matches(normalized(List.of("1 m.x - 1s 1s 18")), 0, normalized(List.of("1 m.x - 990ms 990ms 18")), 0))
        .isTrue();
    assertThat(matches(normalized(List.of("over 2s")), 0, normalized(List.of("over 2 samples")), 0)).isFalse();

    assertThat(matches(normalized(List.of("files 0 of 0...")), 0, normalized(List.of("files 1 of 1; 2 alerts")), 0))
        .isTrue();
    assertThat(matches(normalized(List.of("files 0 of 0...")), 0, normalized(List.of("files 1 of")), 0)).isFalse();
  }
}
