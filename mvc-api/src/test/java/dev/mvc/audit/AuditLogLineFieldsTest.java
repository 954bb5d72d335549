package dev.mvc.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mvc.ApprovalStatus;
import dev.mvc.BackendException;
import dev.mvc.BedrockTarget;
import dev.mvc.InferenceParameters;
import dev.mvc.InvocationResponse;
import dev.mvc.Message;
import dev.mvc.ModelTarget;
import dev.mvc.MvcException;
import dev.mvc.PromptSpec;
import dev.mvc.PromptText;
import dev.mvc.SageMakerTarget;
import dev.mvc.ServedFrom;
import dev.mvc.SourceRef;
import dev.mvc.TokenUsage;
import dev.mvc.VersionManifest;
import dev.mvc.VersionStamp;
import dev.mvc.spi.ResolvedCall;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every field of a success line and of a failure line, for Bedrock and SageMaker targets, and the
 * edges of writing, closing and reading the log back.
 */
class AuditLogLineFieldsTest {
  private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
  private static final String DIGEST = "sha256:" + "a".repeat(64);
  private static final String TEMPLATE_SHA = "b".repeat(64);
  private static final String SYSTEM_SHA = "c".repeat(64);
  private static final String INFERENCE_DIGEST = "sha256:" + "d".repeat(64);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void successLine_ofABedrockCall_carriesEveryStampField() throws IOException {
    VersionStamp stamp = VersionStamp.builder()
        .manifest("support-answer", "1.2.0", DIGEST)
        .provider("bedrock")
        .modelId("anthropic.claude-3-haiku-20240307-v1:0")
        .guardrail("gr-7:3")
        .knowledgeBase("kb-1", "ingest-42")
        .agent("agent-9", "alias-2")
        .prompt(TEMPLATE_SHA, SYSTEM_SHA)
        .inferenceDigest(INFERENCE_DIGEST)
        .gitSha("0123456789abcdef0123456789abcdef01234567")
        .source(new SourceRef("s3://bucket/support-answer.json", "v-17", "\"etag-5\""))
        .servedFrom(ServedFrom.LAST_KNOWN_GOOD)
        .approval(ApprovalStatus.APPROVED)
        .backendRequestId("req-1")
        .invocationId("inv-1")
        .time(T0)
        .build();

    JsonNode line = successLine(stamp);

    assertThat(fields(line)).containsExactly("time", "outcome", "invocationId", "manifestName",
        "manifestVersion", "digest", "provider", "modelId", "guardrail", "knowledgeBaseId",
        "dataSourceVersion", "agentId", "agentAliasId", "templateSha256", "systemSha256",
        "inferenceDigest", "gitSha", "sourceUri", "sourceVersionId", "sourceEtag", "servedFrom",
        "approval", "backendRequestId", "stopReason", "inputTokens", "outputTokens", "totalTokens",
        "latencyMs", "stamp");
    assertThat(line.get("time").asText()).isEqualTo(T0.toString());
    assertThat(line.get("outcome").asText()).isEqualTo(AuditLog.SUCCESS);
    assertThat(line.get("invocationId").asText()).isEqualTo("inv-1");
    assertThat(line.get("manifestName").asText()).isEqualTo("support-answer");
    assertThat(line.get("manifestVersion").asText()).isEqualTo("1.2.0");
    assertThat(line.get("digest").asText()).isEqualTo(DIGEST);
    assertThat(line.get("provider").asText()).isEqualTo("bedrock");
    assertThat(line.get("modelId").asText()).isEqualTo("anthropic.claude-3-haiku-20240307-v1:0");
    assertThat(line.get("guardrail").asText()).isEqualTo("gr-7:3");
    assertThat(line.get("knowledgeBaseId").asText()).isEqualTo("kb-1");
    assertThat(line.get("dataSourceVersion").asText()).isEqualTo("ingest-42");
    assertThat(line.get("agentId").asText()).isEqualTo("agent-9");
    assertThat(line.get("agentAliasId").asText()).isEqualTo("alias-2");
    assertThat(line.get("templateSha256").asText()).isEqualTo(TEMPLATE_SHA);
    assertThat(line.get("systemSha256").asText()).isEqualTo(SYSTEM_SHA);
    assertThat(line.get("inferenceDigest").asText()).isEqualTo(INFERENCE_DIGEST);
    assertThat(line.get("gitSha").asText()).isEqualTo("0123456789abcdef0123456789abcdef01234567");
    assertThat(line.get("sourceUri").asText()).isEqualTo("s3://bucket/support-answer.json");
    assertThat(line.get("sourceVersionId").asText()).isEqualTo("v-17");
    assertThat(line.get("sourceEtag").asText()).isEqualTo("\"etag-5\"");
    assertThat(line.get("servedFrom").asText()).isEqualTo("last-known-good");
    assertThat(line.get("approval").asText()).isEqualTo("Approved");
    assertThat(line.get("backendRequestId").asText()).isEqualTo("req-1");
    assertThat(line.get("stopReason").asText()).isEqualTo("end_turn");
    assertThat(line.get("inputTokens").asLong()).isEqualTo(12);
    assertThat(line.get("outputTokens").asLong()).isEqualTo(3);
    assertThat(line.get("totalTokens").asLong()).isEqualTo(15);
    assertThat(line.get("latencyMs").asDouble()).isEqualTo(250.5);
    assertThat(VersionStamp.parse(line.get("stamp").asText())).isEqualTo(stamp);
  }

  @Test
  void successLine_ofASageMakerCall_carriesTheEndpointAndVariantAndLeavesAbsentFieldsOut() throws IOException {
    VersionStamp stamp = VersionStamp.builder()
        .manifest("churn-score", "4.0.1", DIGEST)
        .provider("sagemaker")
        .endpoint("churn-endpoint", "blue")
        .prompt(TEMPLATE_SHA, null)
        .inferenceDigest(INFERENCE_DIGEST)
        .source(new SourceRef("file:/etc/mvc/churn-score.json", null, null))
        .servedFrom(ServedFrom.SOURCE)
        .approval(ApprovalStatus.PENDING_MANUAL_APPROVAL)
        .invocationId("inv-2")
        .time(T0)
        .build();

    JsonNode line = successLine(stamp);

    assertThat(fields(line)).containsExactly("time", "outcome", "invocationId", "manifestName",
        "manifestVersion", "digest", "provider", "endpoint", "variant", "templateSha256",
        "inferenceDigest", "sourceUri", "servedFrom", "approval", "stopReason", "inputTokens",
        "outputTokens", "totalTokens", "latencyMs", "stamp");
    assertThat(line.get("provider").asText()).isEqualTo("sagemaker");
    assertThat(line.get("endpoint").asText()).isEqualTo("churn-endpoint");
    assertThat(line.get("variant").asText()).isEqualTo("blue");
    assertThat(line.get("sourceUri").asText()).isEqualTo("file:/etc/mvc/churn-score.json");
    assertThat(line.get("approval").asText()).isEqualTo("PendingManualApproval");
    assertThat(VersionStamp.parse(line.get("stamp").asText())).isEqualTo(stamp);
  }

  @Test
  void failureLine_ofABedrockCall_carriesTheManifestTargetAndError() throws IOException {
    BedrockTarget target = BedrockTarget.builder("amazon.titan-text-express-v1").region("eu-west-1")
        .guardrail("gr-7", "3").knowledgeBase("kb-1", "ds-1", "ingest-42").agent("agent-9", "alias-2").build();
    VersionManifest m = manifest(target, true);
    BackendException error = BackendException.builder("model is throttled").retryable(true).statusCode(429)
        .errorCode("ThrottlingException").requestId("req-429").build();

    JsonNode line = failureLine(m, error);

    assertThat(fields(line)).containsExactly("time", "outcome", "invocationId", "manifestName",
        "manifestVersion", "digest", "provider", "modelId", "guardrail", "knowledgeBaseId",
        "dataSourceVersion", "agentId", "agentAliasId", "templateSha256", "systemSha256", "latencyMs",
        "errorType", "errorMessage", "retryable", "statusCode", "backendRequestId");
    assertThat(line.get("time").asText()).isEqualTo(T0.toString());
    assertThat(line.get("outcome").asText()).isEqualTo(AuditLog.ERROR);
    assertThat(line.get("invocationId").asText()).isEqualTo("call-1");
    assertThat(line.get("manifestName").asText()).isEqualTo("support-answer");
    assertThat(line.get("manifestVersion").asText()).isEqualTo("1.0.0");
    assertThat(line.get("digest").asText()).isEqualTo(m.digest());
    assertThat(line.get("provider").asText()).isEqualTo("bedrock");
    assertThat(line.get("modelId").asText()).isEqualTo("amazon.titan-text-express-v1");
    assertThat(line.get("guardrail").asText()).isEqualTo("gr-7:3");
    assertThat(line.get("knowledgeBaseId").asText()).isEqualTo("kb-1");
    assertThat(line.get("dataSourceVersion").asText()).isEqualTo("ingest-42");
    assertThat(line.get("agentId").asText()).isEqualTo("agent-9");
    assertThat(line.get("agentAliasId").asText()).isEqualTo("alias-2");
    assertThat(line.get("templateSha256").asText()).isEqualTo(m.prompt().template().sha256());
    assertThat(line.get("systemSha256").asText()).isEqualTo(m.prompt().system().sha256());
    assertThat(line.get("errorType").asText()).isEqualTo("ThrottlingException");
    assertThat(line.get("errorMessage").asText()).isEqualTo("model is throttled");
    assertThat(line.get("retryable").asBoolean()).isTrue();
    assertThat(line.get("statusCode").asInt()).isEqualTo(429);
    assertThat(line.get("backendRequestId").asText()).isEqualTo("req-429");
  }

  @Test
  void failureLine_ofABedrockCallWithoutGuardrailOrSystemPrompt_leavesThoseFieldsOut() throws IOException {
    VersionManifest m = manifest(BedrockTarget.builder("amazon.titan-text-express-v1").build(), false);

    JsonNode line = failureLine(m, new MvcException("template variable missing: question"));

    assertThat(fields(line)).containsExactly("time", "outcome", "invocationId", "manifestName",
        "manifestVersion", "digest", "provider", "modelId", "templateSha256", "latencyMs", "errorType",
        "errorMessage");
    assertThat(line.get("errorType").asText()).isEqualTo("MvcException");
    assertThat(line.get("errorMessage").asText()).isEqualTo("template variable missing: question");
  }

  @Test
  void failureLine_ofASageMakerCall_carriesTheEndpointAndVariant() throws IOException {
    VersionManifest m = manifest(SageMakerTarget.builder("churn-endpoint", "tgi").variant("blue").build(), true);

    JsonNode line = failureLine(m, BackendException.builder("endpoint is updating").build());

    assertThat(fields(line)).containsExactly("time", "outcome", "invocationId", "manifestName",
        "manifestVersion", "digest", "provider", "endpoint", "variant", "templateSha256", "systemSha256",
        "latencyMs", "errorType", "errorMessage", "retryable");
    assertThat(line.get("provider").asText()).isEqualTo("sagemaker");
    assertThat(line.get("endpoint").asText()).isEqualTo("churn-endpoint");
    assertThat(line.get("variant").asText()).isEqualTo("blue");
    assertThat(line.get("errorType").asText()).isEqualTo("BackendException");
    assertThat(line.get("retryable").asBoolean()).isFalse();
  }

  @Test
  void failureLine_ofASageMakerInferenceComponent_namesTheComponentAsVariant() throws IOException {
    VersionManifest m = manifest(
        SageMakerTarget.builder("llm-endpoint", "openai-chat").inferenceComponent("llama-ic-3").build(), true);

    JsonNode line = failureLine(m, BackendException.builder("no capacity").build());

    assertThat(line.get("endpoint").asText()).isEqualTo("llm-endpoint");
    assertThat(line.get("variant").asText()).isEqualTo("llama-ic-3");
  }

  @Test
  void failureLatency_isTheTimeSinceTheCallStartedAndNeverMore() throws IOException {
    StringWriter out = new StringWriter();
    VersionManifest m = manifest(BedrockTarget.builder("amazon.titan-text-express-v1").build(), true);
    ResolvedCall call = call(m, "call-1");
    long before = System.nanoTime();
    try (AuditLog audit = AuditLog.builder().writer(out).clock(fixed(T0)).build()) {
      audit.newCall(call).onFailure(BackendException.builder("down").build());
    }
    double elapsedMs = (System.nanoTime() - before) / 1e6;
    double latencyMs = JSON.readTree(out.toString()).get("latencyMs").asDouble();
    assertThat(latencyMs).isBetween(0.0, elapsedMs);
  }

  @Test
  void errorType_isTheProviderCodeOrElseTheExceptionClass() {
    assertThat(AuditLog.errorType(BackendException.builder("x").errorCode("ValidationException").build()))
        .isEqualTo("ValidationException");
    assertThat(AuditLog.errorType(BackendException.builder("x").errorCode("").build())).isEqualTo("BackendException");
    assertThat(AuditLog.errorType(BackendException.builder("x").build())).isEqualTo("BackendException");
    assertThat(AuditLog.errorType(new MvcException("x"))).isEqualTo("MvcException");
  }

  @Test
  void aFailureLineThatCannotBeWritten_isCounted() {
    VersionManifest m = manifest(BedrockTarget.builder("amazon.titan-text-express-v1").build(), true);
    AuditLog audit = AuditLog.toWriter(new Writer() {
      @Override
      public void write(char[] buf, int off, int len) throws IOException {
        throw new IOException("disk full");
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    });

    audit.newCall(call(m, "call-1")).onFailure(BackendException.builder("down").build());
    audit.newCall(call(m, "call-2")).onFailure(BackendException.builder("down").build());

    assertThat(audit.failedLines()).isEqualTo(2);
  }

  @Test
  void aBufferedWriter_holdsEachLineAsSoonAsTheCallEnds() throws IOException {
    StringWriter sink = new StringWriter();
    AuditLog audit = AuditLog.toWriter(new BufferedWriter(sink));
    VersionManifest m = manifest(BedrockTarget.builder("amazon.titan-text-express-v1").build(), true);

    audit.newCall(call(m, "call-1")).onFailure(BackendException.builder("down").build());

    assertThat(sink.toString()).startsWith("{\"time\"").endsWith("\n");
    assertThat(JSON.readTree(sink.toString()).get("invocationId").asText()).isEqualTo("call-1");
  }

  @Test
  void close_flushesAGivenWriterButLeavesItOpen() throws IOException {
    StringWriter sink = new StringWriter();
    BufferedWriter buffered = new BufferedWriter(sink);
    buffered.write("# audit of support-answer\n");
    AuditLog audit = AuditLog.toWriter(buffered);

    audit.close();

    assertThat(sink.toString()).isEqualTo("# audit of support-answer\n");
    buffered.write("still open\n");
    buffered.flush();
    assertThat(sink.toString()).endsWith("still open\n");
  }

  @Test
  void closeTwice_flushesTheWriterOnce() throws IOException {
    int[] flushes = {0};
    Writer counting = new Writer() {
      @Override
      public void write(char[] buf, int off, int len) {}

      @Override
      public void flush() {
        flushes[0]++;
      }

      @Override
      public void close() {}
    };
    AuditLog audit = AuditLog.toWriter(counting);

    audit.close();
    audit.close();

    assertThat(flushes[0]).isEqualTo(1);
  }

  @Test
  void close_releasesTheFileTheLogOpened() throws IOException {
    Path fds = Path.of("/proc/self/fd");
    assumeThat(Files.isDirectory(fds)).as("needs /proc/self/fd").isTrue();
    Path file = dir.resolve("audit.jsonl");
    AuditLog audit = AuditLog.toFile(file);
    assertThat(openDescriptorsOf(file, fds)).isEqualTo(1);

    audit.close();

    assertThat(openDescriptorsOf(file, fds)).isZero();
  }

  @Test
  void aClosedLog_ignoresLaterFailuresWithoutReadingTheClock() throws IOException {
    StringWriter out = new StringWriter();
    Clock failsWhenRead = TestClock.of(() -> {
      throw new IllegalStateException("clock read after close");
    });
    AuditLog audit = AuditLog.builder().writer(out).clock(failsWhenRead).build();
    VersionManifest m = manifest(BedrockTarget.builder("amazon.titan-text-express-v1").build(), true);
    audit.close();

    audit.newCall(call(m, "call-1")).onFailure(BackendException.builder("down").build());

    assertThat(audit.failedLines()).isZero();
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void aLogClosedWhileALineIsBeingMade_dropsThatLine() throws IOException {
    StringWriter out = new StringWriter();
    AuditLog[] log = new AuditLog[1];
    Clock closesTheLog = TestClock.of(() -> {
      try {
        log[0].close();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      return T0;
    });
    log[0] = AuditLog.builder().writer(out).clock(closesTheLog).build();
    VersionManifest m = manifest(BedrockTarget.builder("amazon.titan-text-express-v1").build(), true);

    log[0].newCall(call(m, "call-1")).onFailure(BackendException.builder("down").build());

    assertThat(out.toString()).isEmpty();
    assertThat(log[0].failedLines()).isZero();
  }

  @Test
  void escapeLoneSurrogates_atTheVeryEndOfTheText() {
    assertThat(AuditLog.escapeLoneSurrogates("x\ud800")).isEqualTo("x\\ud800");
    assertThat(AuditLog.escapeLoneSurrogates("\ud83d")).isEqualTo("\\ud83d");
    assertThat(AuditLog.escapeLoneSurrogates("x\udc00")).isEqualTo("x\\udc00");
    assertThat(AuditLog.escapeLoneSurrogates("x\ud83d\ude00")).isEqualTo("x\ud83d\ude00");
  }

  @Test
  void servedAt_skipsSuccessLinesWithoutAManifestNameOrInvocationId() throws IOException {
    Path log = dir.resolve("audit.jsonl");
    Files.writeString(log, String.join("\n",
        "{\"time\":\"2026-11-20T10:00:00Z\",\"outcome\":\"success\",\"invocationId\":\"i-1\","
            + "\"manifestVersion\":\"6.6.6\",\"digest\":\"" + DIGEST + "\"}",
        "   ",
        "{\"time\":\"2026-11-20T10:00:02Z\",\"outcome\":\"success\",\"manifestName\":\"support-answer\","
            + "\"manifestVersion\":\"9.9.9\",\"digest\":\"" + DIGEST + "\"}",
        "{\"time\":\"2026-11-20T10:00:01Z\",\"outcome\":\"success\",\"invocationId\":\"i-2\","
            + "\"manifestName\":\"support-answer\",\"manifestVersion\":\"1.0.0\",\"digest\":\"" + DIGEST + "\"}",
        ""));

    assertThat(AuditLog.servedAt(log, T0.plusSeconds(60)))
        .extracting(ServedVersion::manifestName, ServedVersion::manifestVersion, ServedVersion::invocationId)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("support-answer", "1.0.0", "i-2"));
  }

  @Test
  void servedAt_takesTheLaterOfTwoCallsWrittenOutOfOrder() throws IOException {
    Path log = dir.resolve("audit.jsonl");
    Files.writeString(log, successJson("b", "2.0.0", T0.plusSeconds(5)) + "\n"
        + successJson("a", "1.0.0", T0.plusSeconds(1)) + "\n"
        + successJson("b", "1.0.0", T0.plusSeconds(2)) + "\n"
        + successJson("a", "1.1.0", T0.plusSeconds(1)) + "\n",
        StandardOpenOption.CREATE_NEW);

    assertThat(AuditLog.servedAt(log, T0.plusSeconds(60)))
        .extracting(ServedVersion::manifestName, ServedVersion::manifestVersion)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("a", "1.1.0"),
            org.assertj.core.groups.Tuple.tuple("b", "2.0.0"));
  }

  @Test
  void toString_namesTheTargetAndWhetherPromptTextIsWritten() {
    assertThat(AuditLog.toWriter(new StringWriter())).hasToString("AuditLog{writer java.io.StringWriter}");
    assertThat(AuditLog.builder().writer(new StringWriter()).includePromptText(true).build())
        .hasToString("AuditLog{writer java.io.StringWriter, with prompt text}");
  }

  @Test
  void successLine_withPromptCacheUsage_recordsTheCacheReadAndWriteTokens() throws IOException {
    VersionStamp stamp = VersionStamp.builder().manifest("support-answer", "1.2.0", DIGEST).provider("bedrock")
        .modelId("anthropic.claude-3-haiku-20240307-v1:0").prompt(TEMPLATE_SHA, SYSTEM_SHA)
        .inferenceDigest(INFERENCE_DIGEST).source(new SourceRef("s3://bucket/support-answer.json", "v-17", null))
        .servedFrom(ServedFrom.SOURCE).approval(ApprovalStatus.APPROVED).invocationId("inv-c").time(T0).build();
    VersionManifest m = manifest(BedrockTarget.builder("amazon.titan-text-express-v1").build(), true);
    InvocationResponse response = InvocationResponse.builder().text("ok").usage(TokenUsage.of(120, 4).withCache(80, 30))
        .latency(Duration.ofMillis(5)).stamp(stamp).build();
    StringWriter out = new StringWriter();
    try (AuditLog audit = AuditLog.toWriter(out)) {
      audit.newCall(call(m, "inv-c")).onSuccess(response);
    }
    JsonNode line = JSON.readTree(out.toString());

    assertThat(line.get("cacheReadInputTokens").asLong()).isEqualTo(80);
    assertThat(line.get("cacheWriteInputTokens").asLong()).isEqualTo(30);
    assertThat(line.get("inputTokens").asLong()).isEqualTo(120);
  }

  private static JsonNode successLine(VersionStamp stamp) throws IOException {
    VersionManifest m = manifest(BedrockTarget.builder("amazon.titan-text-express-v1").build(), true);
    InvocationResponse response = InvocationResponse.builder().text("On its way.").stopReason("end_turn")
        .usage(TokenUsage.of(12, 3)).latency(Duration.ofNanos(250_500_000)).stamp(stamp).build();
    StringWriter out = new StringWriter();
    try (AuditLog audit = AuditLog.toWriter(out)) {
      audit.newCall(call(m, stamp.invocationId())).onSuccess(response);
    }
    assertThat(out.toString()).endsWith("}\n");
    return JSON.readTree(out.toString());
  }

  private static JsonNode failureLine(VersionManifest m, MvcException error) throws IOException {
    StringWriter out = new StringWriter();
    ResolvedCall call = call(m, "call-1");
    try (AuditLog audit = AuditLog.builder().writer(out).clock(fixed(T0)).build()) {
      audit.newCall(call).onFailure(error);
      assertThat(audit.failedLines()).isZero();
    }
    assertThat(out.toString()).endsWith("}\n");
    return JSON.readTree(out.toString());
  }

  private static String successJson(String name, String version, Instant time) {
    return "{\"time\":\"" + time + "\",\"outcome\":\"success\",\"invocationId\":\"" + name + version
        + "\",\"manifestName\":\"" + name + "\",\"manifestVersion\":\"" + version + "\",\"digest\":\"" + DIGEST + "\"}";
  }

  private static List<String> fields(JsonNode line) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = line.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  private static long openDescriptorsOf(Path file, Path fds) throws IOException {
    Path real = file.toRealPath();
    try (Stream<Path> open = Files.list(fds)) {
      return open.filter(fd -> {
        try {
          return Files.readSymbolicLink(fd).equals(real);
        } catch (IOException | UnsupportedOperationException e) {
          return false;
        }
      }).count();
    }
  }

  private static ResolvedCall call(VersionManifest m, String invocationId) {
    return ResolvedCall.builder().invocationId(invocationId).manifest(m).messages(List.of(Message.user("hi")))
        .parameters(m.inference()).build();
  }

  private static VersionManifest manifest(ModelTarget target, boolean withSystem) {
    PromptSpec.Builder prompt = PromptSpec.builder(PromptText.inline("Answer: {{question}}")).variables("question");
    if (withSystem) {
      prompt.system(PromptText.inline("You are concise."));
    }
    return VersionManifest.builder()
        .name("support-answer")
        .version("1.0.0")
        .createdAt(Instant.parse("2026-01-01T00:00:00Z"))
        .model(target)
        .prompt(prompt.build())
        .inference(InferenceParameters.builder().temperature(0.2).maxTokens(256).build())
        .build();
  }

  private static Clock fixed(Instant instant) {
    return Clock.fixed(instant, ZoneOffset.UTC);
  }
}
