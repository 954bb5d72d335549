package dev.mvc.s3.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The SHA-256 of a set of objects under one S3 prefix, as mvc pins a model directory: the UTF-8
 * text with one line {@code <hex SHA-256>  <key relative to the prefix>\n} per object, in byte
 * order of the relative keys (what {@code sha256sum} prints for the files sorted with
 * {@code LC_ALL=C sort}), hashed with SHA-256.
 */
public final class PrefixListing {
  private final Map<String, String> sha256ByKey = new TreeMap<>(PrefixListing::compareUtf8);

  /** Adds an object: its key relative to the prefix and its hex SHA-256. */
  public void add(String relativeKey, String sha256) {
    sha256ByKey.put(relativeKey, sha256);
  }

  /** Returns how many objects were added. */
  public int size() {
    return sha256ByKey.size();
  }

  /** Returns the listing text. */
  public String text() {
    StringBuilder out = new StringBuilder();
    sha256ByKey.forEach((key, sha) -> out.append(sha).append("  ").append(key).append('\n'));
    return out.toString();
  }

  /** Returns the hex SHA-256 of the listing text. */
  public String sha256() {
    return Checksums.sha256Hex(text().getBytes(StandardCharsets.UTF_8));
  }

  private static int compareUtf8(String a, String b) {
    return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
