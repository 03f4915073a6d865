package io.github.resourcemanager.docker.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resourcemanager.docker.ContainerLimits;
import io.github.resourcemanager.docker.LimitStore;
import io.github.resourcemanager.docker.LimitStoreException;
import io.github.resourcemanager.docker.StoredLimits;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code LimitStoreTest} leaves out: the first row of an agent (the insert path) when the database is
 * read-only or another writer holds the agent's key. The error is clear and no row, not even part of one, is left.
 */
class LimitStoreReliabilityTest {
  private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

  private static StoredLimits row(String agent) {
    return new StoredLimits(agent, Optional.of(ContainerLimits.parse("8g", "4")), Optional.of("not applied yet"),
        "alice", T0);
  }

  @Test
  void aReadOnlyDatabaseRefusesAnAgentsFirstRowAndKeepsNone(@TempDir Path dir) {
    Path file = dir.resolve("limits");
    try (LimitStore store = LimitStore.h2(file)) {
      store.save(row("existing"));
    }
    String url = "jdbc:h2:file:" + file.toAbsolutePath() + ";ACCESS_MODE_DATA=r";
    try (LimitStore readOnly = LimitStore.jdbc(url)) {
      assertThatThrownBy(() -> readOnly.save(row("newcomer")))
          .isInstanceOf(LimitStoreException.class)
          .hasMessageStartingWith("could not save the limits of agent \"newcomer\" to the limit store " + url
              + ": the database is read-only (")
          .hasMessageEndingWith("; nothing was changed");
      assertThat(readOnly.find("newcomer")).isEmpty();
      assertThat(readOnly.all()).containsExactly(row("existing"));
    }
  }

  @Test
  void anotherWriterHoldingANewAgentsKeyGivesAClearErrorAndNoRow(@TempDir Path dir) throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("limits").toAbsolutePath() + ";LOCK_TIMEOUT=200";
    try (LimitStore store = LimitStore.jdbc(url)) {
      assertThat(store.all()).isEmpty(); // creates the table
      try (Connection other = DriverManager.getConnection(url)) {
        other.setAutoCommit(false);
        try (PreparedStatement ps = other.prepareStatement("INSERT INTO " + LimitStore.TABLE
            + " (agent_id, custom, updated_by, updated_at_ms) VALUES ('newcomer', FALSE, 'other', 0)")) {
          ps.executeUpdate(); // holds the key until rollback
        }

        assertThatThrownBy(() -> store.save(row("newcomer")))
            .isInstanceOf(LimitStoreException.class)
            .hasMessageStartingWith("could not save the limits of agent \"newcomer\" to the limit store " + url
                + ": the database is locked by another transaction (")
            .hasMessageEndingWith("; nothing was changed");
        other.rollback();
      }
      assertThat(store.find("newcomer")).isEmpty();
      assertThat(store.all()).isEmpty();
    }
  }
}
