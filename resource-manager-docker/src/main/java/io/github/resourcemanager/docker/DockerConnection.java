package io.github.resourcemanager.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connections to one Docker engine through docker-java and its Apache HttpClient 5 transport.
 *
 * <p>Two clients share the address: one for requests, and one without a response timeout for long-lived streams
 * (events, which may stay silent for hours, and stats), with room for {@value #MAX_STREAMS} of them. Every request
 * this module makes is bounded by {@link DockerConfig#requestTimeout()} on any address, {@code unix://} included
 * (where the transport itself ignores timeouts); requests made directly through {@link #client()} are bounded
 * only on {@code tcp://}. Thread-safe.
 */
public final class DockerConnection implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DockerConnection.class);

  /** Long-lived streams at most: one per agent container's stats, plus the event stream. */
  static final int MAX_STREAMS = 1024;

  private final DockerConfig config;
  private final DockerHttpClient requestHttp;
  private final DockerHttpClient streamHttp;
  private final DockerClient requests;
  private final DockerClient streams;
  private final Engine engine;

  private DockerConnection(DockerConfig config) {
    this.config = config;
    this.engine = new Engine(config.requestTimeout());
    DefaultDockerClientConfig clientConfig = DefaultDockerClientConfig.createDefaultConfigBuilder()
        .withDockerHost(config.dockerHost().toString())
        .build();
    this.requestHttp = new ApacheDockerHttpClient.Builder()
        .dockerHost(config.dockerHost())
        .sslConfig(clientConfig.getSSLConfig())
        .connectionTimeout(config.connectTimeout())
        .responseTimeout(config.requestTimeout())
        .maxConnections(16)
        .build();
    this.streamHttp = new ApacheDockerHttpClient.Builder()
        .dockerHost(config.dockerHost())
        .sslConfig(clientConfig.getSSLConfig())
        .connectionTimeout(config.connectTimeout())
        .maxConnections(MAX_STREAMS)
        .build();
    this.requests = DockerClientImpl.getInstance(clientConfig, requestHttp);
    this.streams = DockerClientImpl.getInstance(clientConfig, streamHttp);
  }

  /** Connections as {@code config} says. Nothing is contacted until the first request. */
  public static DockerConnection open(DockerConfig config) {
    return new DockerConnection(Objects.requireNonNull(config, "config"));
  }

  /** Connections to the engine at {@code DOCKER_HOST}, else the default socket, with default timeouts. */
  public static DockerConnection fromEnvironment() {
    return open(DockerConfig.ofDefaults());
  }

  /** The configuration. */
  public DockerConfig config() {
    return config;
  }

  /** The docker-java client for requests (bounded by the request timeout). */
  public DockerClient client() {
    return requests;
  }

  /** The docker-java client for long-lived streams (no response timeout). */
  DockerClient streamingClient() {
    return streams;
  }

  /** Runs this module's requests under the request timeout. */
  Engine engine() {
    return engine;
  }

  /** The raw HTTP client behind {@link #client()}, for requests docker-java does not model. */
  DockerHttpClient http() {
    return requestHttp;
  }

  /** Whether the engine answers a ping within the request timeout now. Never throws. */
  public boolean ping() {
    try {
      engine.run("ping", () -> requests.pingCmd().exec());
      return true;
    } catch (RuntimeException e) {
      log.debug("Docker engine at {} did not answer a ping", config.dockerHost(), e);
      return false;
    }
  }

  /** Closes both clients; streams still open end. Idempotent. */
  @Override
  public void close() {
    engine.close();
    closeQuietly(streams);
    closeQuietly(requests);
  }

  private void closeQuietly(DockerClient client) {
    try {
      client.close();
    } catch (IOException | RuntimeException e) {
      log.debug("closing a Docker client failed", e);
    }
  }

  @Override
  public String toString() {
    return "DockerConnection[" + config.dockerHost() + "]";
  }
}
