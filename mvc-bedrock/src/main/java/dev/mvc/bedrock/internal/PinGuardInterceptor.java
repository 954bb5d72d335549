package dev.mvc.bedrock.internal;

import dev.mvc.PinViolationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.async.AsyncRequestBody;
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
 * {@link WirePin}. Each request mvc sends names, in its override configuration, the
 * {@link PinRegistry} of the backend that sent it, where the guard finds the call's pin by the
 * identity of the submitted request; requests that name none (not made by mvc) pass untouched.
 * The guard itself holds no state.
 *
 * <p>It is registered for Bedrock Runtime and Agents for Bedrock Runtime through the SDK's class
 * path interceptor files ({@code software/amazon/awssdk/services/<service>/execution.interceptors}),
 * so every such client built while mvc-bedrock is on the class path carries it; the SDK creates
 * it through its public no-argument constructor.
 *
 * <p>The path (model ID, operation) and the signing region are compared on every call. The
 * body is compared field by field unless the guard can prove it is the SDK's own marshalling
 * of the request mvc built from the pin: the request that reached the marshaller has the same
 * fields as the one mvc submitted (no interceptor's {@code modifyRequest} changed it), and the
 * body about to be sent is the very object the marshaller produced (no interceptor's
 * {@code modifyHttpContent} replaced it). Anything else &mdash; a changed request, a replaced
 * body &mdash; takes the full comparison, so a rewritten value is still named in the exception.
 * An asynchronous body that an interceptor's {@code modifyAsyncHttpContent} put in place of the
 * marshalled one cannot be read before it is sent, so the guard refuses it.
 */
public final class PinGuardInterceptor implements ExecutionInterceptor {

  /** The execution attribute that carries a call's pin to the guard. */
  public static final ExecutionAttribute<WirePin> PIN = new ExecutionAttribute<>("dev.mvc.bedrock.WirePin");

  /** The request as mvc submitted it, before any interceptor could modify it. */
  private static final ExecutionAttribute<SdkRequest> SUBMITTED = new ExecutionAttribute<>("dev.mvc.bedrock.Submitted");

  /** The bodies the marshaller produced from an unmodified request. */
  private static final ExecutionAttribute<Marshalled> MARSHALLED = new ExecutionAttribute<>("dev.mvc.bedrock.Marshalled");

  /** A guard instance for {@code BedrockBackend.requestGuard()}; any instance behaves the same. */
  public static final PinGuardInterceptor INSTANCE = new PinGuardInterceptor();

  /** Creates a guard; public so that the SDK can create it from the class path interceptor files. */
  public PinGuardInterceptor() {}

  /** Returns whether {@code interceptors} (a client's configuration) include a request guard. */
  public static boolean installedIn(List<ExecutionInterceptor> interceptors) {
    for (ExecutionInterceptor interceptor : interceptors) {
      if (interceptor instanceof PinGuardInterceptor) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    PinRegistry registry = attributes.getAttribute(PinRegistry.ATTRIBUTE);
    if (registry != null && attributes.getAttribute(PIN) == null) {
      WirePin pin = registry.pinOf(context.request());
      if (pin == null) {
        throw new PinViolationException("Bedrock request made by mvc reached the request guard without its pin;"
            + " it was not sent");
      }
      attributes.putAttribute(PIN, pin);
    }
    if (attributes.getAttribute(PIN) != null) {
      attributes.putAttribute(SUBMITTED, context.request());
    }
  }

  @Override
  public void afterMarshalling(Context.AfterMarshalling context, ExecutionAttributes attributes) {
    SdkRequest submitted = attributes.getAttribute(SUBMITTED);
    if (submitted == null) {
      return; // not an mvc call: SUBMITTED is recorded only for requests with a pin
    }
    SdkRequest marshalled = context.request();
    if (marshalled == submitted || marshalled.equalsBySdkFields(submitted)) {
      attributes.putAttribute(MARSHALLED,
          new Marshalled(context.requestBody().orElse(null), context.asyncRequestBody().orElse(null)));
    }
  }

  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
    WirePin pin = attributes.getAttribute(PIN);
    if (pin == null) {
      return;
    }
    SdkHttpRequest http = context.httpRequest();
    String violation = pin.targetViolation(http.encodedPath(), http.firstMatchingHeader("Authorization").orElse(null));
    if (violation == null && replacedAsyncBody(context, attributes.getAttribute(MARSHALLED))) {
      violation = "the body was replaced by an interceptor's modifyAsyncHttpContent, which the guard cannot read";
    }
    if (violation == null && !unchangedSinceMarshalling(context, attributes.getAttribute(MARSHALLED))) {
      violation = pin.bodyViolation(body(context));
    }
    if (violation != null) {
      throw new PinViolationException("Bedrock request does not match the pin: " + violation);
    }
  }

  private static boolean unchangedSinceMarshalling(Context.BeforeTransmission context, @Nullable Marshalled marshalled) {
    return marshalled != null
        && marshalled.body != null
        && context.requestBody().orElse(null) == marshalled.body
        && context.asyncRequestBody().orElse(null) == marshalled.asyncBody;
  }

  private static boolean replacedAsyncBody(Context.BeforeTransmission context, @Nullable Marshalled marshalled) {
    AsyncRequestBody async = context.asyncRequestBody().orElse(null);
    return async != null && (marshalled == null || async != marshalled.asyncBody);
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

  /** The request bodies as the marshaller produced them (identity matters, not content). */
  private static final class Marshalled {
    final @Nullable RequestBody body;
    final @Nullable AsyncRequestBody asyncBody;

    Marshalled(@Nullable RequestBody body, @Nullable AsyncRequestBody asyncBody) {
      this.body = body;
      this.asyncBody = asyncBody;
    }
  }
}
