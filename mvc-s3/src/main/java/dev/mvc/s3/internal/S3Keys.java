package dev.mvc.s3.internal;

/** The key layout of an mvc S3 store. */
public final class S3Keys {
  private S3Keys() {}

  /** Returns {@code prefix} ending in {@code /}, or empty for the bucket root. */
  public static String normalizePrefix(String prefix) {
    String p = prefix.replaceAll("^/+", "");
    return p.isEmpty() || p.endsWith("/") ? p : p + "/";
  }

  /** Returns the folder of {@code key} ending in {@code /}, or empty for a top-level key. */
  public static String folderOf(String key) {
    int slash = key.lastIndexOf('/');
    return slash < 0 ? "" : key.substring(0, slash + 1);
  }

  /** Returns the key of a blob: {@code <prefix>blobs/sha256/<hex>}. */
  public static String blobKey(String normalizedPrefix, String sha256Hex) {
    return normalizedPrefix + "blobs/sha256/" + sha256Hex;
  }
}
