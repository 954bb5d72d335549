package dev.mvc.s3.internal;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.s3.S3Client;

/** The client that sources created from a URI use; see {@code S3ManifestSource.setDefaultClient}. */
public final class DefaultS3Client {
  /** The time one S3 call may take, retries and the body read included. */
  public static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(60);
  /** The time one attempt of an S3 call may take, the body read included. */
  public static final Duration API_CALL_ATTEMPT_TIMEOUT = Duration.ofSeconds(20);

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

  /**
   * Returns the configured client, creating one on first use: the SDK's default region and
   * credentials, with {@link #API_CALL_TIMEOUT} and {@link #API_CALL_ATTEMPT_TIMEOUT} so that a
   * stalled body cannot hold a load or a poll forever.
   */
  public static S3Client get() {
    synchronized (LOCK) {
      if (configured != null) {
        return configured;
      }
      if (created == null) {
        created = S3Client.builder().overrideConfiguration(o -> o
            .apiCallTimeout(API_CALL_TIMEOUT).apiCallAttemptTimeout(API_CALL_ATTEMPT_TIMEOUT)).build();
      }
      return created;
    }
  }
}
