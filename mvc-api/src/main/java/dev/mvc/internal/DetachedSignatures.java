package dev.mvc.internal;

import dev.mvc.ManifestSignatures;
import dev.mvc.SourceRef;
import dev.mvc.spi.FetchedManifest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Reads the detached signature stored beside a file or class-path manifest ({@code <name>.sig}).
 * A signature that exists but cannot be read is attached as a
 * {@linkplain FetchedManifest#signatureProblem() problem}, never thrown: the manifest itself was
 * read, and only a signature requirement makes the problem a load failure.
 */
final class DetachedSignatures {
  private DetachedSignatures() {}

  /** Returns {@code bytes} fetched with the signature file {@code sig}, if there is one. */
  static FetchedManifest fromFile(byte[] bytes, SourceRef ref, Path sig) {
    byte[] raw;
    try {
      raw = BoundedReads.readFileIfPresent(sig, ManifestSignatures.MAX_SIGNATURE_BYTES, "signature file");
    } catch (IOException e) {
      return FetchedManifest.withUnreadableSignature(bytes, ref, describe(e, "signature file " + sig));
    }
    return attach(bytes, ref, raw, "signature file " + sig);
  }

  /** Returns {@code bytes} fetched with the signature read from {@code in} (null when there is none). */
  static FetchedManifest fromStream(byte[] bytes, SourceRef ref, @Nullable InputStream in, String what) {
    if (in == null) {
      return FetchedManifest.of(bytes, ref, null);
    }
    byte[] raw;
    try (InputStream sig = in) {
      raw = BoundedReads.read(sig, ManifestSignatures.MAX_SIGNATURE_BYTES, what);
    } catch (IOException e) {
      return FetchedManifest.withUnreadableSignature(bytes, ref, describe(e, what));
    }
    return attach(bytes, ref, raw, what);
  }

  private static FetchedManifest attach(byte[] bytes, SourceRef ref, byte @Nullable [] raw, String what) {
    if (raw == null) {
      return FetchedManifest.of(bytes, ref, null);
    }
    try {
      String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
      return FetchedManifest.of(bytes, ref, text.strip());
    } catch (CharacterCodingException e) {
      return FetchedManifest.withUnreadableSignature(bytes, ref, what + " is not UTF-8 text");
    }
  }

  private static String describe(IOException e, String what) {
    if (e instanceof BoundedReads.TooLargeException || e instanceof BoundedReads.NotARegularFileException) {
      return e.getMessage();
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return what + " cannot be read: permission denied";
    }
    return what + " cannot be read: " + e.getMessage();
  }
}
