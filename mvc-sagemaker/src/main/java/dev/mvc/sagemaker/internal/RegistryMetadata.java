package dev.mvc.sagemaker.internal;

import dev.mvc.MvcException;
import dev.mvc.Provenance;
import dev.mvc.VersionManifest;
import dev.mvc.eval.EvaluationReport;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * The {@code CustomerMetadataProperties} mvc writes on a model package: readable provenance
 * ({@code mvc:manifestDigest}, {@code mvc:gitSha}, {@code mvc:trainingDate}, {@code mvc:metric.*},
 * ...) and the whole canonical manifest, gzipped and base64-encoded in chunks
 * ({@code mvc:manifest.0}, ...), so that a package resolves back to exactly the registered manifest.
 * Evaluation results also go under the keys a config-in-Git, artifacts-in-S3 recipe reads
 * ({@code eval-accuracy}, {@code eval-f1}, ...): the provenance's metrics, overridden by an
 * {@link EvaluationReport} of the exact digest when one is given. SageMaker allows 50 entries of at most 256 characters, from a restricted character set.
 */
public final class RegistryMetadata {
  /** The key of the manifest digest. */
  public static final String DIGEST = "mvc:manifestDigest";
  static final String CHUNKS = "mvc:manifestChunks";
  static final String CHUNK = "mvc:manifest.";
  static final int MAX_ENTRIES = 50;
  static final int MAX_VALUE = 256;
  private static final Pattern ALLOWED = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");

  private RegistryMetadata() {}

  /** The prefix of evaluation results in the recipe's layout: {@value}. */
  public static final String EVAL_PREFIX = "eval-";

  /** Returns the metadata for {@code manifest}; fails naming the limit when it does not fit. */
  public static Map<String, String> encode(VersionManifest manifest) {
    return encode(manifest, null);
  }

  /**
   * Returns the metadata for {@code manifest} with the scores of {@code evaluation}: its overall
   * score as {@code eval-accuracy}, each scorer's mean as {@code eval-<scorer>}, and the report's
   * SHA-256 and case count. Fails when the report is about another digest, or naming the limit
   * when it does not fit.
   */
  public static Map<String, String> encode(VersionManifest manifest, @Nullable EvaluationReport evaluation) {
    if (evaluation != null && !evaluation.digest().equals(manifest.digest())) {
      throw new MvcException("the evaluation report is about " + evaluation.manifestName() + " "
          + evaluation.manifestVersion() + " " + evaluation.digest() + " but the manifest being registered, "
          + manifest.name() + " " + manifest.version() + ", has digest " + manifest.digest());
    }
    Map<String, String> m = new LinkedHashMap<>();
    m.put("mvc:manifestName", manifest.name());
    m.put("mvc:manifestVersion", manifest.version());
    m.put(DIGEST, manifest.digest());
    m.put("mvc:createdAt", manifest.createdAt().toString());
    Provenance p = manifest.provenance();
    if (p != null) {
      putIf(m, "mvc:gitSha", p.gitSha());
      putIf(m, "mvc:trainingDate", p.trainingDate() == null ? null : p.trainingDate().toString());
      putIf(m, "mvc:baseModel", p.baseModel());
      putIf(m, "mvc:trainingDataVersion", p.trainingDataVersion());
      p.evaluationMetrics().forEach((k, v) -> m.put("mvc:metric." + k, String.valueOf(v)));
      p.evaluationMetrics().forEach((k, v) -> m.put(EVAL_PREFIX + k, String.valueOf(v)));
    }
    if (evaluation != null) {
      m.put(EVAL_PREFIX + "accuracy", score(evaluation.score()));
      evaluation.totals().forEach((name, total) -> m.put(EVAL_PREFIX + name, score(total.mean())));
      m.put("mvc:evaluationSha256", evaluation.sha256());
      m.put("mvc:evaluationCases", String.valueOf(evaluation.cases().size()));
    }
    for (Map.Entry<String, String> e : m.entrySet()) {
      if (e.getKey().length() > 128 || !ALLOWED.matcher(e.getKey()).matches()) {
        throw new MvcException("model package metadata key " + e.getKey() + " must be at most 128 characters of "
            + ALLOWED.pattern());
      }
      if (e.getValue().length() > MAX_VALUE || !ALLOWED.matcher(e.getValue()).matches()) {
        throw new MvcException("model package metadata " + e.getKey() + " must be at most " + MAX_VALUE
            + " characters of " + ALLOWED.pattern() + ", was " + e.getValue());
      }
    }
    String packed = Base64.getEncoder().encodeToString(gzip(manifest.toCanonicalJson()));
    int chunks = (packed.length() + MAX_VALUE - 1) / MAX_VALUE;
    if (m.size() + 1 + chunks > MAX_ENTRIES) {
      throw new MvcException("manifest " + manifest.name() + " " + manifest.version() + " needs " + chunks
          + " metadata chunks of " + MAX_VALUE + " characters but a model package holds " + MAX_ENTRIES
          + " entries with " + (m.size() + 1) + " taken; reference the template and system prompt by sha256 "
          + "(content-addressed blobs) to make it smaller");
    }
    m.put(CHUNKS, String.valueOf(chunks));
    for (int i = 0; i < chunks; i++) {
      m.put(CHUNK + i, packed.substring(i * MAX_VALUE, Math.min(packed.length(), (i + 1) * MAX_VALUE)));
    }
    return m;
  }

  /** Returns the canonical manifest bytes stored in {@code metadata}, or null when it holds none. */
  public static byte @Nullable [] manifestBytes(Map<String, String> metadata, String where) {
    String count = metadata.get(CHUNKS);
    if (count == null) {
      return null;
    }
    StringBuilder packed = new StringBuilder();
    int n;
    try {
      n = Integer.parseInt(count);
    } catch (NumberFormatException e) {
      throw new MvcException(where + ": " + CHUNKS + " must be a number, was " + count);
    }
    for (int i = 0; i < n; i++) {
      String chunk = metadata.get(CHUNK + i);
      if (chunk == null) {
        throw new MvcException(where + ": metadata " + CHUNK + i + " is missing (" + n + " chunks declared)");
      }
      packed.append(chunk);
    }
    try {
      return gunzip(Base64.getDecoder().decode(packed.toString()));
    } catch (IllegalArgumentException | UncheckedIOException e) {
      throw new MvcException(where + ": the stored manifest cannot be decoded: " + e.getMessage(), e);
    }
  }

  /** Returns {@code value} rounded to four decimals, as the recipe's metadata shows scores. */
  private static String score(double value) {
    return java.math.BigDecimal.valueOf(value).setScale(4, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros()
        .toPlainString();
  }

  private static void putIf(Map<String, String> m, String key, @Nullable String value) {
    if (value != null) {
      m.put(key, value);
    }
  }

  private static byte[] gzip(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static byte[] gunzip(byte[] bytes) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      return in.readNBytes(1 << 20);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
