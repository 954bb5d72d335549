package dev.mvc.s3.internal;

import dev.mvc.Provenance;
import dev.mvc.VersionManifest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Builds the user metadata mvc stores with a manifest object version. */
public final class ManifestMetadata {
  private ManifestMetadata() {}

  /** Returns the metadata for {@code manifest}; values are ASCII, as HTTP headers need. */
  public static Map<String, String> of(VersionManifest manifest, @Nullable String publishedBy, @Nullable String signature) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(MetadataNames.DIGEST, manifest.digest());
    m.put(MetadataNames.NAME, ascii(manifest.name()));
    m.put(MetadataNames.VERSION, ascii(manifest.version()));
    m.put(MetadataNames.CREATED_AT, manifest.createdAt().toString());
    Provenance p = manifest.provenance();
    if (p != null) {
      if (p.gitSha() != null) {
        m.put(MetadataNames.GIT_SHA, ascii(p.gitSha()));
      }
      p.evaluationMetrics().forEach(
          (name, value) -> m.put(MetadataNames.EVAL_PREFIX + metricName(name), Double.toString(value)));
    }
    if (publishedBy != null) {
      m.put(MetadataNames.PUBLISHED_BY, ascii(publishedBy));
    }
    if (signature != null) {
      m.put(MetadataNames.SIGNATURE, ascii(signature));
    }
    return m;
  }

  private static String metricName(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
  }

  /** Returns {@code value} with every non-printable-ASCII byte percent-encoded. */
  public static String ascii(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 0x20 && c < 0x7f && c != '%') {
        out.append((char) c);
      } else {
        out.append('%').append(String.format(Locale.ROOT, "%02X", c));
      }
    }
    return out.toString();
  }
}
