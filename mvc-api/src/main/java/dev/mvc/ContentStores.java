package dev.mvc;

import dev.mvc.internal.LocalContentStore;
import dev.mvc.spi.ContentStore;
import java.nio.file.Path;

/**
 * Factories of {@link ContentStore}s for content-addressed prompt blobs laid out as
 * {@code <root>/blobs/sha256/<hex>}, the same layout the S3 store uses under its prefix.
 */
public final class ContentStores {
  private ContentStores() {}

  /** Returns a store reading blobs under the class-path folder {@code root}. */
  public static ContentStore classpath(String root) {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return LocalContentStore.classpath(root, context != null ? context : ContentStores.class.getClassLoader());
  }

  /** Returns a store reading blobs under the directory {@code root}. */
  public static ContentStore directory(Path root) {
    return LocalContentStore.directory(root);
  }
}
