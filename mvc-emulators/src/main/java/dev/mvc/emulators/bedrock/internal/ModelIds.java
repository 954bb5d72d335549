package dev.mvc.emulators.bedrock.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Helpers for Bedrock model identifiers as they appear on the wire. */
public final class ModelIds {

  private static final Set<String> INFERENCE_PROFILE_PREFIXES =
      Set.of("us", "eu", "apac", "global", "us-gov", "ca", "jp", "au");
  private static final Pattern DATE_SUFFIX = Pattern.compile("-\\d{8}$");
  private static final int BRANDED_NAME_MAX = 20;
  private static final Pattern VERSION_SUFFIX = Pattern.compile("-v\\d+(:\\d+)?(:\\d+k)?$");

  private ModelIds() {}

  /**
   * Decodes one percent-encoded path segment; unlike form decoding, {@code +} stays a plus.
   */
  public static String decodePathSegment(String segment) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(segment.length());
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '%' && i + 2 < segment.length()) {
        int hi = Character.digit(segment.charAt(i + 1), 16);
        int lo = Character.digit(segment.charAt(i + 2), 16);
        if (hi >= 0 && lo >= 0) {
          out.write((hi << 4) | lo);
          i += 2;
          continue;
        }
      }
      byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
      out.write(bytes, 0, bytes.length);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /**
   * Returns the provider's short model name for a Bedrock model ID, as Anthropic reports it in
   * {@code "model"}: {@code us.anthropic.claude-3-haiku-20240307-v1:0} gives
   * {@code claude-3-haiku-20240307}.
   */
  public static String shortName(String modelId) {
    String id = modelId.substring(modelId.lastIndexOf('/') + 1);
    String[] parts = id.split("\\.", -1);
    int first = 0;
    if (parts.length > 2 && INFERENCE_PROFILE_PREFIXES.contains(parts[0].toLowerCase(Locale.ROOT))) {
      first = 1;
    }
    if (parts.length - first > 1) {
      first++;
    }
    String name = String.join(".", Arrays.copyOfRange(parts, first, parts.length));
    return VERSION_SUFFIX.matcher(name).replaceFirst("");
  }

  /**
   * Returns the model name GetFoundationModel reports, fitted to the 1-20 characters the Bedrock
   * service model allows ({@code BrandedName}): the short name without its date, its words
   * capitalised, so {@code anthropic.claude-3-haiku-20240307-v1:0} gives {@code Claude 3 Haiku}.
   */
  public static String displayName(String modelId) {
    String name = DATE_SUFFIX.matcher(shortName(modelId)).replaceFirst("");
    StringBuilder out = new StringBuilder();
    for (String word : name.split("[-_.]+")) {
      if (word.isEmpty()) {
        continue;
      }
      String next = (out.length() == 0 ? "" : " ") + Character.toUpperCase(word.charAt(0)) + word.substring(1);
      if (out.length() + next.length() > BRANDED_NAME_MAX) {
        break;
      }
      out.append(next);
    }
    if (out.length() == 0) {
      String fallback = name.isEmpty() ? "Model" : name;
      return fallback.substring(0, Math.min(BRANDED_NAME_MAX, fallback.length()));
    }
    return out.toString();
  }

  /** Returns the provider part of a model ID, for example {@code anthropic}, or an empty string. */
  public static String provider(String modelId) {
    String id = modelId.substring(modelId.lastIndexOf('/') + 1);
    String[] parts = id.split("\\.", -1);
    if (parts.length > 2 && INFERENCE_PROFILE_PREFIXES.contains(parts[0].toLowerCase(Locale.ROOT))) {
      return parts[1];
    }
    return parts.length > 1 ? parts[0] : "";
  }
}
