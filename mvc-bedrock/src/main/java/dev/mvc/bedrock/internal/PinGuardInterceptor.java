package dev.mvc.bedrock.internal;

import dev.mvc.PinViolationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * The request guard: an SDK interceptor that checks the marshalled, signed HTTP request of
 * every mvc call just before it is transmitted, after every other interceptor has had its say,
 * and fails the call with {@link PinViolationException} if it differs from the call's
 * {@link WirePin}. Requests without a pin attribute (not made by mvc) pass untouched.
 */
public final class PinGuardInterceptor implements ExecutionInterceptor {

  /** The execution attribute that carries a call's pin to the guard. */
  public static final ExecutionAttribute<WirePin> PIN = new ExecutionAttribute<>("dev.mvc.bedrock.WirePin");

  /** The one guard instance; it holds no state. */
  public static final PinGuardInterceptor INSTANCE = new PinGuardInterceptor();

  private PinGuardInterceptor() {}

  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
    WirePin pin = attributes.getAttribute(PIN);
    if (pin == null) {
      return;
    }
    SdkHttpRequest http = context.httpRequest();
    String violation = pin.violation(
        http.encodedPath(), http.firstMatchingHeader("Authorization").orElse(null), body(context));
    if (violation != null) {
      throw new PinViolationException("Bedrock request does not match the pin: " + violation);
    }
  }

  private static byte @Nullable [] body(Context.BeforeTransmission context) {
    Optional<RequestBody> body = context.requestBody();
    ContentStreamProvider provider = body.isPresent() ? body.get().contentStreamProvider() : null;
    if (provider == null && context.httpRequest() instanceof SdkHttpFullRequest) {
      provider = ((SdkHttpFullRequest) context.httpRequest()).contentStreamProvider().orElse(null);
    }
    if (provider == null) {
      return null;
    }
    try (InputStream in = provider.newStream()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the Bedrock request body", e);
    }
  }

  @Override
  public String toString() {
    return "PinGuardInterceptor";
  }
}
