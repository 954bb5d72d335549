package dev.mvc.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mvc.BackendException;
import dev.mvc.InvocationResponse;
import dev.mvc.Message;
import dev.mvc.MvcException;
import dev.mvc.TargetStamp;
import dev.mvc.TokenUsage;
import dev.mvc.VersionManifest;
import dev.mvc.VersionStamp;
import dev.mvc.spi.CallListener;
import dev.mvc.spi.InvocationListener;
import dev.mvc.spi.ResolvedCall;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link InvocationListener} that writes one JSON line per invocation: the time, the outcome
 * ({@code success} or {@code error}), the version stamp in header form and its fields as
 * separate JSON fields, token usage, latency in milliseconds and, for a failure, the error type
 * and message, and the kind, format, size and SHA-256 of each document and image the call sent
 * ({@code attachments}). Prompt text is written only when {@link Builder#includePromptText(boolean)} asks
 * for it. {@link #servedAt(Path, Instant)} reads such a file back to answer which manifest
 * version served at a given time.
 *
 * <pre>{@code
 * try (AuditLog audit = AuditLog.toFile(Path.of("/var/log/app/mvc-audit.jsonl"));
 *      PinnedModelClient client = PinnedModelClient.builder()
 *          .manifest(source).backend(backend).listener(audit).build()) {
 *   ...
 * }
 * List<ServedVersion> atIncident = AuditLog.servedAt(path, Instant.parse("2026-11-20T14:03:00Z"));
 * }</pre>
 *
 * <p>Each line is serialised whole in memory first and then appended with one write under a lock,
 * so concurrent calls never interleave within a line and nothing of a line is left buffered. A
 * line is valid JSON and valid UTF-8 whatever the call held: control characters and lone
 * surrogates (which a provider's error message or a caller's text can contain) are written as
 * <code>&#92;uXXXX</code> escapes, so the text reads back exactly. Writing never throws into the call:
 * a line that cannot be written is counted ({@link #failedLines()}), the first such failure is
 * logged and later ones are not; a write cut short is ended before the next line, so it never runs
 * into it. A failed call's line carries the manifest fields known before the call (no stamp is
 * made for it) and its latency since the call started; the start time lives in the call's own
 * {@link CallListener}, so the log holds nothing for calls in progress.
 */
public final class AuditLog implements InvocationListener, Closeable {
  /** The {@code outcome} of a successful call. */
  public static final String SUCCESS = "success";
  /** The {@code outcome} of a failed call. */
  public static final String ERROR = "error";

  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
  private static final JsonFactory JSON = new JsonFactory();
  private static final ObjectMapper READER = new ObjectMapper();

  private final @Nullable Writer writer;
  private final @Nullable OutputStream file;
  private final String target;
  private final boolean includePromptText;
  private final Clock clock;
  private final Object lock = new Object();
  private final AtomicBoolean warned = new AtomicBoolean();
  private final AtomicLong failedLines = new AtomicLong();
  /** Whether a write failed after it may have written part of a line; guarded by {@link #lock}. */
  private boolean partLineWritten;
  private volatile boolean closed;

  private AuditLog(Builder b, @Nullable Writer writer, @Nullable OutputStream file, String target) {
    this.writer = writer;
    this.file = file;
    this.target = target;
    this.includePromptText = b.includePromptText;
    this.clock = b.clock;
  }

  /** Returns an audit log appending to {@code file} (created with its directories if missing). */
  public static AuditLog toFile(Path file) {
    return builder().file(file).build();
  }

  /** Returns an audit log writing to {@code writer}; closing the log flushes but does not close it. */
  public static AuditLog toWriter(Writer writer) {
    return builder().writer(writer).build();
  }

  /** Returns a new builder; set a file or a writer. */
  public static Builder builder() {
    return new Builder();
  }

  /** Starts a call: its line is written when it ends, with its latency measured from now. */
  @Override
  public CallListener newCall(ResolvedCall call) {
    long startNanos = System.nanoTime();
    return new CallListener() {
      @Override
      public void onSuccess(InvocationResponse response) {
        succeeded(call, response);
      }

      @Override
      public void onFailure(MvcException error) {
        failed(call, error, startNanos);
      }
    };
  }

  private void succeeded(ResolvedCall call, InvocationResponse response) {
    if (closed) {
      return;
    }
    try {
      VersionStamp s = response.stamp();
      StringWriter line = new StringWriter(1024);
      try (JsonGenerator g = JSON.createGenerator(line)) {
        g.writeStartObject();
        g.writeStringField("time", s.time().toString());
        g.writeStringField("outcome", SUCCESS);
        g.writeStringField("invocationId", s.invocationId());
        g.writeStringField("manifestName", s.manifestName());
        g.writeStringField("manifestVersion", s.manifestVersion());
        g.writeStringField("digest", s.digest());
        target(g, s.versionPart().target());
        g.writeStringField("templateSha256", s.templateSha256());
        opt(g, "systemSha256", s.systemSha256());
        g.writeStringField("inferenceDigest", s.inferenceDigest());
        opt(g, "gitSha", s.gitSha());
        g.writeStringField("sourceUri", s.sourceUri());
        opt(g, "sourceVersionId", s.sourceVersionId());
        opt(g, "sourceEtag", s.sourceEtag());
        g.writeStringField("servedFrom", s.servedFrom().wireName());
        g.writeStringField("approval", s.approval().wireName());
        opt(g, "backendRequestId", s.backendRequestId());
        opt(g, "stopReason", response.stopReason());
        TokenUsage u = response.usage();
        g.writeNumberField("inputTokens", u.inputTokens());
        g.writeNumberField("outputTokens", u.outputTokens());
        g.writeNumberField("totalTokens", u.totalTokens());
        if (u.cacheReadInputTokens() > 0 || u.cacheWriteInputTokens() > 0) {
          g.writeNumberField("cacheReadInputTokens", u.cacheReadInputTokens());
          g.writeNumberField("cacheWriteInputTokens", u.cacheWriteInputTokens());
        }
        if (!response.toolCalls().isEmpty()) {
          g.writeNumberField("toolCalls", response.toolCalls().size());
        }
        g.writeNumberField("latencyMs", millis(response.latency()));
        attachments(g, call);
        prompt(g, call);
        // Last, so that VersionStamp.parse on the whole line finds it and not prompt text before it.
        g.writeStringField("stamp", s.toHeaderValue());
        g.writeEndObject();
      }
      append(line.toString());
    } catch (IOException | RuntimeException e) {
      lineFailed(e);
    }
  }

  private void failed(ResolvedCall call, MvcException error, long startNanos) {
    if (closed) {
      return;
    }
    try {
      VersionManifest m = call.manifest();
      StringWriter line = new StringWriter(512);
      try (JsonGenerator g = JSON.createGenerator(line)) {
        g.writeStartObject();
        g.writeStringField("time", clock.instant().toString());
        g.writeStringField("outcome", ERROR);
        g.writeStringField("invocationId", call.invocationId());
        g.writeStringField("manifestName", m.name());
        g.writeStringField("manifestVersion", m.version());
        g.writeStringField("digest", m.digest());
        target(g, m.model().stampFields());
        opt(g, "templateSha256", m.prompt().template().sha256());
        opt(g, "systemSha256", m.prompt().system() == null ? null : m.prompt().system().sha256());
        g.writeNumberField("latencyMs", millis(Duration.ofNanos(System.nanoTime() - startNanos)));
        g.writeStringField("errorType", errorType(error));
        opt(g, "errorMessage", error.getMessage());
        if (error instanceof BackendException) {
          BackendException b = (BackendException) error;
          g.writeBooleanField("retryable", b.retryable());
          if (b.statusCode() != 0) {
            g.writeNumberField("statusCode", b.statusCode());
          }
          opt(g, "backendRequestId", b.requestId());
        }
        attachments(g, call);
        prompt(g, call);
        g.writeEndObject();
      }
      append(line.toString());
    } catch (IOException | RuntimeException e) {
      lineFailed(e);
    }
  }

  /**
   * Returns, for each manifest name in the audit log {@code file}, the version that served the
   * latest successful call at or before {@code time}, sorted by manifest name; empty if no call
   * had been answered by then. Lines that are not audit lines (such as a line cut short by a
   * crash) are skipped.
   *
   * @throws MvcException when the file cannot be read
   */
  public static List<ServedVersion> servedAt(Path file, Instant time) {
    Objects.requireNonNull(time, "time");
    Map<String, ServedVersion> latest = new TreeMap<>();
    // Malformed bytes (a write cut inside a character) become U+FFFD and only spoil their own line.
    try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
        StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        ServedVersion v = parse(line);
        if (v != null && !v.time().isAfter(time)) {
          ServedVersion seen = latest.get(v.manifestName());
          if (seen == null || !v.time().isBefore(seen.time())) {
            latest.put(v.manifestName(), v);
          }
        }
      }
    } catch (IOException e) {
      throw new MvcException("cannot read audit log " + file + ": " + e.getMessage(), e);
    }
    List<ServedVersion> result = new ArrayList<>(latest.values());
    result.sort(Comparator.comparing(ServedVersion::manifestName));
    return result;
  }

  /**
   * Returns the version of manifest {@code manifestName} that served the latest successful call
   * at or before {@code time} according to the audit log {@code file}, or null if none had.
   *
   * @throws MvcException when the file cannot be read
   */
  public static @Nullable ServedVersion servedAt(Path file, String manifestName, Instant time) {
    Objects.requireNonNull(manifestName, "manifestName");
    for (ServedVersion v : servedAt(file, time)) {
      if (v.manifestName().equals(manifestName)) {
        return v;
      }
    }
    return null;
  }

  private static @Nullable ServedVersion parse(String line) {
    if (line.isBlank()) {
      return null;
    }
    try {
      JsonNode n = READER.readTree(line);
      if (n == null || !n.isObject() || !SUCCESS.equals(n.path("outcome").asText(null))) {
        return null;
      }
      String name = n.path("manifestName").asText(null);
      String version = n.path("manifestVersion").asText(null);
      String digest = n.path("digest").asText(null);
      String time = n.path("time").asText(null);
      String invocationId = n.path("invocationId").asText(null);
      if (name == null || version == null || digest == null || time == null || invocationId == null) {
        return null;
      }
      return new ServedVersion(name, version, digest, Instant.parse(time), invocationId,
          n.path("stamp").asText(null));
    } catch (IOException | DateTimeParseException e) {
      return null;
    }
  }

  /**
   * Appends one serialised line with a single write. Lone surrogates are escaped first, so the
   * text encodes to UTF-8 without loss or error; after a write that failed part way, the next line
   * starts on a line of its own.
   */
  private void append(String json) throws IOException {
    String line = escapeLoneSurrogates(json) + "\n";
    byte @Nullable [] bytes = file != null ? line.getBytes(StandardCharsets.UTF_8) : null;
    synchronized (lock) {
      if (closed) {
        return;
      }
      boolean endCutLine = partLineWritten;
      partLineWritten = true;
      if (file != null) {
        if (endCutLine) {
          file.write('\n');
        }
        file.write(Objects.requireNonNull(bytes));
      } else {
        Writer w = Objects.requireNonNull(writer);
        w.write(endCutLine ? "\n" + line : line);
        w.flush();
      }
      partLineWritten = false;
    }
  }

  /**
   * Returns {@code json} with every lone surrogate replaced by its JSON escape <code>&#92;uXXXX</code>.
   * The generator escapes quotes, backslashes and control characters but passes other characters
   * through; a lone surrogate can therefore only stand inside a string value and never after an
   * escaping backslash, where its six-character escape means exactly the same code unit.
   */
  static String escapeLoneSurrogates(String json) {
    @Nullable StringBuilder out = null;
    int copied = 0;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (!Character.isSurrogate(c)) {
        continue;
      }
      if (Character.isHighSurrogate(c) && i + 1 < json.length() && Character.isLowSurrogate(json.charAt(i + 1))) {
        i++;
        continue;
      }
      if (out == null) {
        out = new StringBuilder(json.length() + 16);
      }
      out.append(json, copied, i).append("\\u").append(Integer.toHexString(c));
      copied = i + 1;
    }
    return out == null ? json : out.append(json, copied, json.length()).toString();
  }

  /**
   * Writes the documents and images the call sent, by kind, format, size and SHA-256 (never the
   * bytes); a document's name only with the prompt text, as a name can say as much as a prompt.
   */
  private void attachments(JsonGenerator g, ResolvedCall call) throws IOException {
    if (call.attachments().isEmpty()) {
      return;
    }
    g.writeArrayFieldStart("attachments");
    for (dev.mvc.Attachment a : call.attachments()) {
      g.writeStartObject();
      g.writeStringField("kind", a.kind().wireName());
      g.writeStringField("format", a.format());
      if (includePromptText) {
        opt(g, "name", a.name());
      }
      g.writeNumberField("bytes", a.size());
      g.writeStringField("sha256", a.sha256());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private void prompt(JsonGenerator g, ResolvedCall call) throws IOException {
    if (!includePromptText) {
      return;
    }
    opt(g, "systemText", call.systemText());
    g.writeArrayFieldStart("messages");
    for (Message message : call.messages()) {
      g.writeStartObject();
      g.writeStringField("role", message.role().name().toLowerCase(java.util.Locale.ROOT));
      g.writeStringField("text", message.text());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  /** Writes the provider and the target's fields, the same on success and failure lines. */
  private static void target(JsonGenerator g, TargetStamp t) throws IOException {
    g.writeStringField("provider", t.provider());
    opt(g, "modelId", t.modelId());
    opt(g, "endpoint", t.endpoint());
    opt(g, "variant", t.variant());
    opt(g, "guardrail", t.guardrail());
    opt(g, "knowledgeBaseId", t.knowledgeBaseId());
    opt(g, "dataSourceVersion", t.dataSourceVersion());
    opt(g, "agentId", t.agentId());
    opt(g, "agentAliasId", t.agentAliasId());
    opt(g, "targetArn", t.targetArn());
  }

  private static void opt(JsonGenerator g, String field, @Nullable String value) throws IOException {
    if (value != null) {
      g.writeStringField(field, value);
    }
  }

  private static double millis(Duration d) {
    return d.toNanos() / 1_000_000.0;
  }

  /**
   * Returns the error type written for {@code error}: a backend's provider error code when it has
   * one, else the exception's simple class name.
   */
  static String errorType(MvcException error) {
    if (error instanceof BackendException) {
      String code = ((BackendException) error).errorCode();
      if (code != null && !code.isEmpty()) {
        return code;
      }
    }
    return error.getClass().getSimpleName();
  }

  private void lineFailed(Exception e) {
    failedLines.incrementAndGet();
    if (warned.compareAndSet(false, true)) {
      LOG.warn("mvc audit log {} could not write a line; calls go on, further failures are not logged",
          target, e);
    }
  }

  /**
   * Returns how many lines could not be written since the log was built (the first failure is
   * also logged); each failed line is one call missing from the log.
   */
  public long failedLines() {
    return failedLines.get();
  }

  /** Flushes and stops writing; closes the file this log opened (a given writer stays open). */
  @Override
  public void close() throws IOException {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      if (file != null) {
        file.close();
      } else {
        Objects.requireNonNull(writer).flush();
      }
    }
  }

  @Override
  public String toString() {
    return "AuditLog{" + target + (includePromptText ? ", with prompt text" : "") + "}";
  }

  /** A builder of {@link AuditLog}. */
  public static final class Builder {
    private @Nullable Path file;
    private @Nullable Writer writer;
    private boolean includePromptText;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** Appends to {@code file}, creating it and its directories if missing. */
    public Builder file(Path file) {
      this.file = Objects.requireNonNull(file, "file");
      this.writer = null;
      return this;
    }

    /** Writes to {@code writer}, which the log flushes after every line but never closes. */
    public Builder writer(Writer writer) {
      this.writer = Objects.requireNonNull(writer, "writer");
      this.file = null;
      return this;
    }

    /**
     * Also writes the system text and the messages sent (the rendered template with the
     * caller's variable values). Off by default: prompts may hold personal data.
     */
    public Builder includePromptText(boolean includePromptText) {
      this.includePromptText = includePromptText;
      return this;
    }

    /** Sets the clock for the time of failed calls (successful ones use their stamp's time). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the log, opening the file for appending.
     *
     * @throws MvcException when neither a file nor a writer was set, or the file cannot be opened
     */
    public AuditLog build() {
      if (writer != null) {
        return new AuditLog(this, writer, null, "writer " + writer.getClass().getName());
      }
      if (file == null) {
        throw new MvcException("audit log needs a file or a writer");
      }
      try {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        // Unbuffered: each line goes to the file in one write, so no part of a line stays behind.
        OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
            StandardOpenOption.WRITE);
        return new AuditLog(this, null, out, file.toString());
      } catch (IOException e) {
        throw new MvcException("cannot open audit log " + file + " for appending: " + e.getMessage(), e);
      }
    }
  }
}
