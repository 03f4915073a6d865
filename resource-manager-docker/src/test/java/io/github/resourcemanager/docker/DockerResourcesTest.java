package io.github.resourcemanager.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resourcemanager.Ticker;
import io.github.resourcemanager.monitor.ResourceSource;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DockerResourcesTest {

  @Test
  void accessMustBeChosenExplicitly() {
    assertThatThrownBy(() -> DockerResources.custom().store(LimitStore.jdbc("jdbc:h2:mem:r1")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("access must not be null; use AccessPolicy.ownerOrAdmin(...)");
  }

  @Test
  void aStoreIsRequired() {
    assertThatThrownBy(() -> DockerResources.custom().access(AccessPolicy.allowAll()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("store must not be null; use e.g. LimitStore.h2(Path.of(\"limits\"))");
  }

  @Test
  void itsPartsAreWiredAndNothingFailsWithoutAnEngine() throws Exception {
    DockerConfig nowhere = DockerConfig.custom().dockerHost("tcp://127.0.0.1:1").ticker(Ticker.system())
        .connectTimeout(Duration.ofMillis(200)).build();
    LimitStore store = LimitStore.jdbc("jdbc:h2:mem:r3");
    try (DockerResources docker = DockerResources.custom().config(nowhere).store(store)
        .access(AccessPolicy.allowAll()).build()) {
      ResourceSource source = docker.statsSource();
      assertThat(source.name()).isEqualTo("docker-stats");
      assertThat(source.mayBlock()).isTrue();
      assertThat(source.metrics()).contains(DockerMetrics.MEMORY_USED, DockerMetrics.OOM_KILLS);
      assertThat(docker.enforcer().name()).isEqualTo("docker");
      assertThat(docker.store()).isSameAs(store);
      assertThat(docker.connection().ping()).isFalse();

      ApplyResult r = docker.limits().set("agent-1", ContainerLimits.parse("4g", "2"), "alice");

      assertThat(r.outcome()).isEqualTo(ApplyResult.Outcome.PENDING);
      assertThat(r.cause().orElseThrow()).startsWith("Docker engine unreachable while trying to ");
      assertThat(store.find("agent-1").orElseThrow().pendingCause()).isEqualTo(r.cause());
    }
  }
}
