package dev.mvc.s3.internal;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.core.FileRequestBodyConfiguration;
import software.amazon.awssdk.core.async.AsyncRequestBody;

/**
 * A file request body that computes the SHA-256 of the bytes as they are read, once, in file
 * order. The SDK's multipart client splits the one sequential read into parts that it buffers
 * and sends in parallel, so the whole-file digest costs no second read. Each subscription (a
 * retried single PUT subscribes again) starts a fresh digest; the last one to complete wins.
 */
public final class Sha256FileBody implements AsyncRequestBody {
  private static final int CHUNK = 1024 * 1024;

  private final AsyncRequestBody file;
  private volatile byte @Nullable [] digest;
  private volatile long read;
  private volatile @Nullable Throwable readError;

  /** Returns a body that reads {@code path} in 1 MiB chunks. */
  public Sha256FileBody(Path path) {
    this.file = AsyncRequestBody.fromFile(
        FileRequestBodyConfiguration.builder().path(path).chunkSizeInBytes(CHUNK).build());
  }

  @Override
  public Optional<Long> contentLength() {
    return file.contentLength();
  }

  @Override
  public String contentType() {
    return file.contentType();
  }

  /** Returns the SHA-256 of the last complete read, or null when no read has completed. */
  public byte @Nullable [] digest() {
    return digest;
  }

  /** Returns the number of bytes of the last complete read. */
  public long bytesRead() {
    return read;
  }

  /** Returns the error the file read failed with (such as the file changing), or null. */
  public @Nullable Throwable readError() {
    return readError;
  }

  @Override
  public void subscribe(Subscriber<? super ByteBuffer> s) {
    MessageDigest sha = Checksums.sha256();
    long expected = file.contentLength().orElse(-1L);
    if (expected == 0) {
      finish(sha, 0);
    }
    file.subscribe(new Subscriber<ByteBuffer>() {
      private long count;

      @Override
      public void onSubscribe(Subscription subscription) {
        s.onSubscribe(subscription);
      }

      @Override
      public void onNext(ByteBuffer buffer) {
        count += buffer.remaining();
        sha.update(buffer.duplicate());
        if (count == expected) {
          // A single PUT may be answered as soon as its last byte is sent, before onComplete.
          finish(sha, count);
        }
        s.onNext(buffer);
      }

      @Override
      public void onError(Throwable t) {
        readError = t;
        s.onError(t);
      }

      @Override
      public void onComplete() {
        if (count != expected) {
          finish(sha, count);
        }
        s.onComplete();
      }
    });
  }

  private void finish(MessageDigest sha, long count) {
    read = count;
    digest = sha.digest();
  }
}
