package dev.mvc.opentelemetry;

import dev.mvc.BackendException;
import dev.mvc.InferenceParameters;
import dev.mvc.InvocationResponse;
import dev.mvc.ModelTarget;
import dev.mvc.MvcException;
import dev.mvc.TargetStamp;
import dev.mvc.TokenUsage;
import dev.mvc.VersionDriftException;
import dev.mvc.VersionManifest;
import dev.mvc.VersionStamp;
import dev.mvc.spi.CallListener;
import dev.mvc.spi.InvocationListener;
import dev.mvc.spi.ResolvedCall;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An {@link InvocationListener} that makes one {@link SpanKind#CLIENT} span per invocation,
 * following the OpenTelemetry GenAI semantic conventions. The span is named
 * {@code chat <model>}, is a child of the context current when the call starts, and carries the
 * provider, the pinned model, the effective inference parameters, usage, finish reason and
 * provider request ID, plus the manifest name and version ({@code gen_ai.prompt.name},
 * {@code gen_ai.prompt.version}), its digest and the invocation ID. A failed call ends its span
 * with status {@link StatusCode#ERROR} and {@code error.type}. Prompt text, system text and
 * variable values are never recorded. See {@link MvcAttributes} for every key.
 *
 * <pre>{@code
 * PinnedModelClient client = PinnedModelClient.builder()
 *     .manifest(source).backend(backend)
 *     .listener(MvcTracing.create(openTelemetry))
 *     .build();
 * }</pre>
 *
 * <p>A call's span is held by the call's own {@link CallListener} and by nothing else, so a call
 * that never reports its outcome leaves nothing behind. Thread-safe; never throws into the call.
 */
public final class MvcTracing implements InvocationListener {
  /** The instrumentation scope name of the spans. */
  public static final String INSTRUMENTATION_NAME = "dev.mvc";

  private static final System.Logger LOG = System.getLogger(MvcTracing.class.getName());

  private final Tracer tracer;
  private final AtomicBoolean warned = new AtomicBoolean();

  private MvcTracing(Builder b) {
    this.tracer = b.openTelemetry.getTracer(INSTRUMENTATION_NAME);
  }

  /** Returns a listener that traces with {@code openTelemetry} and default settings. */
  public static MvcTracing create(OpenTelemetry openTelemetry) {
    return builder(openTelemetry).build();
  }

  /** Returns a builder of a listener that traces with {@code openTelemetry}. */
  public static Builder builder(OpenTelemetry openTelemetry) {
    return new Builder(openTelemetry);
  }

  /** Starts a call's span, a child of the current context; it ends when the call does. */
  @Override
  public CallListener newCall(ResolvedCall call) {
    try {
      VersionManifest m = call.manifest();
      String model = requestModel(m.model());
      AttributesBuilder a = Attributes.builder()
          .put(MvcAttributes.GEN_AI_OPERATION_NAME, MvcAttributes.OPERATION_CHAT)
          .put(MvcAttributes.GEN_AI_PROVIDER_NAME, providerName(m.model().provider()))
          .put(MvcAttributes.GEN_AI_REQUEST_MODEL, model)
          .put(MvcAttributes.GEN_AI_PROMPT_NAME, m.name())
          .put(MvcAttributes.GEN_AI_PROMPT_VERSION, m.version())
          .put(MvcAttributes.MVC_MANIFEST_DIGEST, m.digest())
          .put(MvcAttributes.MVC_INVOCATION_ID, call.invocationId());
      InferenceParameters p = call.parameters();
      if (p.temperature() != null) {
        a.put(MvcAttributes.GEN_AI_REQUEST_TEMPERATURE, p.temperature());
      }
      if (p.maxTokens() != null) {
        a.put(MvcAttributes.GEN_AI_REQUEST_MAX_TOKENS, p.maxTokens().longValue());
      }
      if (p.topP() != null) {
        a.put(MvcAttributes.GEN_AI_REQUEST_TOP_P, p.topP());
      }
      if (!p.stopSequences().isEmpty()) {
        a.put(MvcAttributes.GEN_AI_REQUEST_STOP_SEQUENCES, p.stopSequences());
      }
      TargetStamp t = m.model().stampFields();
      if (t.guardrail() != null) {
        // The stamp writes the guardrail as id:version; the attribute is the ID alone.
        a.put(MvcAttributes.AWS_BEDROCK_GUARDRAIL_ID, t.guardrail().substring(0, t.guardrail().lastIndexOf(':')));
      }
      if (t.knowledgeBaseId() != null) {
        a.put(MvcAttributes.AWS_BEDROCK_KNOWLEDGE_BASE_ID, t.knowledgeBaseId());
      }
      Span span = tracer.spanBuilder(MvcAttributes.OPERATION_CHAT + " " + model)
          .setSpanKind(SpanKind.CLIENT)
          .setParent(Context.current())
          .setAllAttributes(a.build())
          .startSpan();
      return new CallListener() {
        @Override
        public void onSuccess(InvocationResponse response) {
          succeeded(span, response);
        }

        @Override
        public void onFailure(MvcException error) {
          failed(span, error);
        }
      };
    } catch (RuntimeException e) {
      warnOnce(e);
      return CallListener.NONE;
    }
  }

  private void succeeded(Span span, InvocationResponse response) {
    try {
      VersionStamp stamp = response.stamp();
      if (response.stopReason() != null) {
        span.setAttribute(MvcAttributes.GEN_AI_RESPONSE_FINISH_REASONS, List.of(response.stopReason()));
      }
      if (stamp.backendRequestId() != null) {
        span.setAttribute(MvcAttributes.GEN_AI_RESPONSE_ID, stamp.backendRequestId());
      }
      TokenUsage usage = response.usage();
      if (!usage.equals(TokenUsage.UNKNOWN)) {
        span.setAttribute(MvcAttributes.GEN_AI_USAGE_INPUT_TOKENS, (long) usage.inputTokens());
        span.setAttribute(MvcAttributes.GEN_AI_USAGE_OUTPUT_TOKENS, (long) usage.outputTokens());
        if (usage.cacheReadInputTokens() > 0 || usage.cacheWriteInputTokens() > 0) {
          span.setAttribute(MvcAttributes.GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS, (long) usage.cacheReadInputTokens());
          span.setAttribute(MvcAttributes.GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS, (long) usage.cacheWriteInputTokens());
        }
      }
      span.setAttribute(MvcAttributes.MVC_SERVED_FROM, stamp.servedFrom().wireName());
    } catch (RuntimeException e) {
      warnOnce(e);
    } finally {
      span.end();
    }
  }

  private void failed(Span span, MvcException error) {
    try {
      String type = errorType(error);
      span.setAttribute(MvcAttributes.ERROR_TYPE, type);
      if (error instanceof BackendException) {
        String requestId = ((BackendException) error).requestId();
        if (requestId != null) {
          span.setAttribute(MvcAttributes.GEN_AI_RESPONSE_ID, requestId);
        }
      } else if (error instanceof VersionDriftException) {
        VersionDriftException drift = (VersionDriftException) error;
        span.setAttribute(MvcAttributes.MVC_DRIFT_PINNED, drift.pinned());
        span.setAttribute(MvcAttributes.MVC_DRIFT_SERVED, drift.served());
      }
      // The error message may quote provider output; the type alone identifies the failure.
      span.setStatus(StatusCode.ERROR, type);
    } catch (RuntimeException e) {
      warnOnce(e);
    } finally {
      span.end();
    }
  }

  /**
   * Returns the {@code error.type} of {@code error}: a backend's provider error code when it has
   * one, else the exception's class name.
   */
  static String errorType(MvcException error) {
    if (error instanceof BackendException) {
      String code = ((BackendException) error).errorCode();
      if (code != null && !code.isEmpty()) {
        return code;
      }
    }
    return error.getClass().getName();
  }

  /** Returns the GenAI provider name for an mvc provider name. */
  static String providerName(String provider) {
    switch (provider) {
      case "bedrock":
        return "aws.bedrock";
      case "sagemaker":
        return "aws.sagemaker";
      default:
        return provider;
    }
  }

  private static String requestModel(ModelTarget target) {
    String modelId = target.stampFields().modelId();
    return modelId != null ? modelId : target.describe();
  }

  private void warnOnce(RuntimeException e) {
    if (warned.compareAndSet(false, true)) {
      LOG.log(System.Logger.Level.WARNING, "mvc tracing failed to record a span; calls go on", e);
    }
  }

  @Override
  public String toString() {
    return "MvcTracing{" + INSTRUMENTATION_NAME + "}";
  }

  /** A builder of {@link MvcTracing}. */
  public static final class Builder {
    private final OpenTelemetry openTelemetry;

    private Builder(OpenTelemetry openTelemetry) {
      this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
    }

    /** Builds the listener. */
    public MvcTracing build() {
      return new MvcTracing(this);
    }
  }
}
