package dev.mvc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What a caller supplies for one call: the template variables, optional conversation history,
 * optional overrides of the inference parameters that the manifest declares overridable,
 * optionally the provider session to run in (a Bedrock agent or knowledge-base session), and
 * optionally documents and images sent with the rendered template ({@link Attachment}).
 * Everything else comes from the pin.
 */
public final class InvocationRequest {
  private static final Pattern SESSION_ID = Pattern.compile("[0-9A-Za-z._:-]{2,100}");

  private final Map<String, Object> variables;
  private final List<Message> history;
  private final @Nullable Double temperature;
  private final @Nullable Integer maxTokens;
  private final @Nullable Double topP;
  private final @Nullable String sessionId;
  private final boolean bypassCache;
  private final Map<String, String> metadata;
  private final List<Attachment> attachments;

  private InvocationRequest(Builder b) {
    this.bypassCache = b.bypassCache;
    this.variables = Collections.unmodifiableMap(new LinkedHashMap<>(b.variables));
    this.history = List.copyOf(b.history);
    this.temperature = b.temperature;
    this.maxTokens = b.maxTokens;
    this.topP = b.topP;
    this.sessionId = b.sessionId;
    this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(b.metadata));
    this.attachments = List.copyOf(b.attachments);
  }

  /** Returns a request with these variables and nothing else. */
  public static InvocationRequest of(Map<String, ?> variables) {
    return builder().variables(variables).build();
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding this request's fields. */
  public Builder toBuilder() {
    Builder b = new Builder().variables(variables).history(history);
    b.temperature = temperature;
    b.maxTokens = maxTokens;
    b.topP = topP;
    b.sessionId = sessionId;
    b.bypassCache = bypassCache;
    b.metadata.putAll(metadata);
    attachments.forEach(b::attachment);
    return b;
  }

  /** Returns the template variables. */
  public Map<String, Object> variables() {
    return variables;
  }

  /** Returns the conversation history sent before the rendered template. */
  public List<Message> history() {
    return history;
  }

  /** Returns the requested temperature override, or null. */
  public @Nullable Double temperature() {
    return temperature;
  }

  /** Returns the requested max-tokens override, or null. */
  public @Nullable Integer maxTokens() {
    return maxTokens;
  }

  /** Returns the requested top-p override, or null. */
  public @Nullable Double topP() {
    return topP;
  }

  /**
   * Returns the provider session the call runs in, or null: the session of a Bedrock agent
   * ({@code invoke-agent}) or knowledge base ({@code retrieve-and-generate}). It is caller state,
   * not part of the version; backends without sessions ignore it.
   */
  public @Nullable String sessionId() {
    return sessionId;
  }

  /**
   * Returns whether the call skips the response cache: it neither answers from it nor stores its
   * answer there, so it always reaches the model (as a behaviour probe must).
   */
  public boolean bypassCache() {
    return bypassCache;
  }

  /**
   * Returns the caller's request-metadata pairs for this call, which a Bedrock call sends with
   * the pinned ones ({@code model.bedrock.requestMetadata}) and the two every call carries, the
   * manifest digest and the invocation ID; empty when none.
   */
  public Map<String, String> metadata() {
    return metadata;
  }

  /**
   * Returns the documents and images sent with this call, in the order they were added; they go
   * into the user turn of the rendered template, before its text. Empty when none.
   */
  public List<Attachment> attachments() {
    return attachments;
  }

  /** Returns whether the request asks for any override. */
  public boolean hasOverrides() {
    return temperature != null || maxTokens != null || topP != null;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof InvocationRequest)) {
      return false;
    }
    InvocationRequest r = (InvocationRequest) o;
    return variables.equals(r.variables) && history.equals(r.history) && metadata.equals(r.metadata)
        && attachments.equals(r.attachments)
        && Objects.equals(temperature, r.temperature) && Objects.equals(maxTokens, r.maxTokens)
        && Objects.equals(topP, r.topP) && Objects.equals(sessionId, r.sessionId) && bypassCache == r.bypassCache;
  }

  @Override
  public int hashCode() {
    return Objects.hash(variables, history, metadata, attachments, temperature, maxTokens, topP, sessionId, bypassCache);
  }

  @Override
  public String toString() {
    // Variable values may be personal data: only names are printed.
    return "InvocationRequest{variables=" + variables.keySet() + ", history=" + history.size()
        + (hasOverrides() ? ", overrides={temperature=" + temperature + ", maxTokens=" + maxTokens
            + ", topP=" + topP + "}" : "") + (sessionId != null ? ", session=" + sessionId : "")
        + (attachments.isEmpty() ? "" : ", attachments=" + attachments.size()) + (bypassCache ? ", bypassCache" : "") + "}";
  }

  /** A builder of {@link InvocationRequest}. */
  public static final class Builder {
    private final Map<String, Object> variables = new LinkedHashMap<>();
    private final List<Message> history = new ArrayList<>();
    private @Nullable Double temperature;
    private @Nullable Integer maxTokens;
    private @Nullable Double topP;
    private @Nullable String sessionId;
    private boolean bypassCache;
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private final List<Attachment> attachments = new ArrayList<>();
    private int documents;
    private int images;

    private Builder() {}

    /**
     * Adds a document named {@code name} (a copy of {@code bytes}) to send with this call; see
     * {@link Attachment#document} for the limits on the name and size.
     *
     * @throws IllegalArgumentException naming the field and the value past Bedrock's limits: more
     *     than {@value Attachment#MAX_DOCUMENTS} documents, a name used twice, a bad name or size
     */
    public Builder document(String name, DocumentFormat format, byte[] bytes) {
      return attachment(Attachment.document(name, format, bytes));
    }

    /**
     * Adds an image (a copy of {@code bytes}) to send with this call; see {@link Attachment#image}
     * for the limit on its size.
     *
     * @throws IllegalArgumentException past Bedrock's limits: more than
     *     {@value Attachment#MAX_IMAGES} images, or a bad size
     */
    public Builder image(ImageFormat format, byte[] bytes) {
      return attachment(Attachment.image(format, bytes));
    }

    /**
     * Adds a document or an image to send with this call, after those added before.
     *
     * @throws IllegalArgumentException past Bedrock's limits of {@value Attachment#MAX_DOCUMENTS}
     *     documents with distinct names and {@value Attachment#MAX_IMAGES} images per call
     */
    public Builder attachment(Attachment attachment) {
      Objects.requireNonNull(attachment, "attachment");
      if (attachment.kind() == Attachment.Kind.DOCUMENT) {
        if (documents == Attachment.MAX_DOCUMENTS) {
          throw new IllegalArgumentException("documents must be at most " + Attachment.MAX_DOCUMENTS
              + " per call, as Bedrock accepts; document '" + attachment.name() + "' would be number "
              + (documents + 1));
        }
        for (Attachment a : attachments) {
          if (attachment.name().equals(a.name())) {
            throw new IllegalArgumentException("document.name '" + attachment.name()
                + "' is used twice in one call; Bedrock refuses duplicate document names");
          }
        }
        documents++;
      } else {
        if (images == Attachment.MAX_IMAGES) {
          throw new IllegalArgumentException("images must be at most " + Attachment.MAX_IMAGES
              + " per call, as Bedrock accepts; this image would be number " + (images + 1));
        }
        images++;
      }
      attachments.add(attachment);
      return this;
    }

    /**
     * Adds a request-metadata pair for this call, checked against Bedrock's limits: keys 1 to 256
     * and values 0 to 256 characters of {@code [a-zA-Z0-9 :_@$#=/+,.-]}, keys starting {@code mvc.}
     * reserved. The total with the pinned pairs is checked when the call is resolved.
     */
    public Builder metadata(String key, String value) {
      BedrockTarget.RequestOptions.metadataKey("metadata", key);
      BedrockTarget.RequestOptions.metadataValue("metadata." + key, value);
      this.metadata.put(key, value);
      return this;
    }

    /** Sets one variable. */
    public Builder variable(String name, Object value) {
      this.variables.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, name));
      return this;
    }

    /** Replaces the variables. */
    public Builder variables(Map<String, ?> variables) {
      this.variables.clear();
      variables.forEach(this::variable);
      return this;
    }

    /** Replaces the conversation history. */
    public Builder history(List<Message> history) {
      this.history.clear();
      this.history.addAll(history);
      return this;
    }

    /** Asks for another temperature; allowed only where the manifest makes it overridable. */
    public Builder overrideTemperature(double temperature) {
      this.temperature = temperature;
      return this;
    }

    /** Asks for another max-tokens; allowed only where the manifest makes it overridable. */
    public Builder overrideMaxTokens(int maxTokens) {
      this.maxTokens = maxTokens;
      return this;
    }

    /** Asks for another top-p; allowed only where the manifest makes it overridable. */
    public Builder overrideTopP(double topP) {
      this.topP = topP;
      return this;
    }

    /**
     * Sets the provider session to run in: 2 to 100 characters of {@code [0-9A-Za-z._:-]}, as
     * Bedrock accepts; null for none.
     */
    public Builder sessionId(@Nullable String sessionId) {
      if (sessionId != null && !SESSION_ID.matcher(sessionId).matches()) {
        throw new IllegalArgumentException("sessionId must match " + SESSION_ID.pattern() + ", was '"
            + sessionId + "'");
      }
      this.sessionId = sessionId;
      return this;
    }

    /** Skips the response cache for this call (default false). */
    public Builder bypassCache(boolean bypassCache) {
      this.bypassCache = bypassCache;
      return this;
    }

    /** Builds the request. */
    public InvocationRequest build() {
      return new InvocationRequest(this);
    }
  }
}
