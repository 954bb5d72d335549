package dev.mvc;

/**
 * Receives a streamed answer from {@link PinnedModelClient#invokeStream}: text deltas in order,
 * each exactly once, then either the complete stamped response or the error that ended the
 * stream (with the text received so far kept in the deltas already delivered).
 */
public interface StreamHandler {

  /** Receives the next text delta. */
  void onText(String delta);

  /** Receives the complete, stamped response. */
  void onComplete(InvocationResponse response);

  /** Receives the error that ended the stream. */
  void onError(MvcException error);
}
