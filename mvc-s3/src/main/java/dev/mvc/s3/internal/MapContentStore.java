package dev.mvc.s3.internal;

import dev.mvc.spi.ContentStore;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A content store over blobs held in memory, keyed by hex SHA-256; used to check before publishing. */
public final class MapContentStore implements ContentStore {
  private final Map<String, byte[]> blobs;

  /** Creates a store over {@code blobs}, which are not copied. */
  public MapContentStore(Map<String, byte[]> blobs) {
    this.blobs = blobs;
  }

  @Override
  public byte @Nullable [] fetch(String sha256) {
    return blobs.get(sha256);
  }

  @Override
  public String describe() {
    return "blobs given to the publisher";
  }
}
