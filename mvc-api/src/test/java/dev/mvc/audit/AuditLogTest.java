package dev.mvc.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.mvc.BackendException;
import dev.mvc.BedrockTarget;
import dev.mvc.InferenceParameters;
import dev.mvc.InvocationResponse;
import dev.mvc.ManifestSources;
import dev.mvc.Message;
import dev.mvc.MvcException;
import dev.mvc.PinnedModelClient;
import dev.mvc.PromptSpec;
import dev.mvc.PromptText;
import dev.mvc.TokenUsage;
import dev.mvc.VersionManifest;
import dev.mvc.VersionStamp;
import dev.mvc.spi.BackendResponse;
import dev.mvc.spi.CallListener;
import dev.mvc.spi.ModelBackend;
import dev.mvc.spi.ResolvedCall;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One JSON line per invocation, written from a real client, and the served-at-time query. */
class AuditLogTest {
  private static final String MODEL_ID = "anthropic.claude-3-haiku-20240307-v1:0";
  private static final String TEMPLATE = "Answer the customer: {{question}}";
  private static final String SYSTEM = "You are a concise assistant.";
  private static final String QUESTION = "Where is my parcel 4711?";
  private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Refuses duplicate keys and anything after the object, so a line is one JSON document or an error. */
  private static final ObjectMapper STRICT = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  @TempDir Path dir;
  private final StubBackend backend = new StubBackend();
  private final AtomicReference<Instant> now = new AtomicReference<>(T0);
  private final Clock clock = TestClock.of(now::get);

  @Test
  void successfulCall_writesOneLineWithTheStampAndItsFieldsButNoPromptText() throws IOException {
    StringWriter out = new StringWriter();
    InvocationResponse response;
    try (AuditLog audit = AuditLog.toWriter(out); PinnedModelClient client = client(manifest("1.0.0"), audit)) {
      response = client.invoke(Map.of("question", QUESTION));
    }
    List<JsonNode> lines = parse(out.toString());
    assertThat(lines).hasSize(1);
    JsonNode line = lines.get(0);
    VersionStamp stamp = response.stamp();
    assertThat(line.get("time").asText()).isEqualTo(T0.toString());
    assertThat(line.get("outcome").asText()).isEqualTo(AuditLog.SUCCESS);
    assertThat(line.get("invocationId").asText()).isEqualTo(stamp.invocationId());
    assertThat(line.get("manifestName").asText()).isEqualTo("support-answer");
    assertThat(line.get("manifestVersion").asText()).isEqualTo("1.0.0");
    assertThat(line.get("digest").asText()).isEqualTo(stamp.digest()).startsWith("sha256:");
    assertThat(line.get("provider").asText()).isEqualTo("bedrock");
    assertThat(line.get("modelId").asText()).isEqualTo(MODEL_ID);
    assertThat(line.get("templateSha256").asText()).isEqualTo(stamp.templateSha256());
    assertThat(line.get("systemSha256").asText()).isEqualTo(stamp.systemSha256());
    assertThat(line.get("inferenceDigest").asText()).isEqualTo(stamp.inferenceDigest());
    assertThat(line.get("servedFrom").asText()).isEqualTo("source");
    assertThat(line.get("backendRequestId").asText()).isEqualTo("req-1");
    assertThat(line.get("stopReason").asText()).isEqualTo("end_turn");
    assertThat(line.get("inputTokens").asInt()).isEqualTo(12);
    assertThat(line.get("outputTokens").asInt()).isEqualTo(3);
    assertThat(line.get("totalTokens").asInt()).isEqualTo(15);
    assertThat(line.get("latencyMs").asDouble()).isEqualTo(response.latency().toNanos() / 1e6);
    assertThat(VersionStamp.parse(line.get("stamp").asText())).isEqualTo(stamp);
    assertThat(line.has("errorType")).isFalse();
    assertThat(out.toString()).doesNotContain("parcel").doesNotContain("Answer the customer")
        .doesNotContain(SYSTEM).endsWith("\n");
  }

  @Test
  void failedCall_writesTheManifestTheErrorTypeAndMessage() throws IOException {
    StringWriter out = new StringWriter();
    backend.failWith = BackendException.builder("model is throttled").retryable(true).statusCode(429)
        .errorCode("ThrottlingException").requestId("req-429").build();
    try (AuditLog audit = AuditLog.builder().writer(out).clock(clock).build();
        PinnedModelClient client = client(manifest("1.0.0"), audit)) {
      assertThatThrownBy(() -> client.invoke(Map.of("question", QUESTION))).isInstanceOf(BackendException.class);
    }
    JsonNode line = parse(out.toString()).get(0);
    assertThat(line.get("outcome").asText()).isEqualTo(AuditLog.ERROR);
    assertThat(line.get("time").asText()).isEqualTo(T0.toString());
    assertThat(line.get("manifestVersion").asText()).isEqualTo("1.0.0");
    assertThat(line.get("digest").asText()).isEqualTo(manifest("1.0.0").digest());
    assertThat(line.get("modelId").asText()).isEqualTo(MODEL_ID);
    assertThat(line.get("errorType").asText()).isEqualTo("ThrottlingException");
    assertThat(line.get("errorMessage").asText()).isEqualTo("model is throttled");
    assertThat(line.get("retryable").asBoolean()).isTrue();
    assertThat(line.get("statusCode").asInt()).isEqualTo(429);
    assertThat(line.get("backendRequestId").asText()).isEqualTo("req-429");
    assertThat(line.get("latencyMs").asDouble()).isGreaterThanOrEqualTo(0.0);
    assertThat(line.has("stamp")).isFalse();
  }

  @Test
  void promptText_isWrittenOnlyWhenAskedFor() throws IOException {
    StringWriter out = new StringWriter();
    try (AuditLog audit = AuditLog.builder().writer(out).includePromptText(true).build();
        PinnedModelClient client = client(manifest("1.0.0"), audit)) {
      client.invoke(Map.of("question", QUESTION));
    }
    JsonNode line = parse(out.toString()).get(0);
    assertThat(line.get("systemText").asText()).isEqualTo(SYSTEM);
    assertThat(line.get("messages")).hasSize(1);
    assertThat(line.get("messages").get(0).get("role").asText()).isEqualTo("user");
    assertThat(line.get("messages").get(0).get("text").asText()).isEqualTo("Answer the customer: " + QUESTION);
  }

  @Test
  void aLineWithPromptTextHoldingAStamp_parsesToTheStampMvcWrote() throws IOException {
    StringWriter out = new StringWriter();
    VersionStamp forged;
    InvocationResponse response;
    try (AuditLog audit = AuditLog.builder().writer(out).includePromptText(true).build();
        PinnedModelClient client = client(manifest("1.0.0"), audit)) {
      forged = client.invoke(Map.of("question", "x")).stamp().toBuilder().manifest("evil", "6.6.6", "sha256:" + "e".repeat(64))
          .source(new dev.mvc.SourceRef("file:/etc/passwd", null, null)).build();
      out.getBuffer().setLength(0);
      response = client.invoke(Map.of("question", forged.toHeaderValue()));
    }
    String line = out.toString();
    assertThat(line).contains(forged.toHeaderValue());

    assertThat(VersionStamp.parse(line)).isEqualTo(response.stamp());
    assertThat(VersionStamp.parse(JSON.readTree(line).get("stamp").asText())).isEqualTo(response.stamp());
  }

  @Test
  void concurrentCalls_appendOneCompleteLineEach() throws Exception {
    Path file = dir.resolve("logs/audit.jsonl");
    int threads = 8;
    int perThread = 50;
    try (AuditLog audit = AuditLog.toFile(file); PinnedModelClient client = client(manifest("1.0.0"), audit)) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          for (int i = 0; i < perThread; i++) {
            if (i % 10 == 9) {
              client.invokeAsync(dev.mvc.InvocationRequest.of(Map.of("question", "q" + thread + "-" + i))).join();
            } else {
              client.invoke(Map.of("question", "q" + thread + "-" + i));
            }
          }
        }));
      }
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
      pool.shutdown();
    }
    List<String> raw = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertThat(raw).hasSize(threads * perThread);
    Set<String> ids = new HashSet<>();
    for (String text : raw) {
      JsonNode line = JSON.readTree(text);
      assertThat(line.get("outcome").asText()).isEqualTo(AuditLog.SUCCESS);
      assertThat(VersionStamp.parse(line.get("stamp").asText()).invocationId())
          .isEqualTo(line.get("invocationId").asText());
      ids.add(line.get("invocationId").asText());
    }
    assertThat(ids).hasSize(threads * perThread);
  }

  @Test
  void servedAt_tellsWhichVersionServedAtAnyTimeAcrossAReload() throws IOException {
    Path manifestFile = dir.resolve("support-answer.json");
    Files.writeString(manifestFile, manifest("1.0.0").toJson());
    Path log = dir.resolve("audit.jsonl");
    try (AuditLog audit = AuditLog.toFile(log);
        PinnedModelClient client = PinnedModelClient.builder().manifest(ManifestSources.file(manifestFile))
            .backend(backend).clock(clock).listener(audit).build()) {
      client.invoke(Map.of("question", "a"));
      now.set(T0.plusSeconds(300));
      client.invoke(Map.of("question", "b"));
      Files.writeString(manifestFile, manifest("2.0.0").toJson());
      now.set(T0.plusSeconds(420));
      assertThat(client.reload()).isTrue();
      now.set(T0.plusSeconds(600));
      client.invoke(Map.of("question", "c"));
    }

    assertThat(AuditLog.servedAt(log, T0.minusSeconds(1))).isEmpty();
    assertThat(AuditLog.servedAt(log, T0)).extracting(ServedVersion::manifestVersion).containsExactly("1.0.0");
    ServedVersion beforeFirstCallOfTheNewVersion = AuditLog.servedAt(log, "support-answer", T0.plusSeconds(599));
    assertThat(beforeFirstCallOfTheNewVersion).isNotNull();
    assertThat(beforeFirstCallOfTheNewVersion.manifestVersion()).isEqualTo("1.0.0");
    assertThat(beforeFirstCallOfTheNewVersion.time()).isEqualTo(T0.plusSeconds(300));
    assertThat(beforeFirstCallOfTheNewVersion.digest()).isEqualTo(manifest("1.0.0").digest());
    ServedVersion after = AuditLog.servedAt(log, "support-answer", T0.plusSeconds(3600));
    assertThat(after).isNotNull();
    assertThat(after.manifestVersion()).isEqualTo("2.0.0");
    assertThat(after.digest()).isEqualTo(manifest("2.0.0").digest());
    assertThat(VersionStamp.parse(after.stamp()).sourceUri()).contains("support-answer.json");
    assertThat(AuditLog.servedAt(log, "another-manifest", T0.plusSeconds(3600))).isNull();
  }

  @Test
  void servedAt_answersPerManifestAndSkipsFailuresAndBrokenLines() throws IOException {
    Path log = dir.resolve("audit.jsonl");
    VersionManifest other = manifest("3.1.0").toBuilder().name("triage").build();
    try (AuditLog audit = AuditLog.builder().file(log).clock(clock).build();
        PinnedModelClient answers = client(manifest("1.0.0"), audit);
        PinnedModelClient triage = client(other, audit)) {
      answers.invoke(Map.of("question", "a"));
      now.set(T0.plusSeconds(60));
      triage.invoke(Map.of("question", "b"));
      backend.failWith = BackendException.builder("down").build();
      now.set(T0.plusSeconds(120));
      assertThatThrownBy(() -> answers.invoke(Map.of("question", "c"))).isInstanceOf(BackendException.class);
    }
    Files.writeString(log, "{\"time\":\"2026-11-20T10:0", StandardOpenOption.APPEND);

    assertThat(AuditLog.servedAt(log, T0.plusSeconds(3600)))
        .extracting(ServedVersion::manifestName, ServedVersion::manifestVersion, ServedVersion::time)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("support-answer", "1.0.0", T0),
            org.assertj.core.groups.Tuple.tuple("triage", "3.1.0", T0.plusSeconds(60)));
  }

  @Test
  void servedAt_onAMissingFile_failsNamingIt() {
    Path missing = dir.resolve("nope.jsonl");
    assertThatThrownBy(() -> AuditLog.servedAt(missing, T0)).isInstanceOf(MvcException.class)
        .hasMessageContaining("nope.jsonl");
  }

  @Test
  void aWriterThatFails_neverBreaksTheCall() {
    Writer broken = new Writer() {
      @Override
      public void write(char[] buf, int off, int len) throws IOException {
        throw new IOException("disk full");
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    try (AuditLog audit = AuditLog.toWriter(broken); PinnedModelClient client = client(manifest("1.0.0"), audit)) {
      assertThat(client.invoke(Map.of("question", "a")).text()).isEqualTo("On its way.");
      assertThat(client.invoke(Map.of("question", "b")).text()).isEqualTo("On its way.");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void loneSurrogatesInPromptTextAndErrorMessages_neverJamTheLog() throws IOException {
    Path file = dir.resolve("audit.jsonl");
    VersionManifest m = manifest("1.0.0");
    InvocationResponse answered;
    try (PinnedModelClient client = client(m, AuditLog.builder().writer(new StringWriter()).build())) {
      answered = client.invoke(Map.of("question", QUESTION));
    }
    int calls = 106;
    AuditLog audit = AuditLog.builder().file(file).includePromptText(true).build();
    for (int i = 0; i < calls; i++) {
      ResolvedCall call = ResolvedCall.builder().invocationId("call-" + i).manifest(m)
          .systemText("system \udfff " + i)
          .messages(List.of(Message.user("earlier \ud83d\ude00 turn " + i), Message.assistant("cut \ud83d"),
              Message.user("question \ud800 " + i + " tail")))
          .parameters(m.inference()).build();
      CallListener started = audit.newCall(call);
      if (i % 2 == 0) {
        started.onSuccess(answered);
      } else {
        started.onFailure(BackendException.builder("provider said \udc00 at " + i + " \ud800")
            .errorCode("ValidationException").statusCode(400).build());
      }
    }
    audit.close();

    List<String> lines = strictUtf8Lines(file);
    assertThat(lines).hasSize(calls);
    assertThat(audit.failedLines()).isZero();
    for (int i = 0; i < calls; i++) {
      String text = lines.get(i);
      assertThat(text.length()).as("line %d", i).isLessThan(2_048);
      JsonNode line = STRICT.readTree(text);
      assertThat(line.get("systemText").asText()).isEqualTo("system \udfff " + i);
      assertThat(line.get("messages").get(0).get("text").asText()).isEqualTo("earlier \ud83d\ude00 turn " + i);
      assertThat(line.get("messages").get(1).get("text").asText()).isEqualTo("cut \ud83d");
      assertThat(line.get("messages").get(2).get("text").asText()).isEqualTo("question \ud800 " + i + " tail");
      if (i % 2 == 0) {
        assertThat(line.get("outcome").asText()).isEqualTo(AuditLog.SUCCESS);
        assertThat(line.get("invocationId").asText()).isEqualTo(answered.stamp().invocationId());
      } else {
        assertThat(line.get("outcome").asText()).isEqualTo(AuditLog.ERROR);
        assertThat(line.get("invocationId").asText()).isEqualTo("call-" + i);
        assertThat(line.get("errorMessage").asText()).isEqualTo("provider said \udc00 at " + i + " \ud800");
      }
    }
    assertThat(lines.get(1)).contains("question \\ud800 1 tail").contains("earlier \ud83d\ude00 turn 1");
  }

  @Test
  void aProviderErrorWithALoneSurrogate_isOneLineAndTheNextCallsAreLoggedToo() throws IOException {
    Path file = dir.resolve("audit.jsonl");
    int calls = 106;
    try (AuditLog audit = AuditLog.toFile(file); PinnedModelClient client = client(manifest("1.0.0"), audit)) {
      for (int i = 0; i < calls; i++) {
        backend.failWith = i % 3 == 0
            ? BackendException.builder("upstream replied \ud800\ud800 to call " + i).errorCode("ModelErrorException").build()
            : null;
        if (backend.failWith != null) {
          assertThatThrownBy(() -> client.invoke(Map.of("question", QUESTION))).isInstanceOf(BackendException.class);
        } else {
          client.invoke(Map.of("question", QUESTION));
        }
      }
      assertThat(audit.failedLines()).isZero();
    }
    List<String> lines = strictUtf8Lines(file);
    assertThat(lines).hasSize(calls);
    for (int i = 0; i < calls; i++) {
      JsonNode line = STRICT.readTree(lines.get(i));
      assertThat(line.get("outcome").asText()).isEqualTo(i % 3 == 0 ? AuditLog.ERROR : AuditLog.SUCCESS);
      if (i % 3 == 0) {
        assertThat(line.get("errorMessage").asText()).isEqualTo("upstream replied \ud800\ud800 to call " + i);
      }
    }
    assertThat(AuditLog.servedAt(file, T0)).extracting(ServedVersion::manifestVersion).containsExactly("1.0.0");
  }

  @Test
  void controlCharactersInPromptText_areEscapedAndReadBackExactly() throws IOException {
    StringWriter out = new StringWriter();
    String question = "a\u0000b\u001fc\nd\re\tf\"g\\h\u2028i\u007fj";
    try (AuditLog audit = AuditLog.builder().writer(out).includePromptText(true).build();
        PinnedModelClient client = client(manifest("1.0.0"), audit)) {
      client.invoke(Map.of("question", question));
    }
    String text = out.toString();
    assertThat(text).endsWith("\n");
    assertThat(text.substring(0, text.length() - 1)).doesNotContain("\n", "\r", "\u0000", "\u001f");
    JsonNode line = STRICT.readTree(text);
    assertThat(line.get("messages").get(0).get("text").asText()).isEqualTo("Answer the customer: " + question);
  }

  @Test
  void aWriteThatFailsHalfWay_isCountedAndTheNextLinesAreWrittenWhole() throws IOException {
    FailingOnceWriter out = new FailingOnceWriter(2);
    try (AuditLog audit = AuditLog.toWriter(out); PinnedModelClient client = client(manifest("1.0.0"), audit)) {
      for (int i = 0; i < 5; i++) {
        client.invoke(Map.of("question", "q" + i));
      }
      assertThat(audit.failedLines()).isEqualTo(1);
    }
    List<String> raw = List.of(out.text().split("\n", -1));
    assertThat(raw.get(raw.size() - 1)).isEmpty();
    List<String> lines = raw.subList(0, raw.size() - 1);
    assertThat(lines).hasSize(5);
    String cut = lines.get(1);
    assertThat(cut).startsWith("{\"time\"");
    assertThatThrownBy(() -> STRICT.readTree(cut)).isInstanceOf(IOException.class);
    List<String> whole = new ArrayList<>(lines);
    whole.remove(1);
    Set<String> ids = new HashSet<>();
    for (String text : whole) {
      JsonNode line = STRICT.readTree(text);
      assertThat(line.get("outcome").asText()).isEqualTo(AuditLog.SUCCESS);
      ids.add(line.get("invocationId").asText());
    }
    assertThat(ids).hasSize(4);
  }

  @Test
  void servedAt_skipsALineCutInsideACharacter() throws IOException {
    Path log = dir.resolve("audit.jsonl");
    try (AuditLog audit = AuditLog.builder().file(log).clock(clock).build();
        PinnedModelClient client = client(manifest("1.0.0"), audit)) {
      client.invoke(Map.of("question", "a"));
    }
    byte[] euroCut = {'{', '"', 'x', '"', ':', '"', (byte) 0xe2, (byte) 0x82, '\n'};
    Files.write(log, euroCut, StandardOpenOption.APPEND);
    now.set(T0.plusSeconds(60));
    try (AuditLog audit = AuditLog.builder().file(log).clock(clock).build();
        PinnedModelClient client = client(manifest("2.0.0"), audit)) {
      client.invoke(Map.of("question", "b"));
    }

    assertThat(AuditLog.servedAt(log, T0.plusSeconds(3600))).extracting(ServedVersion::manifestVersion)
        .containsExactly("2.0.0");
    assertThat(AuditLog.servedAt(log, T0)).extracting(ServedVersion::manifestVersion).containsExactly("1.0.0");
  }

  @Test
  void escapeLoneSurrogates_keepsPairsAndEscapesEachLoneHalf() {
    assertThat(AuditLog.escapeLoneSurrogates("{\"t\":\"ok\"}")).isEqualTo("{\"t\":\"ok\"}");
    assertThat(AuditLog.escapeLoneSurrogates("\"\ud83d\ude00\"")).isEqualTo("\"\ud83d\ude00\"");
    assertThat(AuditLog.escapeLoneSurrogates("\"\ude00\ud83d\"")).isEqualTo("\"\\ude00\\ud83d\"");
    assertThat(AuditLog.escapeLoneSurrogates("\"a\ud800\ud83d\ude00\udfffb\"")).isEqualTo("\"a\\ud800\ud83d\ude00\\udfffb\"");
    assertThat(AuditLog.escapeLoneSurrogates("\"\\\\\ud800\"")).isEqualTo("\"\\\\\\ud800\"");
  }

  @Test
  void aClosedLog_writesNothingMore() throws IOException {
    StringWriter out = new StringWriter();
    AuditLog audit = AuditLog.toWriter(out);
    try (PinnedModelClient client = client(manifest("1.0.0"), audit)) {
      client.invoke(Map.of("question", "a"));
      audit.close();
      client.invoke(Map.of("question", "b"));
    }
    assertThat(parse(out.toString())).hasSize(1);
  }

  @Test
  void aBuilderWithoutTarget_failsFast() {
    assertThatThrownBy(() -> AuditLog.builder().build()).isInstanceOf(MvcException.class)
        .hasMessageContaining("file or a writer");
  }

  private PinnedModelClient client(VersionManifest manifest, AuditLog audit) {
    return PinnedModelClient.builder().manifest(manifest).backend(backend).clock(clock).listener(audit).build();
  }

  private static VersionManifest manifest(String version) {
    return VersionManifest.builder()
        .name("support-answer")
        .version(version)
        .createdAt(Instant.parse("2026-01-01T00:00:00Z"))
        .model(BedrockTarget.builder(MODEL_ID).region("us-east-1").build())
        .prompt(PromptSpec.builder(PromptText.inline(TEMPLATE)).system(PromptText.inline(SYSTEM))
            .variables("question").build())
        .inference(InferenceParameters.builder().temperature(0.2).maxTokens(256).topP(0.9).build())
        .build();
  }

  private static List<JsonNode> parse(String text) throws IOException {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isEmpty()) {
        lines.add(JSON.readTree(line));
      }
    }
    return lines;
  }

  /** Reads {@code file} as strict UTF-8 (malformed bytes fail) and returns its lines. */
  private static List<String> strictUtf8Lines(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    try {
      String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
      assertThat(text).endsWith("\n");
      return List.of(text.substring(0, text.length() - 1).split("\n", -1));
    } catch (CharacterCodingException e) {
      throw new AssertionError("audit log is not valid UTF-8", e);
    }
  }

  /** A writer that, on its {@code failOn}-th write, takes the first half of the text and then fails. */
  private static final class FailingOnceWriter extends Writer {
    private final StringBuilder text = new StringBuilder();
    private final int failOn;
    private int writes;

    FailingOnceWriter(int failOn) {
      this.failOn = failOn;
    }

    String text() {
      return text.toString();
    }

    @Override
    public void write(char[] buf, int off, int len) throws IOException {
      if (++writes == failOn) {
        text.append(buf, off, len / 2);
        throw new IOException("device went away");
      }
      text.append(buf, off, len);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  /** A Bedrock-shaped backend answering every call the same way, or failing when told to. */
  private static final class StubBackend implements ModelBackend {
    volatile RuntimeException failWith;
    private final java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public String provider() {
      return "bedrock";
    }

    @Override
    public BackendResponse invoke(ResolvedCall call) {
      RuntimeException e = failWith;
      if (e != null) {
        throw e;
      }
      return BackendResponse.builder("On its way.").stopReason("end_turn").usage(TokenUsage.of(12, 3))
          .requestId("req-" + requests.incrementAndGet())
          .servedModel(((BedrockTarget) call.target()).modelId()).build();
    }
  }
}
