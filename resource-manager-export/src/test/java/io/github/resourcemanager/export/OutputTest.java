package io.github.resourcemanager.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputTest {
  @TempDir
  Path dir;

  private void assertOnly(Path file) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void aWriteThatFailsHalfwayLeavesTheExistingFileAndNoTemporaryFile() throws IOException {
    Path file = dir.resolve("out.csv");
    Files.writeString(file, "kept");
    assertThatThrownBy(() -> Output.toFile(file, out -> {
      out.write("half a docu");
      out.flush();
      throw new IOException("disk full");
    })).isInstanceOf(IOException.class).hasMessage("disk full");
    assertThat(Files.readString(file)).isEqualTo("kept");
    assertOnly(file);
  }

  @Test
  void aWriteThatSucceedsReplacesTheFileWhole() throws IOException {
    Path file = dir.resolve("out.csv");
    Files.writeString(file, "a much longer previous content");
    int result = Output.toFile(file, out -> {
      out.write("new");
      return 3;
    });
    assertThat(result).isEqualTo(3);
    assertThat(Files.readString(file)).isEqualTo("new");
    assertOnly(file);
  }

  @Test
  void aMissingDirectoryIsNamed() {
    Path missing = dir.resolve("nope");
    assertThatThrownBy(() -> Output.toFile(missing.resolve("out.csv"), out -> 0))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessage(missing + ": the directory to write out.csv in does not exist");
  }
}
