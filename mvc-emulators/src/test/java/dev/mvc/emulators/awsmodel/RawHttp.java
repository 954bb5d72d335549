package dev.mvc.emulators.awsmodel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A plain HTTP/1.1 client that sends hand-written requests to an emulator and keeps the
 * response bytes exactly as they arrived, so checks see the wire, not an SDK's reading of it.
 */
final class RawHttp {
  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();
  private final URI endpoint;

  RawHttp(URI endpoint) {
    this.endpoint = endpoint;
  }

  WireResponse get(String path) {
    return send(HttpRequest.newBuilder(endpoint.resolve(path)).GET());
  }

  WireResponse put(String path, String json) {
    return send(HttpRequest.newBuilder(endpoint.resolve(path)).PUT(HttpRequest.BodyPublishers.ofString(json))
        .header("Content-Type", "application/json"));
  }

  WireResponse post(String path, String json, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(endpoint.resolve(path))
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .header("Content-Type", "application/json");
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return send(b);
  }

  private WireResponse send(HttpRequest.Builder request) {
    try {
      return WireResponse.of(client.send(request.timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofByteArray()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
