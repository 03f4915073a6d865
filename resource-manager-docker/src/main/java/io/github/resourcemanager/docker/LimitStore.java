package io.github.resourcemanager.docker;

import io.github.resourcemanager.units.ByteSize;
import io.github.resourcemanager.units.CpuQuantity;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jspecify.annotations.Nullable;

/**
 * The desired limits of agents, kept in a relational database through JDBC so that they survive restarts.
 *
 * <p>{@link #h2(Path)} gives an embedded H2 database in one file, which needs no server; {@link #of(DataSource)}
 * takes any database that understands the standard SQL used here (H2, PostgreSQL, MySQL). The tables
 * {@value #TABLE} and {@value #CONTAINERS_TABLE} (which container the module manages for each agent) are created on
 * first use.
 *
 * <p>Each {@link #save} is one transaction that writes one whole row: a reader never sees part of a change, and a
 * write that fails (database locked, read-only, full) is rolled back and reported as a {@link LimitStoreException}
 * with nothing changed.
 *
 * <p>Thread-safe: every operation uses its own connection.
 */
public final class LimitStore implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LimitStore.class);

  /** The table holding one row per agent with limits of its own or limits waiting to be applied. */
  public static final String TABLE = "rm_docker_limits";

  private static final String CREATE = "CREATE TABLE IF NOT EXISTS " + TABLE + " ("
      + "agent_id VARCHAR(128) NOT NULL PRIMARY KEY, "
      + "custom BOOLEAN NOT NULL, "
      + "memory_bytes BIGINT, "
      + "cpu_millicores BIGINT, "
      + "pids_limit BIGINT, "
      + "pending_cause VARCHAR(2000), "
      + "updated_by VARCHAR(256) NOT NULL, "
      + "updated_at_ms BIGINT NOT NULL, "
      + "CHECK (custom = FALSE OR (memory_bytes IS NOT NULL AND cpu_millicores IS NOT NULL)))";
  private static final String COLUMNS =
      "agent_id, custom, memory_bytes, cpu_millicores, pids_limit, pending_cause, updated_by, updated_at_ms";
  private static final String UPDATE = "UPDATE " + TABLE + " SET custom = ?, memory_bytes = ?, cpu_millicores = ?, "
      + "pids_limit = ?, pending_cause = ?, updated_by = ?, updated_at_ms = ? WHERE agent_id = ?";
  private static final String INSERT = "INSERT INTO " + TABLE + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
  private static final int MAX_CAUSE = 2000;

  /** The table recording, per agent, the container this module manages and the claim of one about to be created. */
  public static final String CONTAINERS_TABLE = "rm_docker_containers";

  private static final String CREATE_CONTAINERS = "CREATE TABLE IF NOT EXISTS " + CONTAINERS_TABLE + " ("
      + "agent_id VARCHAR(128) NOT NULL PRIMARY KEY, "
      + "container_id VARCHAR(128), "
      + "claim VARCHAR(64), "
      + "updated_at_ms BIGINT NOT NULL)";

  private final DataSource dataSource;
  private final String description;
  private final @Nullable Connection anchor; // keeps an embedded database open between operations; null for others
  private final Object schemaLock = new Object();
  private volatile boolean schemaReady;
  private volatile boolean closed;

  private LimitStore(DataSource dataSource, String description, boolean anchored) {
    this.dataSource = dataSource;
    this.description = description;
    Connection c = null;
    if (anchored) {
      try {
        c = dataSource.getConnection();
      } catch (SQLException e) {
        throw new LimitStoreException("could not open the limit store " + description + ": " + explain(e), e);
      }
    }
    this.anchor = c;
  }

  /**
   * An embedded H2 database in {@code file} (H2 adds {@code .mv.db}); created if missing. Only one process may
   * open it at a time; a second one gets a {@link LimitStoreException} saying it is in use.
   *
   * @throws LimitStoreException if the database cannot be opened
   */
  public static LimitStore h2(Path file) {
    Objects.requireNonNull(file, "file");
    return jdbc("jdbc:h2:file:" + file.toAbsolutePath());
  }

  /**
   * An H2 database at a JDBC URL, e.g. {@code jdbc:h2:file:/var/lib/app/limits;LOCK_TIMEOUT=5000} or
   * {@code jdbc:h2:mem:test}. The database stays open until {@link #close()}.
   *
   * @throws IllegalArgumentException if the URL is not an H2 URL
   * @throws LimitStoreException if the database cannot be opened
   */
  public static LimitStore jdbc(String h2Url) {
    if (h2Url == null || !h2Url.startsWith("jdbc:h2:")) {
      throw new IllegalArgumentException("h2Url " + (h2Url == null ? "null" : "\"" + h2Url + "\"")
          + " is not allowed; give an H2 URL starting with jdbc:h2: (for other databases use LimitStore.of(DataSource))");
    }
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL(h2Url);
    return new LimitStore(ds, h2Url, true);
  }

  /** A store on any JDBC data source (a connection pool, say), which stays the caller's to close. */
  public static LimitStore of(DataSource dataSource) {
    return new LimitStore(Objects.requireNonNull(dataSource, "dataSource"), dataSource.toString(), false);
  }

  /**
   * The row of {@code agentId}, if it has one.
   *
   * @throws LimitStoreException if the database cannot be read
   */
  public Optional<StoredLimits> find(String agentId) {
    AgentIds.require(agentId);
    try (Connection c = connection();
        PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE agent_id = ?")) {
      ps.setString(1, agentId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new LimitStoreException("could not read the limits of agent \"" + agentId + "\" from the limit store "
          + description + ": " + explain(e), e);
    }
  }

  /**
   * Every row, ordered by agent id.
   *
   * @throws LimitStoreException if the database cannot be read
   */
  public List<StoredLimits> all() {
    try (Connection c = connection();
        PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM " + TABLE + " ORDER BY agent_id");
        ResultSet rs = ps.executeQuery()) {
      List<StoredLimits> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(read(rs));
      }
      return rows;
    } catch (SQLException e) {
      throw new LimitStoreException("could not read the limit store " + description + ": " + explain(e), e);
    }
  }

  /**
   * Writes the row of {@code row.agentId()} in one transaction, replacing the previous one.
   *
   * @throws LimitStoreException if the write fails; then nothing was changed
   */
  public void save(StoredLimits row) {
    Objects.requireNonNull(row, "row");
    try (Connection c = connection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        if (update(c, row) == 0) {
          try {
            insert(c, row);
          } catch (SQLIntegrityConstraintViolationException raced) {
            // Another writer inserted the row between our update and insert: ours is the later change.
            c.rollback();
            if (update(c, row) == 0) {
              throw raced;
            }
          }
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c, e);
        throw e;
      } finally {
        restoreAutoCommit(c, autoCommit);
      }
    } catch (SQLException e) {
      throw new LimitStoreException("could not save the limits of agent \"" + row.agentId() + "\" to the limit store "
          + description + ": " + explain(e) + "; nothing was changed", e);
    }
  }

  private int update(Connection c, StoredLimits row) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(UPDATE)) {
      bindValues(ps, 1, row);
      ps.setString(8, row.agentId());
      return ps.executeUpdate();
    }
  }

  private void insert(Connection c, StoredLimits row) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      ps.setString(1, row.agentId());
      bindValues(ps, 2, row);
      ps.executeUpdate();
    }
  }

  private static void bindValues(PreparedStatement ps, int first, StoredLimits row) throws SQLException {
    int i = first;
    ps.setBoolean(i++, row.custom().isPresent());
    if (row.custom().isPresent()) {
      ContainerLimits l = row.custom().get();
      ps.setLong(i++, l.memory().bytes());
      ps.setLong(i++, l.cpus().millicores());
      if (l.pids().isPresent()) {
        ps.setLong(i++, l.pids().getAsLong());
      } else {
        ps.setNull(i++, Types.BIGINT);
      }
    } else {
      ps.setNull(i++, Types.BIGINT);
      ps.setNull(i++, Types.BIGINT);
      ps.setNull(i++, Types.BIGINT);
    }
    String cause = row.pendingCause().orElse(null);
    if (cause != null && cause.length() > MAX_CAUSE) {
      cause = cause.substring(0, MAX_CAUSE - 3) + "...";
    }
    ps.setString(i++, cause);
    ps.setString(i++, row.updatedBy());
    ps.setLong(i, row.updatedAt().toEpochMilli());
  }

  /**
   * One row, checked strictly: a row this class would not have written (a memory below Docker's minimum, a negative
   * or missing value, limits in a row that says it has none, a malformed agent id or actor) is refused with a
   * {@link LimitStoreException} naming the table, the agent, the column and the value, never read as something else.
   */
  private StoredLimits read(ResultSet rs) throws SQLException {
    String agent = rs.getString(1);
    boolean custom = rs.getBoolean(2);
    @Nullable Long memory = nullableLong(rs, 3);
    @Nullable Long cpu = nullableLong(rs, 4);
    @Nullable Long pids = nullableLong(rs, 5);
    String where = "the row of agent " + (agent == null ? "null" : "\"" + agent + "\"") + " in table " + TABLE
        + " of the limit store " + description;
    try {
      Optional<ContainerLimits> limits = Optional.empty();
      if (custom) {
        if (memory == null || cpu == null) {
          throw new IllegalArgumentException((memory == null ? "memory_bytes" : "cpu_millicores") + " is NULL in a "
              + "row with custom = TRUE; allowed: the limits of the agent");
        }
        limits = Optional.of(new ContainerLimits(column("memory_bytes", memory, ByteSize::ofBytes),
            column("cpu_millicores", cpu, CpuQuantity::ofMillicores),
            pids == null ? OptionalLong.empty() : OptionalLong.of(pids)));
      } else if (memory != null || cpu != null || pids != null) {
        throw new IllegalArgumentException("memory_bytes, cpu_millicores and pids_limit must be NULL in a row with "
            + "custom = FALSE (the agent uses the defaults), but they are " + memory + ", " + cpu + ", " + pids);
      }
      return new StoredLimits(agent, limits, Optional.ofNullable(rs.getString(6)), rs.getString(7),
          Instant.ofEpochMilli(rs.getLong(8)));
    } catch (IllegalArgumentException e) {
      throw new LimitStoreException(where + " is not valid: " + e.getMessage() + "; nothing was read from it", e);
    }
  }

  private static <T> T column(String name, long value, java.util.function.LongFunction<T> make) {
    try {
      return make.apply(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + " " + value + " is not allowed: " + e.getMessage(), e);
    }
  }

  private static @Nullable Long nullableLong(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }

  /**
   * The container this module manages for {@code agentId}, and the claim of a container about to be created for it,
   * as recorded; empty if nothing was recorded.
   *
   * @throws LimitStoreException if the database cannot be read
   */
  Optional<ManagedContainer> managedContainer(String agentId) {
    AgentIds.require(agentId);
    try (Connection c = connection();
        PreparedStatement ps = c.prepareStatement("SELECT container_id, claim FROM " + CONTAINERS_TABLE
            + " WHERE agent_id = ?")) {
      ps.setString(1, agentId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(new ManagedContainer(agentId, Optional.ofNullable(rs.getString(1)),
            Optional.ofNullable(rs.getString(2))));
      }
    } catch (SQLException e) {
      throw new LimitStoreException("could not read which container is managed for agent \"" + agentId
          + "\" from the limit store " + description + ": " + explain(e), e);
    }
  }

  /**
   * Records which container this module manages for the agent and the claim of a container about to be created, in
   * one transaction.
   *
   * @throws LimitStoreException if the write fails; then nothing was changed
   */
  void saveManagedContainer(ManagedContainer managed, Instant at) {
    try (Connection c = connection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        int updated;
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + CONTAINERS_TABLE
            + " SET container_id = ?, claim = ?, updated_at_ms = ? WHERE agent_id = ?")) {
          ps.setString(1, managed.containerId().orElse(null));
          ps.setString(2, managed.claim().orElse(null));
          ps.setLong(3, at.toEpochMilli());
          ps.setString(4, managed.agentId());
          updated = ps.executeUpdate();
        }
        if (updated == 0) {
          try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + CONTAINERS_TABLE
              + " (agent_id, container_id, claim, updated_at_ms) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, managed.agentId());
            ps.setString(2, managed.containerId().orElse(null));
            ps.setString(3, managed.claim().orElse(null));
            ps.setLong(4, at.toEpochMilli());
            ps.executeUpdate();
          }
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c, e);
        throw e;
      } finally {
        restoreAutoCommit(c, autoCommit);
      }
    } catch (SQLException e) {
      throw new LimitStoreException("could not record the managed container of agent \"" + managed.agentId()
          + "\" in the limit store " + description + ": " + explain(e) + "; nothing was changed", e);
    }
  }

  private Connection connection() throws SQLException {
    if (closed) {
      throw new SQLException("the limit store is closed");
    }
    Connection c = dataSource.getConnection();
    if (!schemaReady) {
      try {
        ensureSchema(c);
      } catch (SQLException | RuntimeException e) {
        c.close();
        throw e;
      }
    }
    return c;
  }

  private void ensureSchema(Connection c) throws SQLException {
    synchronized (schemaLock) {
      if (schemaReady) {
        return;
      }
      try (Statement s = c.createStatement()) {
        s.execute(CREATE);
        s.execute(CREATE_CONTAINERS);
      }
      if (!c.getAutoCommit()) {
        c.commit();
      }
      schemaReady = true;
    }
  }

  private static void rollbackQuietly(Connection c, Exception cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private static void restoreAutoCommit(Connection c, boolean autoCommit) {
    try {
      c.setAutoCommit(autoCommit);
    } catch (SQLException e) {
      log.debug("could not restore auto-commit on a limit store connection", e);
    }
  }

  /** A short reason for people: locked, read-only, in use, else the database's own first line. */
  static String explain(SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String first = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
    if (state.equals("HYT00") || e.getErrorCode() == 50200) {
      return "the database is locked by another transaction (" + first + ")";
    }
    if (e.getErrorCode() == 90097) {
      return "the database is read-only (" + first + ")";
    }
    if (e.getErrorCode() == 90020) {
      return "the database is in use by another process (" + first + ")";
    }
    return first;
  }

  /** Closes the embedded database this store opened; a caller's data source stays open. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (anchor != null) {
      try {
        anchor.close();
      } catch (SQLException e) {
        log.warn("could not close the limit store {}", description, e);
      }
    }
  }

  @Override
  public String toString() {
    return "LimitStore[" + description + "]";
  }
}
