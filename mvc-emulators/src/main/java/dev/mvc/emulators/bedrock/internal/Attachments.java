package dev.mvc.emulators.bedrock.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The documents and images of a runtime request, as the Bedrock Runtime service model
 * ({@code bedrock-runtime} 2023-09-30) and the Anthropic Messages format allow them: the checks
 * Bedrock makes before a model sees them, and the SHA-256 of the bytes each one carries.
 *
 * <p>Converse ({@code ImageBlock}, {@code DocumentBlock}): an image format of png, jpeg, gif or
 * webp and a source of exactly one of {@code bytes} (at least 1 byte, at most 3.75 MB) or
 * {@code s3Location}; a document name of 1 to 200 characters of letters, digits, hyphens,
 * parentheses, square brackets and single spaces, unique in the request, an optional format of pdf,
 * csv, doc, docx, xls, xlsx, html, txt or md, and a source of exactly one of {@code bytes} (at most
 * 4.5 MB), {@code s3Location}, {@code text} or {@code content}; at most 20 images and 5 documents, in
 * user turns only, and a turn with a document also has text. InvokeModel with an Anthropic body:
 * {@code image} blocks with a base64 source of a supported image type, {@code document} blocks with
 * a base64 PDF or a plain-text source.
 */
public final class Attachments {
  /** The most bytes of an image (3.75 MB). */
  public static final int MAX_IMAGE_BYTES = 3_932_160;
  /** The most bytes of a document (4.5 MB). */
  public static final int MAX_DOCUMENT_BYTES = 4_718_592;
  private static final Set<String> IMAGE_FORMATS = Set.of("png", "jpeg", "gif", "webp");
  private static final Set<String> DOCUMENT_FORMATS = Set.of("pdf", "csv", "doc", "docx", "xls", "xlsx", "html", "txt", "md");
  private static final Set<String> IMAGE_MEDIA_TYPES = Set.of("image/png", "image/jpeg", "image/gif", "image/webp");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9()\\[\\] -]{1,200}");
  private static final ObjectMapper JSON = new ObjectMapper();

  private Attachments() {}

  /** Returns why the documents and images of a Converse body are not acceptable, or null if they are. */
  public static @Nullable String converseProblem(JsonNode root) {
    int images = 0;
    int documents = 0;
    Set<String> names = new HashSet<>();
    JsonNode messages = root.path("messages");
    for (int m = 0; m < messages.size(); m++) {
      JsonNode message = messages.get(m);
      boolean user = "user".equals(message.path("role").asText());
      boolean hasText = false;
      boolean hasDocument = false;
      JsonNode content = message.path("content");
      for (int c = 0; c < content.size(); c++) {
        JsonNode block = content.get(c);
        String at = "messages." + (m + 1) + ".member.content." + (c + 1) + ".member";
        hasText |= block.has("text");
        if (block.has("image")) {
          images++;
          String problem = image(at + ".image", block.get("image"), user);
          if (problem != null) {
            return problem;
          }
        }
        if (block.has("document")) {
          documents++;
          hasDocument = true;
          String problem = document(at + ".document", block.get("document"), user, names);
          if (problem != null) {
            return problem;
          }
        }
      }
      if (hasDocument && !hasText) {
        return "A conversation turn that contains a document must also contain a text block. Add text and retry"
            + " your request.";
      }
    }
    if (images > 20) {
      return "Too many images: the request holds " + images + "; a request can include up to 20 images.";
    }
    if (documents > 5) {
      return "Too many documents: the request holds " + documents + "; a request can include up to 5 documents.";
    }
    return null;
  }

  private static @Nullable String image(String at, JsonNode image, boolean user) {
    if (!user) {
      return "Images can only be included in user messages (" + at + ").";
    }
    if (!IMAGE_FORMATS.contains(image.path("format").asText())) {
      return "1 validation error detected: Value '" + image.path("format").asText() + "' at '" + at
          + ".format' failed to satisfy constraint: Member must satisfy enum value set: [png, jpeg, gif, webp]";
    }
    return source(at, image.path("source"), Set.of("bytes", "s3Location"), MAX_IMAGE_BYTES, "3.75 MB");
  }

  private static @Nullable String document(String at, JsonNode document, boolean user, Set<String> names) {
    if (!user) {
      return "Documents can only be included in user messages (" + at + ").";
    }
    String name = document.path("name").asText(null);
    if (name == null || !NAME.matcher(name).matches() || name.contains("  ")) {
      return "The document file name can only contain alphanumeric characters, whitespace characters, hyphens,"
          + " parentheses, and square brackets. The name can't contain more than one consecutive whitespace"
          + " character (" + at + ".name).";
    }
    if (!names.add(name)) {
      return "Messages can't contain duplicate document names. Rename the document and retry your request.";
    }
    if (document.has("format") && !DOCUMENT_FORMATS.contains(document.path("format").asText())) {
      return "1 validation error detected: Value '" + document.path("format").asText() + "' at '" + at
          + ".format' failed to satisfy constraint: Member must satisfy enum value set: "
          + "[pdf, csv, doc, docx, xls, xlsx, html, txt, md]";
    }
    return source(at, document.path("source"), Set.of("bytes", "s3Location", "text", "content"), MAX_DOCUMENT_BYTES,
        "4.5 MB");
  }

  private static @Nullable String source(String at, JsonNode source, Set<String> members, int max, String limit) {
    if (!source.isObject() || source.size() != 1 || !members.contains(source.fieldNames().next())) {
      return "1 validation error detected: Value at '" + at + ".source' failed to satisfy constraint: Member must"
          + " set exactly one of " + members;
    }
    JsonNode bytes = source.get("bytes");
    if (bytes == null) {
      return null;
    }
    byte[] decoded = decode(bytes);
    if (decoded == null) {
      return "1 validation error detected: Value at '" + at + ".source.bytes' failed to satisfy constraint: Member"
          + " must be base64";
    }
    if (decoded.length == 0) {
      return "1 validation error detected: Value at '" + at + ".source.bytes' failed to satisfy constraint: Member"
          + " must have length greater than or equal to 1";
    }
    if (decoded.length > max) {
      return "The " + at + ".source.bytes holds " + decoded.length + " bytes; the limit is " + limit + ".";
    }
    return null;
  }

  /** Returns why the images and documents of an Anthropic Messages body are not acceptable, or null if they are. */
  public static @Nullable String anthropicProblem(JsonNode root) {
    JsonNode messages = root.path("messages");
    for (int m = 0; m < messages.size(); m++) {
      JsonNode content = messages.get(m).path("content");
      for (int c = 0; c < content.size(); c++) {
        JsonNode block = content.get(c);
        String at = "messages." + m + ".content." + c;
        String type = block.path("type").asText();
        JsonNode source = block.path("source");
        String sourceType = source.path("type").asText();
        String mediaType = source.path("media_type").asText();
        if ("image".equals(type)) {
          if (!"base64".equals(sourceType) || !IMAGE_MEDIA_TYPES.contains(mediaType) || decode(source.path("data")) == null) {
            return at + ".image.source: an image source must be base64 data of image/jpeg, image/png, image/gif or"
                + " image/webp";
          }
        } else if ("document".equals(type)) {
          boolean pdf = "base64".equals(sourceType) && "application/pdf".equals(mediaType)
              && decode(source.path("data")) != null;
          boolean text = "text".equals(sourceType) && "text/plain".equals(mediaType) && source.path("data").isTextual();
          if (!pdf && !text) {
            return at + ".document.source: a document source must be base64 application/pdf data or text/plain text";
          }
        }
      }
    }
    return null;
  }

  /**
   * Returns the lowercase hex SHA-256 of the bytes of each image and document in a Converse or
   * Anthropic Messages body, in the order they appear (a plain-text Anthropic document by its
   * UTF-8 bytes); empty when there are none or the body is not JSON.
   */
  public static List<String> sha256s(String body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    if (root == null) {
      return out;
    }
    for (JsonNode message : root.path("messages")) {
      for (JsonNode block : message.path("content")) {
        for (String kind : List.of("image", "document")) {
          JsonNode bytes = block.path(kind).path("source").path("bytes");
          byte[] decoded = bytes.isTextual() ? decode(bytes) : null;
          if (decoded != null) {
            out.add(sha256(decoded));
          }
        }
        String type = block.path("type").asText();
        JsonNode source = block.path("source");
        if (("image".equals(type) || "document".equals(type)) && source.path("data").isTextual()) {
          byte[] data = "text".equals(source.path("type").asText())
              ? source.path("data").asText().getBytes(StandardCharsets.UTF_8) : decode(source.path("data"));
          if (data != null) {
            out.add(sha256(data));
          }
        }
      }
    }
    return out;
  }

  private static byte @Nullable [] decode(JsonNode base64) {
    if (!base64.isTextual()) {
      return null;
    }
    try {
      return Base64.getDecoder().decode(base64.asText());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
