package dev.mvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvc.internal.ResponseCacheKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Documents and images a caller sends with one call: Bedrock's limits are checked when they are
 * added, with messages naming the field and the value; the bytes are copied; their SHA-256 (never
 * the bytes) goes into the stamp's header form and the response-cache key.
 */
class AttachmentsTest {
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
  private static final String DIGEST = "sha256:" + "a".repeat(64);
  private static final String INFERENCE = "sha256:" + "b".repeat(64);

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  void attachments_keepTheCallersOrder_copyTheBytes_andHashThem() throws Exception {
    byte[] pdf = "%PDF-1.7 invoice".getBytes(StandardCharsets.US_ASCII);
    byte[] png = PNG.clone();
    InvocationRequest r = InvocationRequest.builder()
        .document("Invoice 2026-11 (final) [copy]", DocumentFormat.PDF, pdf)
        .image(ImageFormat.PNG, png)
        .build();
    png[0] = 0;
    pdf[0] = 0;

    assertThat(r.attachments()).extracting(Attachment::kind)
        .containsExactly(Attachment.Kind.DOCUMENT, Attachment.Kind.IMAGE);
    Attachment doc = r.attachments().get(0);
    Attachment image = r.attachments().get(1);
    assertThat(doc.name()).isEqualTo("Invoice 2026-11 (final) [copy]");
    assertThat(doc.format()).isEqualTo("pdf");
    assertThat(doc.mediaType()).isEqualTo("application/pdf");
    assertThat(doc.sha256()).isEqualTo(sha256("%PDF-1.7 invoice".getBytes(StandardCharsets.US_ASCII)));
    assertThat(image.bytes()).isEqualTo(PNG);
    assertThat(image.format()).isEqualTo("png");
    assertThat(image.mediaType()).isEqualTo("image/png");
    assertThat(image.sha256()).isEqualTo(sha256(PNG));
    image.bytes()[0] = 0;
    assertThat(image.bytes()).isEqualTo(PNG);
    assertThat(r.toString()).contains("attachments=2").doesNotContain("PNG");
    assertThat(r.toBuilder().build()).isEqualTo(r);
    assertThat(image.toString()).contains(image.sha256()).contains("bytes=7");
  }

  @Test
  void documentNames_outsideBedrocksCharactersOrLength_areRefusedNamingTheValue() {
    for (String bad : List.of("", "report.pdf", "a_b", "two  spaces", "tab\there", "caf\u00e9", "x".repeat(201))) {
      assertThatThrownBy(() -> InvocationRequest.builder().document(bad, DocumentFormat.TXT, PNG))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("document.name must be 1 to 200 characters");
    }
    assertThatThrownBy(() -> InvocationRequest.builder().document("report.pdf", DocumentFormat.PDF, PNG))
        .hasMessageContaining("was 'report.pdf'");
    assertThat(InvocationRequest.builder().document("x".repeat(200), DocumentFormat.TXT, PNG).build().attachments())
        .hasSize(1);
  }

  @Test
  void emptyOrOversizedBytes_areRefusedNamingTheSize() {
    assertThatThrownBy(() -> InvocationRequest.builder().image(ImageFormat.PNG, new byte[0]))
        .hasMessage("image bytes must not be empty");
    assertThatThrownBy(() -> InvocationRequest.builder().document("notes", DocumentFormat.MD, new byte[0]))
        .hasMessage("document notes bytes must not be empty");
    assertThatThrownBy(() -> InvocationRequest.builder().image(ImageFormat.JPEG, new byte[Attachment.MAX_IMAGE_BYTES + 1]))
        .hasMessage("image bytes must be at most 3932160 (3.75 MB, Bedrock's limit), was 3932161");
    assertThatThrownBy(() -> InvocationRequest.builder()
        .document("big", DocumentFormat.PDF, new byte[Attachment.MAX_DOCUMENT_BYTES + 1]))
        .hasMessage("document big bytes must be at most 4718592 (4.5 MB, Bedrock's limit), was 4718593");
    assertThat(Attachment.image(ImageFormat.GIF, new byte[Attachment.MAX_IMAGE_BYTES]).size())
        .isEqualTo(Attachment.MAX_IMAGE_BYTES);
    assertThat(Attachment.document("big", DocumentFormat.PDF, new byte[Attachment.MAX_DOCUMENT_BYTES]).size())
        .isEqualTo(Attachment.MAX_DOCUMENT_BYTES);
  }

  @Test
  void moreThanFiveDocuments_twentyImages_orADocumentNameTwice_areRefused() {
    InvocationRequest.Builder b = InvocationRequest.builder();
    for (int i = 1; i <= 5; i++) {
      b.document("doc " + i, DocumentFormat.CSV, PNG);
    }
    assertThatThrownBy(() -> b.document("doc 6", DocumentFormat.CSV, PNG))
        .hasMessage("documents must be at most 5 per call, as Bedrock accepts; document 'doc 6' would be number 6");
    for (int i = 1; i <= 20; i++) {
      b.image(ImageFormat.WEBP, PNG);
    }
    assertThatThrownBy(() -> b.image(ImageFormat.WEBP, PNG))
        .hasMessage("images must be at most 20 per call, as Bedrock accepts; this image would be number 21");
    assertThat(b.build().attachments()).hasSize(25);

    assertThatThrownBy(() -> InvocationRequest.builder().document("notes", DocumentFormat.TXT, PNG)
        .document("notes", DocumentFormat.MD, new byte[] {1}))
        .hasMessage("document.name 'notes' is used twice in one call; Bedrock refuses duplicate document names");
  }

  private static VersionStamp stamp() {
    return VersionStamp.builder().manifest("docs", "1.0.0", DIGEST).provider("bedrock")
        .prompt("c".repeat(64), null).inferenceDigest(INFERENCE)
        .source(new SourceRef("file:///docs.json", null, null)).servedFrom(ServedFrom.SOURCE)
        .approval(ApprovalStatus.UNKNOWN).invocationId("inv-1").time(Instant.parse("2026-01-01T00:00:00Z")).build();
  }

  @Test
  void theAttachmentHashesOfAStamp_surviveItsHeaderForm_asAListInOrder() {
    String a = "1".repeat(64);
    String b = "f".repeat(64);
    VersionStamp s = stamp().withAttachments(List.of(a, b)).withToolRounds(2).asCached("inv-2", Instant.EPOCH);

    assertThat(s.toHeaderValue()).contains(";att=" + a + "," + b);
    VersionStamp parsed = VersionStamp.parse(s.toHeaderValue());
    assertThat(parsed.attachmentSha256s()).containsExactly(a, b);
    assertThat(parsed.toolRounds()).isEqualTo(2);
    assertThat(parsed).isEqualTo(s);
    assertThat(stamp().toHeaderValue()).doesNotContain("att=");
    assertThat(VersionStamp.parse(stamp().toHeaderValue()).attachmentSha256s()).isEmpty();
    assertThat(s.toBuilder().build().attachmentSha256s()).containsExactly(a, b);
  }

  @Test
  void aMalformedAttachmentField_isRefusedByTheParser_andByTheStamp() {
    String header = stamp().toHeaderValue();
    for (String bad : List.of("", "abc", "A".repeat(64), "1".repeat(64) + ",", "1".repeat(64) + ",,2")) {
      assertThatThrownBy(() -> VersionStamp.parse(header + ";att=" + bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("version stamp field att must be lowercase hex SHA-256 values");
    }
    assertThatThrownBy(() -> stamp().withAttachments(List.of("xyz")))
        .hasMessageContaining("attachmentSha256s must hold lowercase hex SHA-256 values, was xyz");
  }

  @Test
  void twoCallsThatDifferOnlyInAnImage_neverShareACacheKey() {
    List<Message> messages = List.of(Message.user("Describe the picture."));
    String none = ResponseCacheKey.of(DIGEST, INFERENCE, null, messages);
    String first = ResponseCacheKey.of(DIGEST, INFERENCE, null, messages, List.of(Attachment.image(ImageFormat.PNG, PNG)));
    String second = ResponseCacheKey.of(DIGEST, INFERENCE, null, messages,
        List.of(Attachment.image(ImageFormat.PNG, new byte[] {9, 9})));
    String asJpeg = ResponseCacheKey.of(DIGEST, INFERENCE, null, messages, List.of(Attachment.image(ImageFormat.JPEG, PNG)));
    String asDocument = ResponseCacheKey.of(DIGEST, INFERENCE, null, messages,
        List.of(Attachment.document("picture", DocumentFormat.TXT, PNG)));

    assertThat(List.of(none, first, second, asJpeg, asDocument)).doesNotHaveDuplicates();
    assertThat(ResponseCacheKey.of(DIGEST, INFERENCE, null, messages, List.of())).isEqualTo(none);
    assertThat(ResponseCacheKey.of(DIGEST, INFERENCE, null, messages, List.of(Attachment.image(ImageFormat.PNG, PNG.clone()))))
        .isEqualTo(first);
  }
}
