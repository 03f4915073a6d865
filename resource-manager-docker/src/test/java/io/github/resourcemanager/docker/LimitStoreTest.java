package io.github.resourcemanager.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LimitStoreTest {
  private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

  private static StoredLimits custom(String agent, String memory, String cpus) {
    return new StoredLimits(agent, Optional.of(ContainerLimits.parse(memory, cpus)), Optional.empty(), "alice", T0);
  }

  @Test
  void desiredLimitsSurviveClosingAndReopeningTheFile(@TempDir Path dir) {
    StoredLimits row = new StoredLimits("agent-1", Optional.of(ContainerLimits.parse("8g", "4").withPids(50)),
        Optional.of("engine unreachable"), "alice", T0);
    try (LimitStore store = LimitStore.h2(dir.resolve("limits"))) {
      store.save(row);
    }

    try (LimitStore reopened = LimitStore.h2(dir.resolve("limits"))) {
      assertThat(reopened.find("agent-1")).contains(row);
      assertThat(reopened.all()).containsExactly(row);
    }
  }

  @Test
  void theSchemaIsCreatedOnFirstUse(@TempDir Path dir) {
    try (LimitStore store = LimitStore.h2(dir.resolve("fresh"))) {
      assertThat(store.find("nobody")).isEmpty();
      assertThat(store.all()).isEmpty();
    }
  }

  @Test
  void aSaveReplacesTheWholeRow(@TempDir Path dir) {
    try (LimitStore store = LimitStore.h2(dir.resolve("limits"))) {
      store.save(custom("agent-1", "8g", "4"));
      StoredLimits reset = new StoredLimits("agent-1", Optional.empty(), Optional.of("not applied yet"), "bob",
          T0.plusSeconds(60));

      store.save(reset);

      assertThat(store.find("agent-1")).contains(reset);
    }
  }

  @Test
  void aLockedRowGivesAClearErrorAndChangesNothing(@TempDir Path dir) throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("limits").toAbsolutePath() + ";LOCK_TIMEOUT=200";
    try (LimitStore store = LimitStore.jdbc(url)) {
      StoredLimits before = custom("agent-1", "8g", "4");
      store.save(before);
      try (Connection other = DriverManager.getConnection(url)) {
        other.setAutoCommit(false);
        try (PreparedStatement ps = other.prepareStatement(
            "UPDATE " + LimitStore.TABLE + " SET updated_by = 'other' WHERE agent_id = 'agent-1'")) {
          ps.executeUpdate(); // holds the row lock until rollback
        }

        assertThatThrownBy(() -> store.save(custom("agent-1", "16g", "8")))
            .isInstanceOf(LimitStoreException.class)
            .hasMessageStartingWith("could not save the limits of agent \"agent-1\" to the limit store " + url
                + ": the database is locked by another transaction (")
            .hasMessageEndingWith("; nothing was changed");
        other.rollback();
      }
      assertThat(store.find("agent-1")).contains(before);
    }
  }

  @Test
  void aReadOnlyDatabaseGivesAClearErrorAndChangesNothing(@TempDir Path dir) {
    Path file = dir.resolve("limits");
    StoredLimits before = custom("agent-1", "8g", "4");
    try (LimitStore store = LimitStore.h2(file)) {
      store.save(before);
    }
    String url = "jdbc:h2:file:" + file.toAbsolutePath() + ";ACCESS_MODE_DATA=r";
    try (LimitStore readOnly = LimitStore.jdbc(url)) {
      assertThatThrownBy(() -> readOnly.save(custom("agent-1", "16g", "8")))
          .isInstanceOf(LimitStoreException.class)
          .hasMessageContaining("the database is read-only")
          .hasMessageEndingWith("; nothing was changed");
      assertThat(readOnly.find("agent-1")).contains(before);
    }
  }

  @Test
  void aFileInUseByAnotherProcessIsNamedAsSuch(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("limits");
    try (LimitStore store = LimitStore.h2(file)) {
      store.save(custom("agent-1", "8g", "4"));
      Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), OpenStore.class.getName(), file.toString())
          .redirectErrorStream(true).start();
      String out = new String(other.getInputStream().readAllBytes());
      other.waitFor();

      assertThat(out.trim()).startsWith("could not open the limit store jdbc:h2:file:" + file.toAbsolutePath()
          + ": the database is in use by another process (");
    }
  }

  /** Opens a store in a second process and prints the error. */
  static final class OpenStore {
    public static void main(String[] args) {
      try (LimitStore s = LimitStore.h2(Path.of(args[0]))) {
        System.out.println("opened");
      } catch (LimitStoreException e) {
        System.out.println(e.getMessage());
      }
    }
  }

  @Test
  void onlyH2UrlsAreTakenAsUrls() {
    assertThatThrownBy(() -> LimitStore.jdbc("jdbc:sqlite:x.db"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("h2Url \"jdbc:sqlite:x.db\" is not allowed; give an H2 URL starting with jdbc:h2: (for other "
            + "databases use LimitStore.of(DataSource))");
  }

  @Test
  void aRowTheStoreWouldNotHaveWrittenIsRefusedNamingTableAgentColumnAndValue() throws Exception {
    String url = "jdbc:h2:mem:strict-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
    try (LimitStore store = LimitStore.jdbc(url); Connection c = DriverManager.getConnection(url)) {
      store.save(custom("agent-1", "8g", "4"));
      store.save(new StoredLimits("agent-2", Optional.empty(), Optional.empty(), "alice", T0));
      c.createStatement().executeUpdate("UPDATE " + LimitStore.TABLE + " SET memory_bytes = 5 WHERE agent_id = 'agent-1'");
      c.createStatement().executeUpdate("UPDATE " + LimitStore.TABLE + " SET pids_limit = 7 WHERE agent_id = 'agent-2'");

      assertThatThrownBy(() -> store.find("agent-1")).isInstanceOf(LimitStoreException.class)
          .hasMessage("the row of agent \"agent-1\" in table rm_docker_limits of the limit store " + url + " is not "
              + "valid: memory 5 is below Docker's minimum of 6m; nothing was read from it");
      assertThatThrownBy(() -> store.find("agent-2")).isInstanceOf(LimitStoreException.class)
          .hasMessage("the row of agent \"agent-2\" in table rm_docker_limits of the limit store " + url + " is not "
              + "valid: memory_bytes, cpu_millicores and pids_limit must be NULL in a row with custom = FALSE (the agent "
              + "uses the defaults), but they are null, null, 7; nothing was read from it");
      c.createStatement().executeUpdate("UPDATE " + LimitStore.TABLE + " SET cpu_millicores = -3 WHERE agent_id = 'agent-1'");
      c.createStatement().executeUpdate("UPDATE " + LimitStore.TABLE + " SET memory_bytes = 8589934592 WHERE agent_id = 'agent-1'");
      assertThatThrownBy(() -> store.all()).isInstanceOf(LimitStoreException.class)
          .hasMessageContaining("cpu_millicores -3 is not allowed: CPU quantity must not be negative, was -3 millicores");
    }
  }
}
