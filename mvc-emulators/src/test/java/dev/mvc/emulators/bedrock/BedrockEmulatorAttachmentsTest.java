package dev.mvc.emulators.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.DocumentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.DocumentSource;
import software.amazon.awssdk.services.bedrockruntime.model.ImageBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ImageSource;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelRequest;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/**
 * The emulator takes documents and images in Converse and InvokeModel requests as the Bedrock
 * Runtime service model allows them, refuses what Bedrock refuses, and reports the SHA-256 of the
 * bytes each request carried: through the real SDK.
 */
class BedrockEmulatorAttachmentsTest {
  private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0, 1};
  private static final byte[] PDF = "%PDF-1.7".getBytes(StandardCharsets.US_ASCII);

  private static BedrockEmulator bedrock;
  private static BedrockRuntimeClient client;

  @BeforeAll
  static void start() {
    bedrock = BedrockEmulator.create().start();
    client = SdkClients.runtime(bedrock.endpoint(), false);
  }

  @AfterAll
  static void stop() {
    client.close();
    bedrock.close();
  }

  @BeforeEach
  void reset() {
    bedrock.reset();
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static ContentBlock image(String format, byte[] bytes) {
    return ContentBlock.fromImage(ImageBlock.builder().format(format).source(ImageSource.fromBytes(SdkBytes.fromByteArray(bytes))).build());
  }

  private static ContentBlock document(String name, byte[] bytes) {
    return ContentBlock.fromDocument(DocumentBlock.builder().format("pdf").name(name)
        .source(DocumentSource.fromBytes(SdkBytes.fromByteArray(bytes))).build());
  }

  private static void converse(ConversationRole role, List<ContentBlock> content) {
    client.converse(ConverseRequest.builder().modelId(HAIKU)
        .messages(Message.builder().role(role).content(content).build()).build());
  }

  @Test
  void converse_withAnImageAndADocument_isAnswered_andTheJournalHasTheirSha256s() throws Exception {
    bedrock.enqueue(BedrockReply.text("A parcel label."));
    converse(ConversationRole.USER, List.of(document("Label scan", PDF), image("png", PNG), ContentBlock.fromText("What is it?")));

    assertThat(bedrock.lastRequest().attachmentSha256s()).containsExactly(sha256(PDF), sha256(PNG));
  }

  @Test
  void converse_refusesWhatBedrockRefuses() {
    bedrock.respondWith(BedrockReply.text("unused"));
    List<ContentBlock> twentyOne = new ArrayList<>();
    for (int i = 0; i < 21; i++) {
      twentyOne.add(image("png", PNG));
    }
    twentyOne.add(ContentBlock.fromText("x"));
    List<ContentBlock> six = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      six.add(document("doc " + i, PDF));
    }
    six.add(ContentBlock.fromText("x"));

    assertRefused(() -> converse(ConversationRole.USER, twentyOne), "up to 20 images");
    assertRefused(() -> converse(ConversationRole.USER, six), "up to 5 documents");
    assertRefused(() -> converse(ConversationRole.USER, List.of(document("a.pdf", PDF), ContentBlock.fromText("x"))),
        "document file name can only contain");
    assertRefused(() -> converse(ConversationRole.USER, List.of(document("a", PDF), document("a", PDF), ContentBlock.fromText("x"))),
        "duplicate document names");
    assertRefused(() -> converse(ConversationRole.USER, List.of(document("a", PDF))), "must also contain a text block");
    assertRefused(() -> converse(ConversationRole.ASSISTANT, List.of(image("png", PNG))), "only be included in user messages");
    assertRefused(() -> converse(ConversationRole.USER, List.of(image("bmp", PNG), ContentBlock.fromText("x"))),
        "enum value set: [png, jpeg, gif, webp]");
    assertRefused(() -> converse(ConversationRole.USER, List.of(image("png", new byte[3_932_161]), ContentBlock.fromText("x"))),
        "the limit is 3.75 MB");
  }

  @Test
  void invokeModel_takesAnthropicImageAndDocumentBlocks_andRefusesOtherMediaTypes() throws Exception {
    bedrock.respondWith(BedrockReply.text("ok"));
    String data = java.util.Base64.getEncoder().encodeToString(PNG);
    String good = "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":["
        + "{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"" + data + "\"}},"
        + "{\"type\":\"document\",\"source\":{\"type\":\"text\",\"media_type\":\"text/plain\",\"data\":\"notes\"},\"title\":\"n\"},"
        + "{\"type\":\"text\",\"text\":\"Hi\"}]}]}";
    client.invokeModel(InvokeModelRequest.builder().modelId(HAIKU).body(SdkBytes.fromUtf8String(good)).build());
    assertThat(bedrock.lastRequest().attachmentSha256s())
        .containsExactly(sha256(PNG), sha256("notes".getBytes(StandardCharsets.UTF_8)));

    String bmp = good.replace("image/png", "image/bmp");
    assertRefused(() -> client.invokeModel(InvokeModelRequest.builder().modelId(HAIKU).body(SdkBytes.fromUtf8String(bmp)).build()),
        "an image source must be base64 data");
  }

  private static void assertRefused(Runnable call, String message) {
    assertThatThrownBy(call::run).isInstanceOf(ValidationException.class).hasMessageContaining(message);
  }
}
