package dev.mvc.bedrock.internal;

import dev.mvc.spi.BackendResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.http.SdkHttpResponse;

/** What every {@link BedrockOperation} does the same way: mapping failures, completing on the caller's executor, reading headers. */
public final class Operations {

  private Operations() {}

  /**
   * Starts an async call and maps its result with {@code response}; a failure to start, of the
   * call or of the mapping completes the future with the mapped failure.
   */
  static <T> CompletableFuture<BackendResponse> start(Supplier<CompletableFuture<T>> start,
      Function<? super T, BackendResponse> response, String modelId) {
    CompletableFuture<BackendResponse> future;
    try {
      future = start.get().thenApply(response);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(BedrockErrorMapper.map(e, modelId));
    }
    CompletableFuture<BackendResponse> mapped = new CompletableFuture<>();
    future.whenComplete((r, e) -> {
      if (e != null) {
        mapped.completeExceptionally(BedrockErrorMapper.map(e, modelId));
      } else {
        mapped.complete(r);
      }
    });
    return mapped;
  }

  /** Returns a future that completes as {@code future} does, on {@code executor}, without a {@link CompletionException} wrapper. */
  public static CompletableFuture<BackendResponse> on(CompletableFuture<BackendResponse> future, Executor executor) {
    CompletableFuture<BackendResponse> result = new CompletableFuture<>();
    future.whenCompleteAsync((response, error) -> {
      if (error != null) {
        result.completeExceptionally(error instanceof CompletionException && error.getCause() != null
            ? error.getCause() : error);
      } else {
        result.complete(response);
      }
    }, executor);
    return result;
  }

  /** Returns the integer value of a response header, or {@code fallback} when absent or not a number. */
  static int header(SdkHttpResponse http, String name, int fallback) {
    return http.firstMatchingHeader(name).map(v -> {
      try {
        return Integer.parseInt(v.trim());
      } catch (NumberFormatException e) {
        return fallback;
      }
    }).orElse(fallback);
  }

  /** Returns the value, or 0 when null. */
  static int orZero(@Nullable Integer value) {
    return value == null ? 0 : value;
  }
}
