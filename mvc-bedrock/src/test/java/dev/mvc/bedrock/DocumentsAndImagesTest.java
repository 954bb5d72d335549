package dev.mvc.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mvc.BedrockApi;
import dev.mvc.BedrockTarget;
import dev.mvc.DocumentFormat;
import dev.mvc.ImageFormat;
import dev.mvc.InferenceParameters;
import dev.mvc.InvocationRequest;
import dev.mvc.InvocationResponse;
import dev.mvc.MvcException;
import dev.mvc.PinViolationException;
import dev.mvc.PinnedModelClient;
import dev.mvc.StreamHandler;
import dev.mvc.ToolExecutor;
import dev.mvc.VersionManifest;
import dev.mvc.VersionStamp;
import dev.mvc.audit.AuditLog;
import dev.mvc.emulators.bedrock.BedrockEmulator;
import dev.mvc.emulators.bedrock.BedrockOperation;
import dev.mvc.emulators.bedrock.BedrockReply;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;

/**
 * Documents and images a caller sends with a call go on the wire before the rendered text, for
 * Converse, ConverseStream and InvokeModel; their SHA-256 (never the bytes) reaches the stamp,
 * the audit line and the response-cache key; and the request guard catches an interceptor that
 * swaps or drops one. All through the real SDK against the Bedrock emulator.
 */
class DocumentsAndImagesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> NAME = Map.of("name", "Ada");
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 1};
  private static final byte[] OTHER_PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 2};
  private static final byte[] PDF = "%PDF-1.7 parcel label".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NOTES = "Delivered to the neighbour.".getBytes(StandardCharsets.UTF_8);
  private static BedrockEmulator bedrock;

  @BeforeAll
  static void start() {
    bedrock = BedrockEmulator.create().start();
  }

  @AfterAll
  static void stop() {
    bedrock.close();
  }

  @BeforeEach
  void reset() {
    bedrock.reset();
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static InvocationRequest request(byte[] image) {
    return InvocationRequest.builder().variables(NAME)
        .document("Parcel label", DocumentFormat.PDF, PDF)
        .image(ImageFormat.PNG, image)
        .build();
  }

  private static PinnedModelClient client(VersionManifest manifest) {
    return PinnedModelClient.builder().manifest(manifest).backend(TestSetup.backend(bedrock)).build();
  }

  @Test
  void converse_sendsTheDocumentAndImageBeforeTheRenderedText_andStampsTheirSha256() throws Exception {
    bedrock.enqueue(BedrockReply.text("A parcel label."));
    try (PinnedModelClient client = client(TestSetup.converse())) {
      InvocationResponse r = client.invoke(request(PNG));

      JsonNode content = JSON.readTree(bedrock.lastRequest().body()).path("messages").get(0).path("content");
      assertThat(content).hasSize(3);
      assertThat(content.get(0).path("document").path("name").asText()).isEqualTo("Parcel label");
      assertThat(content.get(0).path("document").path("format").asText()).isEqualTo("pdf");
      assertThat(Base64.getDecoder().decode(content.get(0).path("document").path("source").path("bytes").asText()))
          .isEqualTo(PDF);
      assertThat(content.get(1).path("image").path("format").asText()).isEqualTo("png");
      assertThat(Base64.getDecoder().decode(content.get(1).path("image").path("source").path("bytes").asText()))
          .isEqualTo(PNG);
      assertThat(content.get(2).path("text").asText()).isEqualTo("Say hello to Ada.");
      assertThat(bedrock.lastRequest().attachmentSha256s()).containsExactly(sha256(PDF), sha256(PNG));

      assertThat(r.stamp().attachmentSha256s()).containsExactly(sha256(PDF), sha256(PNG));
      assertThat(r.stamp().toHeaderValue()).contains(";att=" + sha256(PDF) + "," + sha256(PNG));
      assertThat(VersionStamp.parse(r.stamp().toHeaderValue()).attachmentSha256s())
          .containsExactly(sha256(PDF), sha256(PNG));
    }
  }

  @Test
  void converseStream_sendsTheAttachments_andStampsThem() throws Exception {
    bedrock.enqueue(BedrockReply.builder().deltas("A ", "label.").build());
    try (PinnedModelClient client = client(TestSetup.converse())) {
      InvocationResponse r = client.invokeStream(request(PNG), new StreamHandler() {
        @Override
        public void onText(String delta) {}

        @Override
        public void onComplete(InvocationResponse response) {}

        @Override
        public void onError(MvcException error) {}
      }).get(10, TimeUnit.SECONDS);

      assertThat(r.text()).isEqualTo("A label.");
      assertThat(bedrock.lastRequest().path()).endsWith("/converse-stream");
      assertThat(bedrock.lastRequest().attachmentSha256s()).containsExactly(sha256(PDF), sha256(PNG));
      assertThat(r.stamp().attachmentSha256s()).containsExactly(sha256(PDF), sha256(PNG));
    }
  }

  @Test
  void invokeModel_sendsAnthropicImageAndDocumentBlocks_beforeTheText() throws Exception {
    bedrock.enqueue(BedrockReply.text("A parcel label."));
    try (PinnedModelClient client = client(TestSetup.invokeModel())) {
      InvocationResponse r = client.invoke(InvocationRequest.builder().variables(NAME)
          .image(ImageFormat.JPEG, PNG)
          .document("Parcel label", DocumentFormat.PDF, PDF)
          .document("Courier notes", DocumentFormat.TXT, NOTES)
          .build());

      JsonNode content = JSON.readTree(bedrock.lastRequest().body()).path("messages").get(0).path("content");
      assertThat(content).hasSize(4);
      assertThat(content.get(0).toString()).isEqualTo("{\"type\":\"image\",\"source\":{\"type\":\"base64\","
          + "\"media_type\":\"image/jpeg\",\"data\":\"" + Base64.getEncoder().encodeToString(PNG) + "\"}}");
      assertThat(content.get(1).toString()).isEqualTo("{\"type\":\"document\",\"source\":{\"type\":\"base64\","
          + "\"media_type\":\"application/pdf\",\"data\":\"" + Base64.getEncoder().encodeToString(PDF) + "\"},"
          + "\"title\":\"Parcel label\"}");
      assertThat(content.get(2).toString()).isEqualTo("{\"type\":\"document\",\"source\":{\"type\":\"text\","
          + "\"media_type\":\"text/plain\",\"data\":\"Delivered to the neighbour.\"},\"title\":\"Courier notes\"}");
      assertThat(content.get(3).path("text").asText()).isEqualTo("Say hello to Ada.");
      assertThat(r.stamp().attachmentSha256s()).containsExactly(sha256(PNG), sha256(PDF), sha256(NOTES));
      assertThat(bedrock.lastRequest().attachmentSha256s()).containsExactly(sha256(PNG), sha256(PDF), sha256(NOTES));
    }
  }

  @Test
  void invokeModel_refusesADocumentFormatTheAnthropicBodyHasNoBlockFor_beforeSending() {
    try (PinnedModelClient client = client(TestSetup.invokeModel())) {
      assertThatThrownBy(() -> client.invoke(InvocationRequest.builder().variables(NAME)
          .document("Sheet", DocumentFormat.XLSX, PDF).build()))
          .isInstanceOf(MvcException.class)
          .hasMessageContaining("document 'Sheet' is xlsx, which model.bedrock.bodyFormat anthropic-messages cannot carry");
      assertThatThrownBy(() -> client.invoke(InvocationRequest.builder().variables(NAME)
          .document("Notes", DocumentFormat.TXT, new byte[] {(byte) 0xff, (byte) 0xfe}).build()))
          .isInstanceOf(MvcException.class)
          .hasMessageContaining("document 'Notes' is txt but its bytes are not UTF-8");
    }
    assertThat(bedrock.requests()).isEmpty();
  }

  @Test
  void aTargetThatCannotCarryAttachments_refusesThemBeforeSending() {
    try (PinnedModelClient client = client(TestSetup.knowledgeBase())) {
      assertThatThrownBy(() -> client.invoke(request(PNG)))
          .isInstanceOf(PinViolationException.class)
          .hasMessageContaining("documents and images cannot be sent to " + TestSetup.HAIKU)
          .hasMessageContaining("the call carries 2");
    }
    assertThat(bedrock.requests(BedrockOperation.RETRIEVE_AND_GENERATE)).isEmpty();
  }

  @Test
  void responseCache_twoCallsWithDifferentImages_neverShareAnAnswer() {
    VersionManifest deterministic = TestSetup.manifest(BedrockTarget.builder(TestSetup.HAIKU).region("us-east-1").build())
        .inference(InferenceParameters.builder().temperature(0.0).maxTokens(64).topP(0.9).build())
        .build();
    bedrock.enqueue(BedrockReply.text("First picture."), BedrockReply.text("Second picture."));
    try (PinnedModelClient client = PinnedModelClient.builder().manifest(deterministic)
        .backend(TestSetup.backend(bedrock)).responseCache(10).build()) {
      InvocationResponse first = client.invoke(request(PNG));
      InvocationResponse second = client.invoke(request(OTHER_PNG));
      InvocationResponse again = client.invoke(request(PNG.clone()));

      assertThat(first.text()).isEqualTo("First picture.");
      assertThat(second.text()).isEqualTo("Second picture.");
      assertThat(second.stamp().cached()).isFalse();
      assertThat(again.text()).isEqualTo("First picture.");
      assertThat(again.stamp().cached()).isTrue();
      assertThat(again.stamp().attachmentSha256s()).containsExactly(sha256(PDF), sha256(PNG));
      assertThat(bedrock.requests()).hasSize(2);
    }
  }

  @Test
  void auditLine_recordsKindFormatSizeAndSha256_neverTheBytes() throws Exception {
    bedrock.enqueue(BedrockReply.text("A parcel label."));
    StringWriter out = new StringWriter();
    try (AuditLog audit = AuditLog.toWriter(out);
        PinnedModelClient client = PinnedModelClient.builder().manifest(TestSetup.converse())
            .backend(TestSetup.backend(bedrock)).listener(audit).build()) {
      client.invoke(request(PNG));
    }
    JsonNode line = JSON.readTree(out.toString());
    assertThat(line.path("attachments").toString()).isEqualTo("[{\"kind\":\"document\",\"format\":\"pdf\",\"bytes\":"
        + PDF.length + ",\"sha256\":\"" + sha256(PDF) + "\"},{\"kind\":\"image\",\"format\":\"png\",\"bytes\":"
        + PNG.length + ",\"sha256\":\"" + sha256(PNG) + "\"}]");
    assertThat(VersionStamp.parse(line.path("stamp").asText()).attachmentSha256s()).containsExactly(sha256(PDF), sha256(PNG));
    assertThat(out.toString()).doesNotContain(Base64.getEncoder().encodeToString(PDF)).doesNotContain("Parcel label");
  }

  @Test
  void toolLoop_sendsTheAttachmentsInEveryRound_andTheFinalStampRecordsThem() throws Exception {
    bedrock.enqueue(
        BedrockReply.builder().text("").toolUse("tu-1", "tool_1", "{\"q\":\"label\"}").build(),
        BedrockReply.text("It is a parcel label."));
    try (PinnedModelClient client = client(ConverseToolsTest.toolManifest(3))) {
      InvocationResponse r = client.invoke(request(PNG), ToolExecutor.builder().tool("tool_1", in -> "{}").build());

      assertThat(r.text()).isEqualTo("It is a parcel label.");
      assertThat(bedrock.requests()).hasSize(2);
      for (int i = 0; i < 2; i++) {
        assertThat(bedrock.requests().get(i).attachmentSha256s()).containsExactly(sha256(PDF), sha256(PNG));
      }
      assertThat(r.stamp().toolRounds()).isEqualTo(2);
      assertThat(r.stamp().attachmentSha256s()).containsExactly(sha256(PDF), sha256(PNG));
    }
  }

  @Test
  void guard_catchesAnInterceptorThatSwapsAnImage_namingBothDigests() {
    String pinned = Base64.getEncoder().encodeToString(PNG);
    String swapped = Base64.getEncoder().encodeToString(OTHER_PNG);
    assertGuardCatches(TestSetup.converse(), bodyRewriter(body -> body.replace(pinned, swapped)),
        "messages[0].content[1].image.source.bytes is \"sha256:" + sha256(OTHER_PNG) + "\", pinned \"sha256:"
            + sha256(PNG) + "\"");
  }

  @Test
  void guard_catchesAnInterceptorThatDropsAnImageFromTheSdkRequest() {
    ExecutionInterceptor rogue = new ExecutionInterceptor() {
      @Override
      public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        if (!(context.request() instanceof ConverseRequest)) {
          return context.request();
        }
        ConverseRequest r = (ConverseRequest) context.request();
        List<ContentBlock> kept = new ArrayList<>();
        for (ContentBlock b : r.messages().get(0).content()) {
          if (b.image() == null) {
            kept.add(b);
          }
        }
        return r.toBuilder().messages(r.messages().get(0).toBuilder().content(kept).build()).build();
      }
    };
    assertGuardCatches(TestSetup.converse(), rogue, "messages[0].content.length is 2, pinned 3");
  }

  @Test
  void guard_catchesAnInterceptorThatSwapsAnImageInTheAnthropicBody() {
    String pinned = Base64.getEncoder().encodeToString(PNG);
    String swapped = Base64.getEncoder().encodeToString(OTHER_PNG);
    assertGuardCatches(TestSetup.invokeModel(), bodyRewriter(body -> body.replace(pinned, swapped)),
        "body.messages[0].content[1].source.data is \"sha256:" + sha256(OTHER_PNG) + "\", pinned \"sha256:"
            + sha256(PNG) + "\"");
  }

  @Test
  void guard_comparingTheWholeBody_letsUnchangedDocumentsAndImagesThrough() {
    // A new body object with the same bytes forces the field-by-field comparison.
    ExecutionInterceptor copier = new ExecutionInterceptor() {
      @Override
      public Optional<RequestBody> modifyHttpContent(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        return context.requestBody().map(body -> {
          try (InputStream in = body.contentStreamProvider().newStream()) {
            return RequestBody.fromBytes(in.readAllBytes());
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
      }
    };
    bedrock.respondWith(BedrockReply.text("A parcel label."));
    for (VersionManifest manifest : List.of(TestSetup.converse(), TestSetup.invokeModel())) {
      try (BedrockRuntimeClient sdk = TestSetup.userClient(bedrock).overrideConfiguration(o -> o.addExecutionInterceptor(copier)).build();
          BedrockBackend backend = BedrockBackend.builder().client(sdk).build();
          PinnedModelClient pinned = PinnedModelClient.builder().manifest(manifest).backend(backend).build()) {
        InvocationResponse r = pinned.invoke(InvocationRequest.builder().variables(NAME)
            .document("Parcel label", DocumentFormat.PDF, PDF).document("Notes", DocumentFormat.TXT, NOTES)
            .image(ImageFormat.PNG, PNG).build());
        assertThat(r.stamp().attachmentSha256s()).containsExactly(sha256(PDF), sha256(NOTES), sha256(PNG));
      }
    }
    assertThat(bedrock.requests()).hasSize(2);
  }

  private static void assertGuardCatches(VersionManifest manifest, ExecutionInterceptor rogue, String message) {
    try (BedrockRuntimeClient sdk = TestSetup.userClient(bedrock).overrideConfiguration(o -> o.addExecutionInterceptor(rogue)).build();
        BedrockBackend backend = BedrockBackend.builder().client(sdk).build();
        PinnedModelClient pinned = PinnedModelClient.builder().manifest(manifest).backend(backend).build()) {
      assertThatThrownBy(() -> pinned.invoke(request(PNG)))
          .isInstanceOf(PinViolationException.class)
          .hasMessageContaining(message);
    }
    assertThat(bedrock.requests()).isEmpty();
  }

  private static ExecutionInterceptor bodyRewriter(UnaryOperator<String> rewrite) {
    return new ExecutionInterceptor() {
      @Override
      public Optional<RequestBody> modifyHttpContent(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        return context.requestBody().map(body -> {
          try (InputStream in = body.contentStreamProvider().newStream()) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String changed = rewrite.apply(text);
            assertThat(changed).as("the rewrite changes the body").isNotEqualTo(text);
            return RequestBody.fromString(changed);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
      }
    };
  }
}
