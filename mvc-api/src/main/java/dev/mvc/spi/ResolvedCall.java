package dev.mvc.spi;

import dev.mvc.Attachment;
import dev.mvc.InferenceParameters;
import dev.mvc.Message;
import dev.mvc.ModelTarget;
import dev.mvc.ToolSpec;
import java.util.Map;
import dev.mvc.VersionManifest;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A call resolved entirely from the pin: the target, the system text, the messages (history
 * followed by the rendered template), the effective inference parameters and, when the caller
 * named one, the provider session to run in, and the caller's documents and images. A
 * {@link ModelBackend} builds its provider request from this and nothing else.
 */
public final class ResolvedCall {
  private final String invocationId;
  private final VersionManifest manifest;
  private final @Nullable String systemText;
  private final List<Message> messages;
  private final InferenceParameters parameters;
  private final @Nullable String sessionId;
  private final List<ToolSpec> tools;
  private final Map<String, String> metadata;
  private final List<ToolTurn> toolTurns;
  private final List<Attachment> attachments;
  private final Map<String, ?> variables;

  private ResolvedCall(Builder b) {
    this.invocationId = Objects.requireNonNull(b.invocationId, "invocationId");
    this.manifest = Objects.requireNonNull(b.manifest, "manifest");
    this.systemText = b.systemText;
    this.messages = List.copyOf(Objects.requireNonNull(b.messages, "messages"));
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("a resolved call needs at least one message");
    }
    this.parameters = Objects.requireNonNull(b.parameters, "parameters");
    this.sessionId = b.sessionId;
    this.tools = List.copyOf(b.tools);
    this.metadata = Map.copyOf(b.metadata);
    this.toolTurns = List.copyOf(b.toolTurns);
    this.attachments = List.copyOf(b.attachments);
    // Kept as given (the caller's map or the request's copy); the read-only view is made only when asked for.
    this.variables = b.variables;
  }

  /**
   * Returns the caller's documents and images, sent in this order in the user turn of the rendered
   * template, before its text (empty when none).
   */
  public List<Attachment> attachments() {
    return attachments;
  }

  /**
   * Returns the caller's template variables as the template rendered them (each value's
   * {@code toString()}), for a backend that sends variables rather than the rendered text (a
   * Bedrock Prompt Management prompt); empty when none were given.
   */
  public Map<String, ?> variables() {
    return java.util.Collections.unmodifiableMap(variables);
  }

  /** Returns the verified tool definitions of the version (empty when it pins none). */
  public List<ToolSpec> tools() {
    return tools;
  }

  /** Returns the caller's request-metadata pairs for this call (empty when none). */
  public Map<String, String> metadata() {
    return metadata;
  }

  /**
   * Returns the earlier rounds of a tool loop, sent after {@link #messages()} in order (empty
   * outside a tool loop and in its first round).
   */
  public List<ToolTurn> toolTurns() {
    return toolTurns;
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding this call's fields. */
  public Builder toBuilder() {
    return new Builder().invocationId(invocationId).manifest(manifest).systemText(systemText)
        .messages(messages).parameters(parameters).sessionId(sessionId)
        .tools(tools).metadata(metadata).toolTurns(toolTurns).attachments(attachments).variables(variables);
  }

  /** Returns the unique ID of this invocation. */
  public String invocationId() {
    return invocationId;
  }

  /** Returns the manifest in force for this call. */
  public VersionManifest manifest() {
    return manifest;
  }

  /** Returns the pinned model target (same as {@code manifest().model()}). */
  public ModelTarget target() {
    return manifest.model();
  }

  /** Returns the system prompt text, or null. */
  public @Nullable String systemText() {
    return systemText;
  }

  /** Returns the messages: the conversation history, then the rendered template as a user turn. */
  public List<Message> messages() {
    return messages;
  }

  /** Returns the rendered template (the last message's text). */
  public String renderedPrompt() {
    return messages.get(messages.size() - 1).text();
  }

  /** Returns the effective inference parameters (the pin plus allowed overrides). */
  public InferenceParameters parameters() {
    return parameters;
  }

  /** Returns the provider session the caller asked for ({@link dev.mvc.InvocationRequest#sessionId()}), or null. */
  public @Nullable String sessionId() {
    return sessionId;
  }

  @Override
  public String toString() {
    return "ResolvedCall{" + invocationId + ", " + manifest.name() + " " + manifest.version()
        + ", " + manifest.model().describe() + ", " + messages.size() + " messages}";
  }

  /** A builder of {@link ResolvedCall}. */
  public static final class Builder {
    private @Nullable String invocationId;
    private @Nullable VersionManifest manifest;
    private @Nullable String systemText;
    private @Nullable List<Message> messages;
    private @Nullable InferenceParameters parameters;
    private @Nullable String sessionId;
    private List<ToolSpec> tools = List.of();
    private Map<String, String> metadata = Map.of();
    private List<ToolTurn> toolTurns = List.of();
    private List<Attachment> attachments = List.of();
    private Map<String, ?> variables = Map.of();

    private Builder() {}

    /** Sets the caller's documents and images. */
    public Builder attachments(List<Attachment> attachments) {
      this.attachments = attachments;
      return this;
    }

    /** Sets the template variables the call was rendered with (already checked by the template). */
    public Builder variables(Map<String, ?> variables) {
      this.variables = java.util.Objects.requireNonNull(variables, "variables");
      return this;
    }

    /** Sets the verified tool definitions. */
    public Builder tools(List<ToolSpec> tools) {
      this.tools = tools;
      return this;
    }

    /** Sets the caller's request-metadata pairs. */
    public Builder metadata(Map<String, String> metadata) {
      this.metadata = metadata;
      return this;
    }

    /** Sets the earlier rounds of a tool loop. */
    public Builder toolTurns(List<ToolTurn> toolTurns) {
      this.toolTurns = toolTurns;
      return this;
    }

    /** Sets the invocation ID. */
    public Builder invocationId(String invocationId) {
      this.invocationId = invocationId;
      return this;
    }

    /** Sets the manifest. */
    public Builder manifest(VersionManifest manifest) {
      this.manifest = manifest;
      return this;
    }

    /** Sets the system text. */
    public Builder systemText(@Nullable String systemText) {
      this.systemText = systemText;
      return this;
    }

    /** Sets the messages. */
    public Builder messages(List<Message> messages) {
      this.messages = messages;
      return this;
    }

    /** Sets the effective parameters. */
    public Builder parameters(InferenceParameters parameters) {
      this.parameters = parameters;
      return this;
    }

    /** Sets the provider session ID. */
    public Builder sessionId(@Nullable String sessionId) {
      this.sessionId = sessionId;
      return this;
    }

    /** Builds the call. */
    public ResolvedCall build() {
      return new ResolvedCall(this);
    }
  }
}
