package io.github.resourcemanager.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An engine that accepts connections on its {@code unix://} socket and never answers (a hung dockerd, a proxy that
 * lost its upstream): every call still returns within the request timeout, as a pending change or an error naming
 * the timeout, and no agent's lock outlives the call. The "engine" is a socket server this test owns, which accepts
 * every connection and never reads or writes. Time is real time here; the bounds are generous (the timeout is 1 s, a
 * call may take up to 4 s).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang fails
class SilentEngineReliabilityTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(1);
  private static final long BOUND_NANOS = TimeUnit.SECONDS.toNanos(4);

  private Path socket;
  private ServerSocketChannel server;
  private final List<SocketChannel> accepted = new CopyOnWriteArrayList<>();
  private Thread acceptor;
  private DockerConnection connection;
  private LimitStore store;

  @BeforeEach
  void startSilentEngine() throws IOException {
    Path dir = Files.createTempDirectory("rm-silent-engine");
    socket = dir.resolve("docker.sock");
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    acceptor = new Thread(() -> {
      try {
        while (true) {
          accepted.add(server.accept()); // kept open, never read, never answered
        }
      } catch (IOException closed) {
        // the test is over
      }
    }, "silent-engine");
    acceptor.setDaemon(true);
    acceptor.start();
    connection = DockerConnection.open(DockerConfig.custom().dockerHost("unix://" + socket)
        .connectTimeout(TIMEOUT).requestTimeout(TIMEOUT).build());
    store = LimitStore.jdbc("jdbc:h2:mem:silent-" + System.nanoTime());
  }

  @AfterEach
  void stopSilentEngine() throws Exception {
    store.close();
    connection.close();
    server.close();
    for (SocketChannel c : accepted) {
      c.close();
    }
    acceptor.join(5_000);
    Files.deleteIfExists(socket);
    Files.deleteIfExists(socket.getParent());
  }

  private DockerLimits limits() {
    return new DockerLimits(connection, store, TestPolicies.small(), AccessPolicy.allowAll());
  }

  private static long elapsedSince(long start) {
    return System.nanoTime() - start;
  }

  @Test
  void aReconcileReturnsPendingWithinTheTimeoutAndReleasesTheAgentsLock() {
    DockerLimits limits = limits();

    long start = System.nanoTime();
    ApplyResult r = limits.reconcile("agent-1");
    long took = elapsedSince(start);

    assertThat(r.outcome()).isEqualTo(ApplyResult.Outcome.PENDING);
    assertThat(r.cause().orElseThrow())
        .isEqualTo("Docker engine did not answer within 1 s while trying to read the engine's host facts");
    assertThat(took).isGreaterThanOrEqualTo(TIMEOUT.toNanos()).isLessThan(BOUND_NANOS);
    assertThat(limits.lockHeld("agent-1")).isFalse();
    assertThat(accepted).isNotEmpty(); // the request did reach the silent engine
  }

  @Test
  void aSetIsStoredAndPendingWithinTheTimeout() {
    DockerLimits limits = limits();
    ContainerLimits wanted = ContainerLimits.parse("128m", "0.5");

    long start = System.nanoTime();
    ApplyResult r = limits.set("agent-1", wanted, "alice");
    long took = elapsedSince(start);

    assertThat(r.outcome()).isEqualTo(ApplyResult.Outcome.PENDING);
    assertThat(r.cause().orElseThrow()).startsWith("Docker engine did not answer within 1 s while trying to ");
    // set reads the host facts once (within the timeout) before storing, then applies: at most two timeouts
    assertThat(took).isLessThan(BOUND_NANOS + TIMEOUT.toNanos());
    assertThat(store.find("agent-1").orElseThrow().custom()).contains(wanted);
    assertThat(store.find("agent-1").orElseThrow().pendingCause()).isEqualTo(r.cause());
    assertThat(limits.lockHeld("agent-1")).isFalse();
  }

  @Test
  void aSecondCallOnTheSameAgentWaitsNoLongerThanTheFirstOneTakes() throws Exception {
    DockerLimits limits = limits();

    long start = System.nanoTime();
    CompletableFuture<ApplyResult> first = CompletableFuture.supplyAsync(() -> limits.reconcile("agent-1"));
    CompletableFuture<ApplyResult> second = CompletableFuture.supplyAsync(() -> limits.reconcile("agent-1"));
    ApplyResult a = first.get(10, TimeUnit.SECONDS);
    ApplyResult b = second.get(10, TimeUnit.SECONDS);
    long took = elapsedSince(start);

    assertThat(a.outcome()).isEqualTo(ApplyResult.Outcome.PENDING);
    assertThat(b.outcome()).isEqualTo(ApplyResult.Outcome.PENDING);
    // one after the other, each bounded by the timeout
    assertThat(took).isLessThan(2 * BOUND_NANOS);
    assertThat(limits.lockHeld("agent-1")).isFalse();
  }

  @Test
  void readingTheStateReportsTheTimeoutWithinIt() {
    DockerLimits limits = limits();

    long start = System.nanoTime();
    LimitState state = limits.get("agent-1");
    long took = elapsedSince(start);

    assertThat(state.actual()).isEmpty();
    assertThat(state.actualUnknownBecause().orElseThrow()).startsWith("Docker engine did not answer within 1 s");
    assertThat(took).isLessThan(BOUND_NANOS + TIMEOUT.toNanos()); // host facts, then the container list
  }

  @Test
  void theEnforcerFailsWithinTheTimeout() {
    DockerEnforcer enforcer = new DockerEnforcer(connection, limits(), DockerEnforcer.ALLOCATION_ACTOR);

    long start = System.nanoTime();
    assertThatThrownBy(() -> enforcer.pause("agent-1", "over budget")).isInstanceOf(IllegalStateException.class)
        .hasMessage("could not pause agent agent-1: Docker engine did not answer within 1 s while trying to list the "
            + "containers of agent agent-1");
    assertThat(elapsedSince(start)).isLessThan(BOUND_NANOS);
  }

  @Test
  void aPingSaysNoWithinTheTimeout() {
    long start = System.nanoTime();
    assertThat(connection.ping()).isFalse();
    assertThat(elapsedSince(start)).isGreaterThanOrEqualTo(TIMEOUT.toNanos()).isLessThan(BOUND_NANOS);
  }
}
