package io.github.resourcemanager.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jspecify.annotations.Nullable;

/**
 * Replaces a container by one with the same configuration and new limits, so that a failure at any step leaves
 * the old container in place, running again if it was.
 *
 * <p>Order: create the replacement under a temporary name; stop the old container; give the old one a backup
 * name and the replacement the old name; start the replacement; remove the old one. The old container is stopped
 * before the replacement starts so that two copies of an agent never run at once (shared volumes, published
 * ports, side effects). Any failure undoes the steps done so far in reverse order.
 *
 * <p>A container started with {@code --rm} ({@code HostConfig.AutoRemove}) is removed by the engine itself once it
 * stops. For such a container the old one is renamed <em>before</em> it is stopped (a running container can be
 * renamed), so its name is free whenever the engine removes it; the engine's removal counts as the last step done.
 * Once the old container is gone there is nothing to roll back to, so a failure after that point rolls forward: the
 * replacement is given the name and started, never removed. Either way the agent is never left without a container.
 *
 * <p>The configuration is copied from the engine's raw inspect JSON ({@code Config} and {@code HostConfig}), so
 * fields docker-java does not model are kept too; anonymous volumes are re-attached by name so their data stays.
 */
final class Recreator {
  private static final Logger log = LoggerFactory.getLogger(Recreator.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  /** Names this class gives containers while it works; lookups skip them as leftovers of an interrupted recreate. */
  static final Pattern WORK_NAME = Pattern.compile(".*-rm-(new|old)-[0-9a-f]{6}$");
  private static final Pattern REPLACEMENT_NAME = Pattern.compile(".*-rm-new-[0-9a-f]{6}$");
  private static final Set<String> BUILT_IN_NETWORKS = Set.of("none", "host", "bridge", "default");

  private final DockerClient client;
  private final Engine engine;
  private final RawApi raw;
  // Test seam: told each step's name as it begins, so a test can stop the engine at that point. Production code
  // never sets it.
  private volatile Consumer<String> stepListener = step -> { };

  Recreator(DockerClient client, Engine engine, RawApi raw) {
    this.client = client;
    this.engine = engine;
    this.raw = raw;
  }

  /** Calls {@code listener} with the name of each step of later recreates as it begins. For tests. */
  void onStep(Consumer<String> listener) {
    this.stepListener = listener;
  }

  private void begin(Attempt a, String step) {
    a.step = step;
    stepListener.accept(step);
  }

  /** The outcome: the new container's id on success, else the failure (step named) after rollback; "" on success. */
  record Result(boolean succeeded, boolean restarted, String containerId, String failure) {}

  private final class Attempt {
    final String oldId;
    final String name;
    final boolean wasRunning;
    final boolean autoRemove;
    final int stopTimeout;
    @Nullable String newId;
    @Nullable String step;
    boolean oldStopped;
    @Nullable String oldRenamedTo;
    boolean newRenamed;
    @Nullable String tempName;
    boolean newStarted;

    Attempt(String oldId, String name, boolean wasRunning, boolean autoRemove, int stopTimeout) {
      this.oldId = oldId;
      this.name = name;
      this.wasRunning = wasRunning;
      this.autoRemove = autoRemove;
      this.stopTimeout = stopTimeout;
    }
  }

  Result recreate(String oldId, ContainerLimits target, String agentId) {
    JsonNode inspect;
    try {
      inspect = engine.call("inspect container " + shortId(oldId), () -> raw.get("/containers/" + RawApi.encode(oldId)
          + "/json"));
    } catch (DockerException | EngineUnreachableException e) {
      return new Result(false, false, oldId, "recreate failed at step 'inspect container': " + message(e)
          + "; the old container was not touched");
    } catch (RuntimeException e) {
      return new Result(false, false, oldId, "recreate failed at step 'inspect container': " + Engine.rootMessage(e)
          + "; the old container was not touched");
    }
    String name = ActualLimits.stripSlash(inspect.path("Name").asText());
    JsonNode state = inspect.path("State");
    boolean wasRunning = state.path("Running").asBoolean(false) && !state.path("Paused").asBoolean(false);
    boolean autoRemove = inspect.path("HostConfig").path("AutoRemove").asBoolean(false);
    JsonNode stopTimeoutNode = inspect.path("Config").path("StopTimeout");
    int stopTimeout = stopTimeoutNode.isNumber() ? stopTimeoutNode.asInt() : 10;
    Attempt a = new Attempt(oldId, name, wasRunning, autoRemove, stopTimeout);
    try {
      begin(a, "create replacement");
      removeLeftoverReplacements(agentId, name);
      checkImage(inspect);
      String tempName = name + "-rm-new-" + hex6();
      a.tempName = tempName;
      ObjectNode body = createBody(inspect, target, agentId);
      JsonNode created = engine.call("create the replacement of container " + name,
          () -> raw.post("/containers/create?name=" + RawApi.encode(tempName), body));
      String newId = created.path("Id").asText();
      a.newId = newId;
      connectExtraNetworks(a, inspect);
      if (autoRemove && wasRunning) {
        // The engine removes the old container as soon as it stops: free its name while it still runs.
        renameOld(a);
        stopOld(a);
      } else {
        if (wasRunning) {
          stopOld(a);
        }
        renameOld(a);
      }
      begin(a, "rename replacement");
      engine.run("rename the replacement of " + name, () -> client.renameContainerCmd(newId).withName(name).exec());
      a.newRenamed = true;
      if (wasRunning) {
        begin(a, "start replacement");
        engine.run("start the replacement of " + name, () -> client.startContainerCmd(newId).exec());
        a.newStarted = true;
      }
      begin(a, "remove old container");
      removeOld(a);
      log.info("agent {}: container {} recreated as {} with {}", agentId, name, shortId(newId), target);
      return new Result(true, wasRunning, newId, "");
    } catch (RuntimeException e) {
      String cause = message(e);
      String replacement = a.newId;
      if (a.oldStopped && replacement != null && oldIsGone(a)) {
        log.warn("agent {}: recreate of container {} failed at step '{}': {}; the old container is gone, so the "
            + "replacement is kept", agentId, name, a.step, cause);
        return rollForward(a, replacement, agentId, target, "recreate failed at step '" + a.step + "': " + cause);
      }
      log.warn("agent {}: recreate of container {} failed at step '{}': {}; rolling back", agentId, name, a.step, cause);
      String rollback = rollBack(a);
      String failure = "recreate failed at step '" + a.step + "': " + cause + "; " + rollback;
      return new Result(false, a.oldStopped, oldId, failure);
    }
  }

  private void stopOld(Attempt a) {
    begin(a, "stop old container");
    try {
      engine.run("stop container " + a.name, () -> client.stopContainerCmd(a.oldId).withTimeout(a.stopTimeout).exec());
    } catch (NotModifiedException alreadyStopped) {
      // stopped in the meantime: fine
    } catch (NotFoundException removedWhileStopping) {
      if (!a.autoRemove) {
        throw removedWhileStopping;
      }
      // --rm: the engine removed it as it stopped
    }
    a.oldStopped = true;
  }

  private void renameOld(Attempt a) {
    begin(a, "rename old container");
    String backup = a.name + "-rm-old-" + hex6();
    engine.run("rename container " + a.name, () -> client.renameContainerCmd(a.oldId).withName(backup).exec());
    a.oldRenamedTo = backup;
  }

  /** Removes the old container; one the engine removed itself (--rm), or is removing, counts as removed. */
  private void removeOld(Attempt a) {
    try {
      engine.run("remove the old container " + a.name,
          () -> client.removeContainerCmd(a.oldId).withForce(true).withRemoveVolumes(false).exec());
    } catch (NotFoundException gone) {
      log.debug("old container {} was already removed by the engine", a.name);
    } catch (DockerException e) {
      if (!(a.autoRemove && e.getHttpStatus() == 409)) {
        throw e;
      }
      log.debug("old container {} is being removed by the engine: {}", a.name, Engine.refusal(e));
    }
  }

  /** Whether the old container no longer exists (the engine removed it: --rm). */
  private boolean oldIsGone(Attempt a) {
    try {
      engine.call("inspect container " + a.name, () -> client.inspectContainerCmd(a.oldId).exec());
      return false;
    } catch (NotFoundException gone) {
      return true;
    } catch (RuntimeException unknown) {
      return false; // cannot tell: roll back as usual, which keeps what exists
    }
  }

  /** After the old container vanished: give the replacement the name and start it if the old one ran. */
  private Result rollForward(Attempt a, String newId, String agentId, ContainerLimits target, String failure) {
    List<String> problems = new ArrayList<>();
    if (!a.newRenamed) {
      undo(problems, "rename replacement", () -> engine.run("rename the replacement of " + a.name,
          () -> client.renameContainerCmd(newId).withName(a.name).exec()));
    }
    if (a.wasRunning && !a.newStarted) {
      undo(problems, "start replacement", () -> engine.run("start the replacement of " + a.name,
          () -> client.startContainerCmd(newId).exec()));
    }
    if (problems.isEmpty()) {
      log.info("agent {}: container {} recreated as {} with {} (the engine removed the old one itself)", agentId,
          a.name, shortId(newId), target);
      return new Result(true, a.wasRunning, newId, "");
    }
    String text = failure + "; the engine removed the old container, and the replacement " + shortId(newId)
        + " was kept but " + String.join("; ", problems) + ": it needs attention";
    log.error("recreate of container {}: {}", a.name, text);
    return new Result(false, a.oldStopped, newId, text);
  }

  /**
   * Removes replacements of this agent left by an earlier recreate that failed and could not roll back (the engine
   * went away): they were never given the container's name, so the old container is the agent's. Their volumes stay:
   * anonymous ones are the old container's, re-attached by name.
   */
  private void removeLeftoverReplacements(String agentId, String containerName) {
    List<Container> labelled = engine.call("list the containers of agent " + agentId, () -> client.listContainersCmd()
        .withShowAll(true).withLabelFilter(Map.of(DockerLabels.AGENT, agentId)).exec());
    for (Container c : labelled) {
      String name = c.getNames() == null || c.getNames().length == 0 ? "" : ActualLimits.stripSlash(c.getNames()[0]);
      // Only replacements of this very container: another container with the agent's label is not ours to remove.
      if (REPLACEMENT_NAME.matcher(name).matches() && name.startsWith(containerName + "-rm-new-")) {
        engine.run("remove the leftover replacement " + name,
            () -> client.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(false).exec());
        log.warn("agent {}: removed container {}, a replacement left over by an interrupted recreate", agentId, name);
      }
    }
  }

  private void checkImage(JsonNode inspect) {
    String image = inspect.path("Config").path("Image").asText();
    String runs = inspect.path("Image").asText();
    JsonNode found;
    try {
      found = engine.call("inspect image " + image, () -> raw.get("/images/" + RawApi.encode(image) + "/json"));
    } catch (NotFoundException e) {
      throw new IllegalStateException("image " + image + " no longer exists");
    } catch (DockerException e) {
      if (e.getHttpStatus() == 404) {
        throw new IllegalStateException("image " + image + " no longer exists");
      }
      throw e;
    }
    String id = found.path("Id").asText();
    if (!id.equals(runs)) {
      throw new IllegalStateException("image " + image + " now refers to " + shortId(id) + ", not " + shortId(runs)
          + " that the container runs; a replacement would run different software");
    }
  }

  private ObjectNode createBody(JsonNode inspect, ContainerLimits target, String agentId) {
    String oldId = inspect.path("Id").asText();
    ObjectNode body = ((ObjectNode) inspect.path("Config")).deepCopy();
    // The engine sets the host name to the short id unless one was given; a replacement gets its own.
    if (oldId.startsWith(body.path("Hostname").asText("-"))) {
      body.remove("Hostname");
    }
    ObjectNode labels = body.has("Labels") && body.get("Labels").isObject()
        ? (ObjectNode) body.get("Labels") : body.putObject("Labels");
    labels.put(DockerLabels.AGENT, agentId);
    labels.put(DockerLabels.MEMORY, DockerSyntax.memory(target.memory()));
    labels.put(DockerLabels.CPUS, DockerSyntax.cpus(target.cpus()));
    if (target.pids().isPresent()) {
      labels.put(DockerLabels.PIDS, Long.toString(target.pids().getAsLong()));
    } else {
      labels.remove(DockerLabels.PIDS);
    }

    ObjectNode host = ((ObjectNode) inspect.path("HostConfig")).deepCopy();
    host.put("Memory", target.memory().bytes());
    host.put("MemorySwap", target.memory().bytes());
    host.put("NanoCpus", target.cpus().nanoCpus());
    host.put("CpuQuota", 0);
    host.put("CpuPeriod", 0);
    if (target.pids().isPresent()) {
      host.put("PidsLimit", target.pids().getAsLong());
    } else {
      host.remove("PidsLimit");
    }
    keepAnonymousVolumes(inspect, host);
    body.set("HostConfig", host);

    String mode = host.path("NetworkMode").asText("default");
    JsonNode endpoint = inspect.path("NetworkSettings").path("Networks").path(mode);
    if (isUserNetwork(mode) && endpoint.isObject()) {
      ObjectNode endpoints = body.putObject("NetworkingConfig").putObject("EndpointsConfig");
      endpoints.set(mode, endpointConfig(endpoint, oldId));
    }
    return body;
  }

  /**
   * Volumes the engine created without a name given by the user: re-attach them by name so no data is lost. The
   * mode is spelt out as {@code rw,nocopy} (or {@code ro,nocopy}): a bare {@code name:/path} would get the SELinux
   * relabelling mode {@code z}, which the anonymous volume did not have, and an emptied volume would be filled
   * again from the image, which it was not.
   */
  private static void keepAnonymousVolumes(JsonNode inspect, ObjectNode host) {
    Set<String> covered = new HashSet<>();
    for (JsonNode bind : host.path("Binds")) {
      String[] parts = bind.asText().split(":");
      if (parts.length >= 2) {
        covered.add(parts[1]);
      }
    }
    for (JsonNode mount : host.path("Mounts")) {
      covered.add(mount.path("Target").asText());
    }
    List<String> extra = new ArrayList<>();
    for (JsonNode m : inspect.path("Mounts")) {
      String destination = m.path("Destination").asText();
      if ("volume".equals(m.path("Type").asText()) && !m.path("Name").asText().isEmpty() && !covered.contains(destination)) {
        extra.add(m.path("Name").asText() + ":" + destination + (m.path("RW").asBoolean(true) ? ":rw,nocopy" : ":ro,nocopy"));
      }
    }
    if (!extra.isEmpty()) {
      ArrayNode binds = host.path("Binds").isArray() ? (ArrayNode) host.get("Binds") : host.putArray("Binds");
      extra.forEach(binds::add);
    }
  }

  private void connectExtraNetworks(Attempt a, JsonNode inspect) {
    String mode = inspect.path("HostConfig").path("NetworkMode").asText("default");
    Iterator<Map.Entry<String, JsonNode>> networks = inspect.path("NetworkSettings").path("Networks").fields();
    while (networks.hasNext()) {
      Map.Entry<String, JsonNode> n = networks.next();
      if (n.getKey().equals(mode) || !isUserNetwork(n.getKey())) {
        continue;
      }
      a.step = "connect replacement to network " + n.getKey();
      ObjectNode body = RawApi.JSON.createObjectNode();
      body.put("Container", a.newId);
      body.set("EndpointConfig", endpointConfig(n.getValue(), a.oldId));
      engine.call("connect the replacement to network " + n.getKey(),
          () -> raw.post("/networks/" + RawApi.encode(n.getKey()) + "/connect", body));
    }
  }

  private static ObjectNode endpointConfig(JsonNode endpoint, String oldId) {
    ObjectNode config = RawApi.JSON.createObjectNode();
    ArrayNode aliases = config.putArray("Aliases");
    for (JsonNode alias : endpoint.path("Aliases")) {
      // The engine adds the short id itself; the old one would point at the old container.
      if (!oldId.startsWith(alias.asText())) {
        aliases.add(alias.asText());
      }
    }
    if (endpoint.path("IPAMConfig").isObject()) {
      config.set("IPAMConfig", endpoint.get("IPAMConfig"));
    }
    if (endpoint.path("Links").isArray()) {
      config.set("Links", endpoint.get("Links"));
    }
    return config;
  }

  private static boolean isUserNetwork(String mode) {
    return !BUILT_IN_NETWORKS.contains(mode) && !mode.startsWith("container:");
  }

  /** Undoes what {@code a} did, in reverse; returns what state things were left in, for the error message. */
  private String rollBack(Attempt a) {
    List<String> problems = new ArrayList<>();
    if (a.newStarted) {
      undo(problems, "stop replacement", () -> engine.run("stop the replacement", () -> client.stopContainerCmd(a.newId)
          .withTimeout(a.stopTimeout).exec()));
    }
    if (a.newRenamed) {
      undo(problems, "rename replacement back", () -> engine.run("rename the replacement back",
          () -> client.renameContainerCmd(a.newId).withName(a.tempName).exec()));
    }
    if (a.oldRenamedTo != null) {
      undo(problems, "rename old container back", () -> engine.run("rename the old container back",
          () -> client.renameContainerCmd(a.oldId).withName(a.name).exec()));
    }
    if (a.newId != null) {
      undo(problems, "remove replacement", () -> engine.run("remove the replacement",
          () -> client.removeContainerCmd(a.newId).withForce(true).exec()));
    }
    if (a.oldStopped) {
      undo(problems, "start old container", () -> engine.run("start the old container",
          () -> client.startContainerCmd(a.oldId).exec()));
    }
    if (problems.isEmpty()) {
      return "the old container " + a.name + " was left in place" + (a.wasRunning ? " and is running" : "");
    }
    String text = "rolling back also failed (" + String.join("; ", problems) + "); old container " + shortId(a.oldId)
        + (a.newId != null ? ", replacement " + shortId(a.newId) : "") + " need attention";
    log.error("recreate of container {} could not be rolled back: {}", a.name, text);
    return text;
  }

  private static void undo(List<String> problems, String step, Runnable action) {
    try {
      action.run();
    } catch (NotModifiedException alreadyThere) {
      // the state we wanted
    } catch (NotFoundException gone) {
      if (!step.contains("replacement")) {
        problems.add("step '" + step + "': " + message(gone));
      }
      // a replacement started with --rm is removed by the engine once stopped: the state we wanted
    } catch (RuntimeException e) {
      problems.add("step '" + step + "': " + message(e));
    }
  }

  private static String message(RuntimeException e) {
    if (e instanceof DockerException d) {
      return Engine.refusal(d);
    }
    if (e instanceof EngineUnreachableException || e instanceof IllegalStateException) {
      return String.valueOf(e.getMessage());
    }
    return "Docker engine unreachable: " + Engine.rootMessage(e);
  }

  private static String hex6() {
    return String.format("%06x", RANDOM.nextInt(1 << 24));
  }

  static String shortId(String id) {
    String s = id != null && id.startsWith("sha256:") ? id.substring(7) : id;
    return s == null ? "?" : s.substring(0, Math.min(12, s.length()));
  }
}
