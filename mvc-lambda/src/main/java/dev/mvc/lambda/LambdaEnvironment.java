package dev.mvc.lambda;

import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The Lambda function name and version this process runs in, as the Lambda runtime announces them
 * in {@code AWS_LAMBDA_FUNCTION_NAME} and {@code AWS_LAMBDA_FUNCTION_VERSION}; both absent outside
 * Lambda.
 *
 * <p>The environment is read through an injectable lookup ({@link #from(Function)}), so tests and
 * other runtimes pass their own; {@link #fromProcess()} is the one place that reads the process
 * environment. Instances are immutable.
 */
public final class LambdaEnvironment {
  /** The variable naming the function. */
  public static final String FUNCTION_NAME = "AWS_LAMBDA_FUNCTION_NAME";
  /** The variable naming the version ({@code $LATEST} or a number) the function runs as. */
  public static final String FUNCTION_VERSION = "AWS_LAMBDA_FUNCTION_VERSION";

  private static final LambdaEnvironment NONE = new LambdaEnvironment(null, null);

  private final @Nullable String functionName;
  private final @Nullable String functionVersion;

  private LambdaEnvironment(@Nullable String functionName, @Nullable String functionVersion) {
    this.functionName = functionName;
    this.functionVersion = functionVersion;
  }

  /** Returns the environment read with {@code variables} (a name to its value, or null). */
  public static LambdaEnvironment from(Function<String, @Nullable String> variables) {
    Objects.requireNonNull(variables, "variables");
    String name = blankToNull(variables.apply(FUNCTION_NAME));
    String version = blankToNull(variables.apply(FUNCTION_VERSION));
    return name == null ? NONE : new LambdaEnvironment(name, version);
  }

  /** Returns the environment of this process. */
  public static LambdaEnvironment fromProcess() {
    return from(System::getenv);
  }

  /** Returns the environment of no Lambda function, as outside Lambda. */
  public static LambdaEnvironment none() {
    return NONE;
  }

  /** Returns whether this process runs in a Lambda function. */
  public boolean inLambda() {
    return functionName != null;
  }

  /** Returns the function name, or null outside Lambda. */
  public @Nullable String functionName() {
    return functionName;
  }

  /** Returns the function version ({@code $LATEST} or a number), or null when not announced. */
  public @Nullable String functionVersion() {
    return functionVersion;
  }

  private static @Nullable String blankToNull(@Nullable String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof LambdaEnvironment && Objects.equals(((LambdaEnvironment) o).functionName, functionName)
        && Objects.equals(((LambdaEnvironment) o).functionVersion, functionVersion);
  }

  @Override
  public int hashCode() {
    return Objects.hash(functionName, functionVersion);
  }

  @Override
  public String toString() {
    return inLambda() ? "LambdaEnvironment{" + functionName + ":" + functionVersion + "}" : "LambdaEnvironment{none}";
  }
}
