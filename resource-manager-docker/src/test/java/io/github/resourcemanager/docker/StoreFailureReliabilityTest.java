package io.github.resourcemanager.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.model.HostConfig;
import io.github.resourcemanager.docker.DockerEngineExtension.TestEngine;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A limit change whose database write fails (read-only, locked) is refused with the store's clear error before the
 * container is touched: no row, or the previous row, and the container's limits as they were. ({@code LimitStoreTest}
 * covers the store alone.)
 */
@DockerTest
class StoreFailureReliabilityTest {
  private static final long MIB = 1L << 20;

  private static HostConfig host(TestEngine engine, String id) {
    return engine.client.inspectContainerCmd(id).exec().getHostConfig();
  }

  @Test
  void aReadOnlyDatabaseRefusesTheChangeAndTheContainerKeepsItsLimits(TestEngine engine, @TempDir Path dir) {
    Path file = dir.resolve("limits");
    try (LimitStore writable = LimitStore.h2(file)) {
      writable.save(new StoredLimits("someone-else", Optional.empty(), Optional.empty(), "alice", Instant.EPOCH));
    }
    String url = "jdbc:h2:file:" + file.toAbsolutePath() + ";ACCESS_MODE_DATA=r";
    try (DockerConnection connection = DockerConnection.open(DockerEngineExtension.testConfig());
        LimitStore readOnly = LimitStore.jdbc(url)) {
      DockerLimits limits = new DockerLimits(connection, readOnly, TestPolicies.small(), AccessPolicy.allowAll());
      String agent = engine.agent("ro");
      String id = engine.start(limits.prepareCreate(agent, engine.create(engine.name("ro")))); // defaults: 64m, 1

      assertThatThrownBy(() -> limits.set(agent, ContainerLimits.parse("256m", "2"), "alice"))
          .isInstanceOf(LimitStoreException.class)
          .hasMessageStartingWith("could not save the limits of agent \"" + agent + "\" to the limit store " + url
              + ": the database is read-only (")
          .hasMessageEndingWith("; nothing was changed");

      assertThat(readOnly.find(agent)).isEmpty();
      assertThat(host(engine, id).getMemory()).isEqualTo(64 * MIB);
      assertThat(host(engine, id).getNanoCPUs()).isEqualTo(1_000_000_000L);
    }
  }

  @Test
  void aLockedRowRefusesTheChangeAndNeitherTheRowNorTheContainerChange(TestEngine engine, @TempDir Path dir)
      throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("limits").toAbsolutePath() + ";LOCK_TIMEOUT=200";
    try (DockerConnection connection = DockerConnection.open(DockerEngineExtension.testConfig());
        LimitStore store = LimitStore.jdbc(url)) {
      DockerLimits limits = new DockerLimits(connection, store, TestPolicies.small(), AccessPolicy.allowAll());
      String agent = engine.agent("lk");
      String id = engine.start(limits.prepareCreate(agent, engine.create(engine.name("lk"))));
      assertThat(limits.set(agent, ContainerLimits.parse("128m", "0.5"), "alice").outcome())
          .isEqualTo(ApplyResult.Outcome.APPLIED_LIVE);
      StoredLimits before = store.find(agent).orElseThrow();

      try (Connection other = DriverManager.getConnection(url)) {
        other.setAutoCommit(false);
        try (PreparedStatement ps = other.prepareStatement(
            "UPDATE " + LimitStore.TABLE + " SET updated_by = 'other' WHERE agent_id = ?")) {
          ps.setString(1, agent);
          ps.executeUpdate(); // holds the row lock until rollback
        }
        assertThatThrownBy(() -> limits.set(agent, ContainerLimits.parse("256m", "2"), "bob"))
            .isInstanceOf(LimitStoreException.class)
            .hasMessageContaining(": the database is locked by another transaction (")
            .hasMessageEndingWith("; nothing was changed");
        other.rollback();
      }

      assertThat(store.find(agent)).contains(before);
      assertThat(host(engine, id).getMemory()).isEqualTo(128 * MIB);
      assertThat(host(engine, id).getNanoCPUs()).isEqualTo(500_000_000L);
    }
  }
}
