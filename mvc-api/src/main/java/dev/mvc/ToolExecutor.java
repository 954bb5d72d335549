package dev.mvc;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The caller's tool handlers, by tool name, for a tool loop
 * ({@link PinnedModelClient#invoke(InvocationRequest, ToolExecutor)}). A handler takes the input
 * the model asked for, as JSON text that has already passed the tool's pinned
 * {@code inputSchema}, and returns the result: JSON (an object or array) or text.
 *
 * <pre>{@code
 * ToolExecutor tools = ToolExecutor.builder()
 *     .tool("get_weather", input -> "{\"celsius\": 21}")
 *     .build();
 * InvocationResponse answer = client.invoke(request, tools);
 * }</pre>
 */
public final class ToolExecutor {
  private final Map<String, Function<String, String>> handlers;

  private ToolExecutor(Builder b) {
    this.handlers = Collections.unmodifiableMap(new LinkedHashMap<>(b.handlers));
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the names of the tools that have a handler. */
  public Set<String> toolNames() {
    return handlers.keySet();
  }

  /** Returns the handler of {@code name}, or null. */
  public @Nullable Function<String, String> handler(String name) {
    return handlers.get(name);
  }

  @Override
  public String toString() {
    return "ToolExecutor{" + handlers.keySet() + "}";
  }

  /** A builder of {@link ToolExecutor}. */
  public static final class Builder {
    private final Map<String, Function<String, String>> handlers = new LinkedHashMap<>();

    private Builder() {}

    /** Registers the handler of tool {@code name}; each name once. */
    public Builder tool(String name, Function<String, String> handler) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(handler, "handler");
      if (handlers.putIfAbsent(name, handler) != null) {
        throw new IllegalArgumentException("tool " + name + " has a handler already");
      }
      return this;
    }

    /** Builds the executor. */
    public ToolExecutor build() {
      return new ToolExecutor(this);
    }
  }
}
