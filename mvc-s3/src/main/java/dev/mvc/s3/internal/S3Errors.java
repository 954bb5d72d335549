package dev.mvc.s3.internal;

import dev.mvc.ManifestSourceException;
import dev.mvc.s3.S3Location;
import dev.mvc.s3.S3StoreException;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The one place where S3 and SDK exceptions become mvc exceptions. The SDK exception is kept
 * as the cause; the message names the operation, the location and what S3 answered.
 */
public final class S3Errors {
  private S3Errors() {}

  /** Translates a failed S3 call on {@code location}. */
  public static ManifestSourceException translate(String operation, S3Location location, SdkException e) {
    return translate(operation, location.toString(), e);
  }

  /** Translates a failed S3 call on a bucket or prefix described by {@code where}. */
  public static ManifestSourceException translate(String operation, String where, SdkException e) {
    if (e instanceof S3Exception) {
      S3Exception s3 = (S3Exception) e;
      String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
      boolean notFound =
          s3 instanceof NoSuchKeyException
              || s3 instanceof NoSuchBucketException
              || "NoSuchVersion".equals(code)
              || (s3.statusCode() == 404)
              // S3 answers a malformed versionId with 400 InvalidArgument: no such version.
              || ("InvalidArgument".equals(code) && where.contains("versionId="));
      String message =
          operation + " " + where + " failed: S3 answered " + s3.statusCode()
              + (code == null ? "" : " " + code)
              + (s3.requestId() == null ? "" : " (request id " + s3.requestId() + ")");
      return new ManifestSourceException(message, notFound, e);
    }
    if (e instanceof SdkClientException) {
      return new ManifestSourceException(
          operation + " " + where + " failed: S3 unreachable: " + e.getMessage(), false, e);
    }
    return new ManifestSourceException(operation + " " + where + " failed: " + e.getMessage(), false, e);
  }

  /** Translates a failed write (or a read made on behalf of a write) on {@code location}. */
  public static S3StoreException translateWrite(String operation, S3Location location, SdkException e) {
    return translateWrite(operation, location.bucket(), location.toString(), e);
  }

  /** Translates a failed write on a bucket or prefix described by {@code where}. */
  public static S3StoreException translateWrite(String operation, String bucket, String where, SdkException e) {
    ManifestSourceException read = translate(operation, where, e);
    return new S3StoreException(bucket, read.getMessage(), e);
  }

  /** Returns whether the SDK rejected a response body because its checksum did not match. */
  public static boolean isChecksumMismatch(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage();
      if (m != null && m.toLowerCase(java.util.Locale.ROOT).contains("checksum")
          && !(t instanceof S3Exception)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns {@code accountId} if it is null or a 12-digit account id.
   *
   * @throws IllegalArgumentException otherwise, naming the value
   */
  public static @Nullable String checkAccountId(@Nullable String accountId) {
    if (accountId != null && !accountId.matches("[0-9]{12}")) {
      throw new IllegalArgumentException("expectedBucketOwner must be a 12-digit account id, was " + accountId);
    }
    return accountId;
  }

  /** Returns whether {@code e} is S3's 304 Not Modified answer to a conditional GET. */
  public static boolean isNotModified(SdkException e) {
    return e instanceof S3Exception && ((S3Exception) e).statusCode() == 304;
  }
}
