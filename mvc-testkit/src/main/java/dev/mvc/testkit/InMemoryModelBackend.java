package dev.mvc.testkit;

import dev.mvc.BackendException;
import dev.mvc.MvcException;
import dev.mvc.TargetStamp;
import dev.mvc.TokenUsage;
import dev.mvc.VersionManifest;
import dev.mvc.spi.BackendResponse;
import dev.mvc.spi.ModelBackend;
import dev.mvc.spi.ResolvedCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A scriptable {@link ModelBackend} that runs in memory. Callers script replies by matcher, and
 * the backend records every resolved call it receives so tests can assert on exactly what would
 * have been sent. It can inject latency and errors, and report another model or variant than the
 * pin to exercise drift detection.
 *
 * <pre>{@code
 * InMemoryModelBackend backend = InMemoryModelBackend.create()
 *     .when(call -> call.renderedPrompt().contains("refund")).reply("Refunds take 5 days.")
 *     .otherwise().reply("I don't know.");
 * }</pre>
 *
 * <p>It serves Bedrock and SageMaker targets alike. By default it reports having served exactly
 * the pinned model ID or variant. Thread-safe.
 */
public final class InMemoryModelBackend implements ModelBackend {
  private final List<Rule> rules = new CopyOnWriteArrayList<>();
  private final List<ResolvedCall> calls = new CopyOnWriteArrayList<>();
  private final AtomicLong requestIds = new AtomicLong();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private volatile Function<ResolvedCall, BackendResponse> fallback = call -> reply(call, "ok");
  private volatile @Nullable RuntimeException nextFailure;
  private volatile Duration latency = Duration.ZERO;
  private volatile @Nullable String servedModelOverride;
  private volatile @Nullable String servedVariantOverride;
  private volatile boolean recordCalls = true;

  private InMemoryModelBackend() {}

  /** Returns a backend that answers {@code "ok"} to everything until scripted otherwise. */
  public static InMemoryModelBackend create() {
    return new InMemoryModelBackend();
  }

  /** Starts a rule for calls matching {@code matcher}; rules are tried in the order added. */
  public Stubbing when(Predicate<ResolvedCall> matcher) {
    return new Stubbing(Objects.requireNonNull(matcher, "matcher"), false);
  }

  /** Starts the rule for calls no other rule matches. */
  public Stubbing otherwise() {
    return new Stubbing(call -> true, true);
  }

  /** Makes the next {@code times} calls fail with {@code error} before any rule is consulted. */
  public InMemoryModelBackend failNext(int times, RuntimeException error) {
    this.nextFailure = Objects.requireNonNull(error, "error");
    this.failuresLeft.set(times);
    return this;
  }

  /** Makes the next {@code times} calls fail with a retryable throttling {@link BackendException}. */
  public InMemoryModelBackend throttleNext(int times) {
    return failNext(times, BackendException.builder("in-memory backend throttled the call")
        .retryable(true).statusCode(429).errorCode("ThrottlingException").build());
  }

  /** Adds {@code latency} to every call (blocking the calling thread). */
  public InMemoryModelBackend latency(Duration latency) {
    this.latency = Objects.requireNonNull(latency, "latency");
    return this;
  }

  /** Reports {@code modelId} as served instead of the pinned one (to test drift detection). */
  public InMemoryModelBackend reportServedModel(@Nullable String modelId) {
    this.servedModelOverride = modelId;
    return this;
  }

  /** Reports {@code variant} as served instead of the pinned one (to test drift detection). */
  public InMemoryModelBackend reportServedVariant(@Nullable String variant) {
    this.servedVariantOverride = variant;
    return this;
  }

  /** Turns recording of calls on or off (off for benchmarks and soak runs). */
  public InMemoryModelBackend recordCalls(boolean record) {
    this.recordCalls = record;
    return this;
  }

  /** Returns every call received, in order. */
  public List<ResolvedCall> calls() {
    return new ArrayList<>(calls);
  }

  /** Returns the last call received. */
  public ResolvedCall lastCall() {
    if (calls.isEmpty()) {
      throw new AssertionError("the in-memory backend received no call");
    }
    return calls.get(calls.size() - 1);
  }

  /** Forgets recorded calls, scripted rules and injected faults. */
  public InMemoryModelBackend reset() {
    calls.clear();
    rules.clear();
    failuresLeft.set(0);
    nextFailure = null;
    latency = Duration.ZERO;
    servedModelOverride = null;
    servedVariantOverride = null;
    fallback = call -> reply(call, "ok");
    return this;
  }

  @Override
  public String provider() {
    return "in-memory";
  }

  @Override
  public void validate(VersionManifest manifest) {
    // Serves every target kind: tests pin Bedrock and SageMaker manifests alike.
  }

  @Override
  public BackendResponse invoke(ResolvedCall call) {
    if (recordCalls) {
      calls.add(call);
    }
    Duration d = latency;
    if (!d.isZero()) {
      try {
        Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new MvcException("interrupted while waiting for the in-memory backend", e);
      }
    }
    if (failuresLeft.get() > 0 && failuresLeft.getAndDecrement() > 0) {
      RuntimeException e = nextFailure;
      if (e != null) {
        throw e;
      }
    }
    for (Rule r : rules) {
      if (r.matcher.test(call)) {
        return r.answer.apply(call);
      }
    }
    return fallback.apply(call);
  }

  private BackendResponse reply(ResolvedCall call, String text) {
    BackendResponse.Builder b = BackendResponse.builder(text)
        .stopReason("end_turn")
        .usage(TokenUsage.of(Math.max(1, call.renderedPrompt().length() / 4), Math.max(1, text.length() / 4)))
        .requestId("in-memory-" + requestIds.incrementAndGet());
    // Answers as the provider would: Bedrock names the model, SageMaker the variant that served.
    TargetStamp pinned = call.target().stampFields();
    if (pinned.modelId() != null) {
      b.servedModel(servedModelOverride != null ? servedModelOverride : pinned.modelId());
    } else {
      b.servedVariant(servedVariantOverride != null ? servedVariantOverride : pinned.variant());
    }
    return b.build();
  }

  /** One scripted rule being defined: say how to answer matching calls. */
  public final class Stubbing {
    private final Predicate<ResolvedCall> matcher;
    private final boolean fallbackRule;

    private Stubbing(Predicate<ResolvedCall> matcher, boolean fallbackRule) {
      this.matcher = matcher;
      this.fallbackRule = fallbackRule;
    }

    /** Answers with {@code text} (usage estimated, request ID generated). */
    public InMemoryModelBackend reply(String text) {
      return respond(call -> InMemoryModelBackend.this.reply(call, text));
    }

    /** Answers with text computed from the call, for example an echo of the prompt. */
    public InMemoryModelBackend replyWith(Function<ResolvedCall, String> text) {
      return respond(call -> InMemoryModelBackend.this.reply(call, text.apply(call)));
    }

    /** Fails matching calls with {@code error}. */
    public InMemoryModelBackend fail(RuntimeException error) {
      return respond(call -> {
        throw error;
      });
    }

    /** Answers with a response built from the call. */
    public InMemoryModelBackend respond(Function<ResolvedCall, BackendResponse> answer) {
      Objects.requireNonNull(answer, "answer");
      if (fallbackRule) {
        fallback = answer;
      } else {
        rules.add(new Rule(matcher, answer));
      }
      return InMemoryModelBackend.this;
    }
  }

  private static final class Rule {
    final Predicate<ResolvedCall> matcher;
    final Function<ResolvedCall, BackendResponse> answer;

    Rule(Predicate<ResolvedCall> matcher, Function<ResolvedCall, BackendResponse> answer) {
      this.matcher = matcher;
      this.answer = answer;
    }
  }
}
