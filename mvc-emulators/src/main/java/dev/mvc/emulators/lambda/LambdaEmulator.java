package dev.mvc.emulators.lambda;

import dev.mvc.emulators.internal.LoopbackServer;
import dev.mvc.emulators.lambda.internal.LambdaDispatcher;
import dev.mvc.emulators.lambda.internal.LambdaState;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A scriptable server on the loopback interface that speaks AWS Lambda's REST-JSON protocol for
 * the operations that pin and roll back function aliases, so that code using the real AWS SDK
 * ({@code LambdaClient}) can be tested without an AWS account or network.
 *
 * <p>It keeps functions, their published versions and their aliases, set up through this class
 * ({@link #function(String)}, {@link #publishVersion(String, String)},
 * {@link #alias(String, String, String)}), and answers on the wire: GetAlias, UpdateAlias (with
 * {@code RevisionId} checked: a stale one is {@code 412 PreconditionFailedException}, and every
 * update issues a new one), ListVersionsByFunction (paged with {@code Marker}, at most 50 per page,
 * {@code $LATEST} first) and GetFunctionConfiguration (by version, alias or {@code $LATEST}).
 * Function names may be names, full or partial ARNs. Errors carry the status and
 * {@code x-amzn-ErrorType} of Lambda's service model: {@code ResourceNotFoundException} (404) for
 * an unknown function, alias or version, {@code InvalidParameterValueException} (400),
 * {@code PreconditionFailedException} (412), and, when scripted with
 * {@link #failNext(String, int, String, String)}, {@code TooManyRequestsException} (429) or
 * {@code ServiceException} (500).
 *
 * <pre>{@code
 * try (LambdaEmulator lambda = LambdaEmulator.create().start()) {
 *   lambda.function("support-answer");
 *   String v1 = lambda.publishVersion("support-answer", "manifest 1.0.0");
 *   lambda.alias("support-answer", "live", v1);
 *   LambdaClient client = LambdaClient.builder().endpointOverride(lambda.endpoint())
 *       .region(Region.US_EAST_1)
 *       .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
 *       .build();
 *   // ... call the code under test ...
 *   assertThat(lambda.aliasVersion("support-answer", "live")).isEqualTo(v1);
 * }
 * }</pre>
 *
 * <p>All methods are thread-safe. Start one emulator per test class and {@link #reset()} it
 * between tests.
 */
public final class LambdaEmulator implements AutoCloseable {
  /** The account ID in every ARN the emulator creates. */
  public static final String ACCOUNT_ID = LambdaState.ACCOUNT;

  private final LambdaState state = new LambdaState();
  private final LoopbackServer server;
  private String region = "us-east-1";

  private LambdaEmulator() {
    this.server = new LoopbackServer("LambdaEmulator", new LambdaDispatcher(state));
  }

  /** Returns a new emulator that is not started yet. */
  public static LambdaEmulator create() {
    return new LambdaEmulator();
  }

  /** Starts the server on a free loopback port and returns this emulator. */
  public LambdaEmulator start() {
    server.start();
    return this;
  }

  /** Returns the base URI for the SDK's {@code endpointOverride}, such as {@code http://127.0.0.1:50123}. */
  public URI endpoint() {
    return server.endpoint();
  }

  /** Sets the region named in the ARNs of functions created from now on (default us-east-1); returns this emulator. */
  public synchronized LambdaEmulator region(String region) {
    this.region = requireName(region);
    return this;
  }

  /** Creates function {@code name} with its {@code $LATEST} version unless it exists; returns this emulator. */
  public synchronized LambdaEmulator function(String name) {
    if (!requireName(name).matches("[a-zA-Z0-9_-]{1,64}")) {
      throw new IllegalArgumentException("function name must be 1-64 letters, digits, '-' or '_', was " + name);
    }
    state.createFunction(name, region);
    return this;
  }

  /** Publishes the next version of function {@code name} (1, 2, ...) and returns its number. */
  public String publishVersion(String name, String description) {
    return state.publishVersion(requireName(name), Objects.requireNonNull(description, "description"));
  }

  /** Creates (or replaces) alias {@code alias} of function {@code name} routing to {@code version}; returns this emulator. */
  public LambdaEmulator alias(String name, String alias, String version) {
    if (!requireName(alias).matches("(?!^[0-9]+$)[a-zA-Z0-9_-]{1,128}")) {
      throw new IllegalArgumentException("alias must be 1-128 letters, digits, '-' or '_' and not a number, was " + alias);
    }
    try {
      state.createAlias(requireName(name), alias, requireName(version), "");
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("cannot create alias " + alias + " of " + name + ": " + e.getMessage(), e);
    }
    return this;
  }

  /** Returns the version alias {@code alias} of function {@code name} routes to, or null when it does not exist. */
  public @Nullable String aliasVersion(String name, String alias) {
    return state.aliasVersion(name, alias);
  }

  /**
   * Makes the next call of {@code operation} (such as {@code UpdateAlias}) fail with HTTP
   * {@code status} and error type {@code errorType}, for example 429
   * {@code TooManyRequestsException} or 500 {@code ServiceException}; returns this emulator.
   */
  public LambdaEmulator failNext(String operation, int status, String errorType, String message) {
    state.failNext(requireName(operation), new LambdaState.ApiError(status, requireName(errorType),
        Objects.requireNonNull(message, "message")));
    return this;
  }

  /** Returns all requests received since start or the last reset, in arrival order. */
  public List<RecordedLambdaRequest> requests() {
    return state.journal();
  }

  /** Returns the requests of {@code operation} (such as {@code UpdateAlias}), in arrival order. */
  public List<RecordedLambdaRequest> requests(String operation) {
    return state.journal().stream().filter(r -> r.operation().equals(operation)).collect(Collectors.toList());
  }

  /** Clears everything: functions, versions, aliases, scripted failures and the journal. */
  public void reset() {
    state.reset();
  }

  /** Stops the server; the emulator cannot be started again. */
  @Override
  public void close() {
    server.close();
  }

  @Override
  public String toString() {
    return server.toString();
  }

  private static String requireName(@Nullable String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank, was '" + name + "'");
    }
    return name;
  }

}
