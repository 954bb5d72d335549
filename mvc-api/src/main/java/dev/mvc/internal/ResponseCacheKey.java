package dev.mvc.internal;

import dev.mvc.Attachment;
import dev.mvc.Message;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The key of a cached response: SHA-256 over a length-prefixed encoding of everything in a
 * resolved call that changes the answer, so two different calls never share a key whatever their
 * text holds.
 *
 * <p>The encoding is a version tag, then the manifest digest, the digest of the effective
 * inference parameters, whether there is a system text and that text, the number of messages,
 * and each message's role and text; then, only when the call sends documents or images, their
 * number and each one's kind, format, name (empty for an image) and SHA-256, so two calls that
 * differ only in an image never share a key. Every string is written as its length in UTF-16 code units
 * followed by those code units (big-endian), so a separator inside a text is only text, and a
 * lone surrogate stays distinct from the {@code ?} a UTF-8 encoder would put in its place.
 */
public final class ResponseCacheKey {
  private static final String VERSION = "mvc-response-cache-key/1";

  private ResponseCacheKey() {}

  /**
   * Returns the key (lowercase hex SHA-256) of a call to the manifest with {@code manifestDigest},
   * sent with the parameters whose digest is {@code inferenceDigest}, the system text
   * {@code systemText} (null when there is none) and {@code messages}.
   */
  public static String of(String manifestDigest, String inferenceDigest, @Nullable String systemText,
      List<Message> messages) {
    return of(manifestDigest, inferenceDigest, systemText, messages, List.of());
  }

  /**
   * Returns the key of a call as {@link #of(String, String, String, List)} does, also covering the
   * documents and images {@code attachments} the call sends.
   */
  public static String of(String manifestDigest, String inferenceDigest, @Nullable String systemText,
      List<Message> messages, List<Attachment> attachments) {
    MessageDigest sha = Hashing.sha256();
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
        new DigestOutputStream(OutputStream.nullOutputStream(), sha), 8192))) {
      string(out, VERSION);
      string(out, manifestDigest);
      string(out, inferenceDigest);
      out.writeBoolean(systemText != null);
      if (systemText != null) {
        string(out, systemText);
      }
      out.writeInt(messages.size());
      for (Message message : messages) {
        string(out, message.role().name());
        string(out, message.text());
      }
      if (!attachments.isEmpty()) {
        // Written only when present, so keys of calls without attachments stay as they were; the
        // encoding before this point is length-prefixed, so the two forms cannot be confused.
        out.writeInt(attachments.size());
        for (Attachment a : attachments) {
          string(out, a.kind().wireName());
          string(out, a.format());
          string(out, a.name() == null ? "" : a.name());
          string(out, a.sha256());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("hashing in memory cannot fail", e);
    }
    return Hashing.hex(sha.digest());
  }

  private static void string(DataOutputStream out, String s) throws IOException {
    out.writeInt(s.length());
    out.writeChars(s);
  }
}
