package dev.mvc.s3.internal;

import dev.mvc.s3.S3StoreException;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningResponse;

/** Checks on buckets that mvc writes to. */
public final class Buckets {
  private Buckets() {}

  /**
   * Throws unless {@code bucket} has object versioning enabled.
   *
   * @throws S3StoreException naming the bucket, its status and how to enable versioning
   */
  public static void requireVersioning(S3Client s3, String bucket, @Nullable String expectedBucketOwner) {
    GetBucketVersioningResponse response;
    try {
      response = s3.getBucketVersioning(b -> b.bucket(bucket).expectedBucketOwner(expectedBucketOwner));
    } catch (SdkException e) {
      throw S3Errors.translateWrite("GetBucketVersioning", bucket, "s3://" + bucket, e);
    }
    if (response.status() != BucketVersioningStatus.ENABLED) {
      String status = response.status() == null ? "never enabled" : response.statusAsString();
      throw new S3StoreException(bucket,
          "bucket " + bucket + " does not have object versioning enabled (" + status + "); mvc keeps "
              + "every manifest version and needs it: aws s3api put-bucket-versioning --bucket " + bucket
              + " --versioning-configuration Status=Enabled", null);
    }
  }
}
