package dev.mvc.s3.internal;

import dev.mvc.ManifestIntegrityException;
import dev.mvc.s3.S3Location;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Reads of S3 object bodies that never buffer more than a stated limit: the {@code Content-Length}
 * is checked before the body is read, and the body is read through a cap of {@code limit + 1}
 * bytes, so an object of hundreds of megabytes fails after at most one byte past the limit and
 * its connection is aborted, not drained.
 *
 * <p>The body is read inside the SDK call (a response transformer), so the client's API call and
 * attempt timeouts bound the read as well as the request. This is the S3 counterpart of
 * {@code dev.mvc.internal.BoundedReads} in mvc-api, kept here because S3 bodies come with a
 * declared length and a connection to abort, and because no module uses another's internals.
 */
public final class BoundedBodies {
  private BoundedBodies() {}

  /** An object body read whole, with the response it came with. */
  public record Body(GetObjectResponse response, byte[] bytes) {}

  /**
   * Gets the object {@code request} names, of at most {@code limit} bytes.
   *
   * @param what what the object is, for messages ({@code "manifest"}, {@code "blob"})
   * @throws ManifestIntegrityException when the object is larger than {@code limit}, naming
   *     {@code location} and the limit
   * @throws SdkException when the call fails, for the caller to translate
   */
  public static Body get(S3Client s3, GetObjectRequest request, int limit, String what, S3Location location) {
    try {
      return s3.getObject(request, (response, in) -> {
        Long length = response.contentLength();
        if (length != null && length > limit) {
          in.abort();
          throw new TooLarge(what + " " + location + " has " + length + " bytes, more than the limit of " + limit);
        }
        byte[] bytes = in.readNBytes(limit + 1);
        if (bytes.length > limit) {
          in.abort();
          throw new TooLarge(what + " " + location + " has more than the limit of " + limit + " bytes");
        }
        return new Body(response, bytes);
      });
    } catch (SdkException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof TooLarge) {
          throw new ManifestIntegrityException(t.getMessage(), e);
        }
      }
      throw e;
    } catch (TooLarge e) {
      throw new ManifestIntegrityException(e.getMessage(), e);
    }
  }

  /** Signals an oversize body from inside the SDK call, where only unchecked exceptions pass. */
  private static final class TooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooLarge(String message) {
      super(message, null, false, false);
    }
  }
}
