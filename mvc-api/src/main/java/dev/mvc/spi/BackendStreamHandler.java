package dev.mvc.spi;

/**
 * Receives a streamed backend response. A backend calls {@link #onText} for each text delta in
 * order, then exactly one of {@link #onComplete} or {@link #onError}; never text that it already
 * delivered, even when the provider's SDK retries a stream.
 */
public interface BackendStreamHandler {

  /** Receives the next text delta. */
  void onText(String delta);

  /** Receives the complete response; its text is the concatenation of all deltas. */
  void onComplete(BackendResponse response);

  /** Receives the failure that ended the stream. */
  void onError(Throwable error);
}
