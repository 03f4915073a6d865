package io.github.resourcemanager.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resourcemanager.units.CpuQuantity;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ScaleTargetTest {

  private static ThreadPoolExecutor pool(int core, int max) {
    return new ThreadPoolExecutor(core, max, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>());
  }

  @Test
  void threadPoolTargetSetsCoreAndMaximumInTheOrderTheExecutorAccepts() throws Exception {
    ThreadPoolExecutor pool = pool(2, 2);
    try {
      ScaleTarget target = ScaleTarget.threadPool("pool", pool);
      target.applySize(8);
      assertThat(pool.getCorePoolSize()).isEqualTo(8);
      assertThat(pool.getMaximumPoolSize()).isEqualTo(8);
      target.applySize(3);
      assertThat(pool.getCorePoolSize()).isEqualTo(3);
      assertThat(pool.getMaximumPoolSize()).isEqualTo(3);
      target.applySize(0);
      assertThat(target.currentSize()).isZero();
      assertThat(pool.getMaximumPoolSize()).isEqualTo(1);
      assertThat(target.reportsReplicas()).isFalse();
      assertThat(target.replicas()).isEmpty();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void shutDownPoolRefusesToBeResized() {
    ThreadPoolExecutor pool = pool(2, 2);
    pool.shutdown();
    ScaleTarget target = ScaleTarget.threadPool("pool", pool);
    assertThatThrownBy(() -> target.applySize(3))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("thread pool \"pool\" is shut down and cannot be resized");
    assertThat(pool.getCorePoolSize()).isEqualTo(2);
  }

  @Test
  void negativeSizeIsRefused() {
    ThreadPoolExecutor pool = pool(2, 2);
    try {
      assertThatThrownBy(() -> ScaleTarget.threadPool("pool", pool).applySize(-1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("thread pool size must not be negative, was -1");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void callbackTargetReadsAndAppliesThroughTheCallbacks() throws Exception {
    AtomicInteger size = new AtomicInteger(3);
    List<Integer> applied = new ArrayList<>();
    ScaleTarget target = ScaleTarget.of("workers", size::get, n -> {
      applied.add(n);
      size.set(n);
    });
    target.applySize(5);
    assertThat(target.currentSize()).isEqualTo(5);
    assertThat(applied).containsExactly(5);
    assertThat(target.name()).isEqualTo("workers");
    assertThat(target.reportsReplicas()).isFalse();
  }

  @Test
  void callbackTargetWithReplicasListsThem() {
    List<Replica> replicas = List.of(Replica.of("w-1"), Replica.of("w-2"));
    ScaleTarget target = ScaleTarget.of("workers", () -> 2, n -> { }, () -> replicas);
    assertThat(target.reportsReplicas()).isTrue();
    assertThat(target.replicas()).isSameAs(replicas);
  }

  @Test
  void callbackTargetReportsAReplicasSupplierReturningNull() {
    ScaleTarget target = ScaleTarget.of("workers", () -> 2, n -> { }, () -> null);
    assertThatThrownBy(target::replicas)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the replicas supplier of target \"workers\" returned null");
  }

  @Test
  void nullTargetArgumentsAreANullPointerExceptionNamingTheParameter() {
    assertThatThrownBy(() -> ScaleTarget.of(null, () -> 1, n -> { }))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("name");
    assertThatThrownBy(() -> ScaleTarget.of("w", null, n -> { }))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("currentSize");
    assertThatThrownBy(() -> ScaleTarget.of("w", () -> 1, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("applier");
    assertThatThrownBy(() -> ScaleTarget.threadPool("pool", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("pool");
    assertThatThrownBy(() -> ScaleTarget.of("w", () -> 1, n -> { }, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("replicas");
  }

  @Test
  void replicaNeedsAnAgentId() {
    assertThatThrownBy(() -> Replica.of(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("replica agentId must not be empty");
  }

  @Test
  void nullReplicaAgentIdOrPhaseIsANullPointerExceptionNamingIt() {
    assertThatThrownBy(() -> Replica.of(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("agentId");
    assertThatThrownBy(() -> Replica.of("w").withPhase(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("phase");
  }

  @Test
  void nullRequestsMeanNone() {
    Replica replica = Replica.of("w").withCpuRequest(CpuQuantity.ofMillicores(500)).withMemoryRequest(null)
        .withCpuRequest(null);
    assertThat(replica.cpuRequest()).isNull();
    assertThat(replica.memoryRequest()).isNull();
    assertThat(replica.toString()).isEqualTo("Replica{w, RUNNING, ready}");
  }

  @Test
  void replicaStartedAtAKnownTimeIsReadySinceThen() {
    Replica replica = Replica.of("w").withStart(42);
    assertThat(replica.startedAtNanos()).isEqualTo(42);
    assertThat(replica.readinessChangedAtNanos()).isEqualTo(42);
    assertThat(replica.withReadiness(false, 50).withStart(60).readinessChangedAtNanos()).isEqualTo(50);
  }
}
