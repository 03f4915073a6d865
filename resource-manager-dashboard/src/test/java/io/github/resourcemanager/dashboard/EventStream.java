package io.github.resourcemanager.dashboard;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * Reads a dashboard's event stream with the JDK {@code HttpClient}, parsing Server-Sent Events as a browser's
 * EventSource does (event name, id, data; comments ignored) into a list tests wait on with Awaitility.
 */
final class EventStream implements AutoCloseable {

  /** One event. */
  record Event(String name, String id, String data) {
    JsonNode json() {
      try {
        return Http.JSON.readTree(data);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private final List<Event> events = new ArrayList<>();
  private final List<String> comments = new ArrayList<>();
  private final HttpResponse<Stream<String>> response;
  private final CompletableFuture<Void> reader;

  private EventStream(HttpResponse<Stream<String>> response) {
    this.response = response;
    this.reader = CompletableFuture.runAsync(this::read);
  }

  static EventStream open(Dashboard dashboard) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(Http.uri(dashboard, "/api/events"))
        .header("Accept", "text/event-stream").GET().build();
    return new EventStream(Http.CLIENT.send(request, HttpResponse.BodyHandlers.ofLines()));
  }

  HttpResponse<Stream<String>> response() {
    return response;
  }

  private void read() {
    String name = "message";
    String id = null;
    StringBuilder data = null;
    try (Stream<String> lines = response.body()) {
      for (String line : (Iterable<String>) lines::iterator) {
        if (line.isEmpty()) {
          if (data != null) {
            synchronized (this) {
              events.add(new Event(name, id, data.toString()));
            }
          }
          name = "message";
          data = null;
        } else if (line.startsWith(":")) {
          synchronized (this) {
            comments.add(line);
          }
        } else if (line.startsWith("event: ")) {
          name = line.substring(7);
        } else if (line.startsWith("id: ")) {
          id = line.substring(4);
        } else if (line.startsWith("data: ")) {
          data = data == null ? new StringBuilder(line.substring(6)) : data.append('\n').append(line.substring(6));
        }
      }
    } catch (UncheckedIOException closed) {
      // the stream ended: the dashboard closed or the test closed it
    }
  }

  synchronized List<Event> events() {
    return List.copyOf(events);
  }

  synchronized List<String> comments() {
    return List.copyOf(comments);
  }

  /** Waits until {@code count} events have arrived and returns the {@code count}-th. */
  Event awaitEvent(int count) {
    await().atMost(Duration.ofSeconds(10)).until(() -> events().size() >= count);
    return events().get(count - 1);
  }

  /** Whether the server ended the stream. */
  boolean ended() {
    return reader.isDone();
  }

  /** Closes the connection from the client's side, as a browser tab that goes away. */
  @Override
  public void close() {
    response.body().close();
  }
}
