package dev.mvc.emulators.awsmodel;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP response exactly as it arrived on the wire: status, headers and body bytes.
 *
 * @param status the HTTP status code
 * @param headers the headers as received (names in any case)
 * @param body the body bytes
 */
record WireResponse(int status, Map<String, List<String>> headers, byte[] body) {

  static WireResponse of(HttpResponse<byte[]> response) {
    return new WireResponse(response.statusCode(), response.headers().map(), response.body());
  }

  /** Returns the first value of a header, matched without regard to case, or null. */
  @Nullable String header(String name) {
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
        return e.getValue().get(0);
      }
    }
    return null;
  }

  String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
