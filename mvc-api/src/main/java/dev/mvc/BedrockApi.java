package dev.mvc;

/** The Bedrock API a manifest pins its calls to. */
public enum BedrockApi {
  /** The Converse API ({@code converse}); the default. */
  CONVERSE("converse"),
  /** InvokeModel with a provider-native body ({@code invoke-model}). */
  INVOKE_MODEL("invoke-model"),
  /** Knowledge-base RetrieveAndGenerate ({@code retrieve-and-generate}). */
  RETRIEVE_AND_GENERATE("retrieve-and-generate"),
  /** Agent InvokeAgent ({@code invoke-agent}). */
  INVOKE_AGENT("invoke-agent");

  private final String jsonName;

  BedrockApi(String jsonName) {
    this.jsonName = jsonName;
  }

  /** Returns the name used in manifests. */
  public String jsonName() {
    return jsonName;
  }

  /** Returns the API with manifest name {@code name}, or throws naming the accepted values. */
  public static BedrockApi fromJsonName(String path, String name) {
    for (BedrockApi api : values()) {
      if (api.jsonName.equals(name)) {
        return api;
      }
    }
    throw dev.mvc.internal.Checks.fail(path,
        "must be one of converse, invoke-model, retrieve-and-generate, invoke-agent", name);
  }
}
