package dev.mvc.s3.internal;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.s3.S3Client;

/** The client that sources created from a URI use; see {@code S3ManifestSource.setDefaultClient}. */
public final class DefaultS3Client {
  private static final Object LOCK = new Object();
  private static @Nullable S3Client configured;
  private static @Nullable S3Client created;

  private DefaultS3Client() {}

  /** Sets the client, or {@code null} for {@code S3Client.create()} on first use. */
  public static void set(@Nullable S3Client client) {
    synchronized (LOCK) {
      configured = client;
    }
  }

  /** Returns the configured client, creating the SDK default on first use. */
  public static S3Client get() {
    synchronized (LOCK) {
      if (configured != null) {
        return configured;
      }
      if (created == null) {
        created = S3Client.create();
      }
      return created;
    }
  }
}
