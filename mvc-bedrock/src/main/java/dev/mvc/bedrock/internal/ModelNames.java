package dev.mvc.bedrock.internal;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Relates the model names providers report to the Bedrock model IDs that manifests pin. */
public final class ModelNames {

  private static final Set<String> INFERENCE_PROFILE_PREFIXES =
      Set.of("us", "eu", "apac", "global", "us-gov", "ca", "jp", "au");
  private static final Pattern VERSION_SUFFIX = Pattern.compile("-v\\d+(:\\d+)?(:\\d+k)?$");

  private ModelNames() {}

  /** Returns whether {@code modelId} is a cross-region inference profile ID such as {@code us.anthropic.claude-..}. */
  public static boolean isInferenceProfileId(String modelId) {
    String[] parts = modelId.split("\\.", -1);
    return !modelId.startsWith("arn:") && parts.length > 2
        && INFERENCE_PROFILE_PREFIXES.contains(parts[0].toLowerCase(Locale.ROOT));
  }

  /**
   * Returns the provider's short name for a Bedrock model ID:
   * {@code us.anthropic.claude-3-haiku-20240307-v1:0} gives {@code claude-3-haiku-20240307}.
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
    return VERSION_SUFFIX.matcher(String.join(".", Arrays.copyOfRange(parts, first, parts.length))).replaceFirst("");
  }

  /**
   * Returns what a response reports having served, in the form of the pinned ID: the pinned ID
   * itself when the reported short name is the pin's, otherwise the reported name unchanged (so
   * the drift check sees the difference), or null when nothing was reported.
   */
  public static @Nullable String servedModel(String pinnedModelId, @Nullable String reported) {
    if (reported == null || reported.isBlank()) {
      return null;
    }
    if (reported.equals(pinnedModelId) || reported.equals(shortName(pinnedModelId))) {
      return pinnedModelId;
    }
    return reported;
  }
}
