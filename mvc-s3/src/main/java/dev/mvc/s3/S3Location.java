package dev.mvc.s3;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The location of an S3 object, optionally pinned to one version:
 * {@code s3://bucket/key} or {@code s3://bucket/key?versionId=..}.
 *
 * <p>In the URI form the key may use percent escapes; {@code %}, {@code ?}, {@code #} and
 * spaces in a key are escaped by {@link #toUri()}. Instances are immutable.
 */
public final class S3Location {
  private final String bucket;
  private final String key;
  private final @Nullable String versionId;

  private S3Location(String bucket, String key, @Nullable String versionId) {
    this.bucket = checkBucket(bucket);
    this.key = checkKey(key, bucket);
    if (versionId != null && versionId.isBlank()) {
      throw new IllegalArgumentException(
          "versionId must not be blank for s3://" + bucket + "/" + key);
    }
    this.versionId = versionId;
  }

  /** Returns the location of the current version of {@code key} in {@code bucket}. */
  public static S3Location of(String bucket, String key) {
    return new S3Location(bucket, key, null);
  }

  /** Returns the location of one version of {@code key} in {@code bucket}. */
  public static S3Location of(String bucket, String key, String versionId) {
    return new S3Location(bucket, key, Objects.requireNonNull(versionId, "versionId"));
  }

  /**
   * Parses {@code s3://bucket/key} or {@code s3://bucket/key?versionId=..}.
   *
   * @throws IllegalArgumentException naming the input if it is not such a URI
   */
  public static S3Location parse(String uri) {
    Objects.requireNonNull(uri, "uri");
    if (!uri.startsWith("s3://")) {
      throw new IllegalArgumentException("S3 location must start with s3://, was " + uri);
    }
    String rest = uri.substring("s3://".length());
    String query = null;
    int q = rest.indexOf('?');
    if (q >= 0) {
      query = rest.substring(q + 1);
      rest = rest.substring(0, q);
    }
    int slash = rest.indexOf('/');
    if (slash <= 0 || slash == rest.length() - 1) {
      throw new IllegalArgumentException("S3 location must be s3://bucket/key, was " + uri);
    }
    String bucket = rest.substring(0, slash);
    String key = decode(rest.substring(slash + 1), uri);
    String versionId = null;
    if (query != null) {
      for (String parameter : query.split("&")) {
        if (parameter.startsWith("versionId=")) {
          versionId = decode(parameter.substring("versionId=".length()), uri);
        } else if (!parameter.isEmpty()) {
          throw new IllegalArgumentException(
              "S3 location accepts only the query parameter versionId, was " + uri);
        }
      }
    }
    return new S3Location(bucket, key, versionId);
  }

  /** Parses a {@link URI}; see {@link #parse(String)}. */
  public static S3Location parse(URI uri) {
    return parse(uri.toString());
  }

  /** Returns the bucket name. */
  public String bucket() {
    return bucket;
  }

  /** Returns the object key. */
  public String key() {
    return key;
  }

  /** Returns the version id, or {@code null} for the current version. */
  public @Nullable String versionId() {
    return versionId;
  }

  /** Returns whether this location names one version. */
  public boolean isPinned() {
    return versionId != null;
  }

  /** Returns this location pinned to {@code versionId}. */
  public S3Location withVersionId(String versionId) {
    return new S3Location(bucket, key, Objects.requireNonNull(versionId, "versionId"));
  }

  /** Returns this location without a version id, that is, the current version. */
  public S3Location withoutVersionId() {
    return versionId == null ? this : new S3Location(bucket, key, null);
  }

  /** Returns the same bucket with another key and no version id. */
  public S3Location resolveKey(String otherKey) {
    return new S3Location(bucket, otherKey, null);
  }

  /** Returns {@code s3://bucket/key}, with {@code ?versionId=..} when pinned. */
  public URI toUri() {
    return URI.create(toString());
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof S3Location
        && ((S3Location) o).bucket.equals(bucket)
        && ((S3Location) o).key.equals(key)
        && Objects.equals(((S3Location) o).versionId, versionId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(bucket, key, versionId);
  }

  /** Returns the URI form, {@code s3://bucket/key[?versionId=..]}. */
  @Override
  public String toString() {
    String base = "s3://" + bucket + "/" + encode(key);
    return versionId == null ? base : base + "?versionId=" + encode(versionId);
  }

  private static String checkBucket(String bucket) {
    Objects.requireNonNull(bucket, "bucket");
    if (!bucket.matches("[a-z0-9][a-z0-9.\\-]{1,61}[a-z0-9]")) {
      throw new IllegalArgumentException(
          "bucket must be 3 to 63 lowercase letters, digits, dots or hyphens, was " + bucket);
    }
    return bucket;
  }

  private static String checkKey(String key, String bucket) {
    Objects.requireNonNull(key, "key");
    if (key.isEmpty() || key.startsWith("/")) {
      throw new IllegalArgumentException(
          "key must be non-empty and not start with '/', was '" + key + "' in bucket " + bucket);
    }
    return key;
  }

  private static String encode(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (c == '%' || c == '?' || c == '#' || c == '&' || c <= ' ' || c >= 0x7f) {
        out.append('%').append(Character.toUpperCase(Character.forDigit((c >> 4) & 0xf, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String decode(String s, String uri) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      if (c == '%') {
        if (i + 2 >= s.length()) {
          throw new IllegalArgumentException("S3 location has a truncated percent escape: " + uri);
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new IllegalArgumentException("S3 location has an invalid percent escape: " + uri);
        }
        out.write(hi * 16 + lo);
        i += 3;
      } else {
        byte[] bytes = new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
        i += Character.charCount(c);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
