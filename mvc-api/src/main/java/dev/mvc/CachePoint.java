package dev.mvc;

/**
 * A place in the request after which the provider may cache the prompt prefix
 * ({@code prompt.cachePoints}): after the system prompt, after the tool definitions, or after
 * the conversation history.
 */
public enum CachePoint {
  /** After the system prompt ({@code "system"}). */
  SYSTEM("system"),
  /** After the tool definitions ({@code "tools"}). */
  TOOLS("tools"),
  /** After the conversation history, before the rendered template ({@code "history"}). */
  HISTORY("history");

  private final String jsonName;

  CachePoint(String jsonName) {
    this.jsonName = jsonName;
  }

  /** Returns the name written in manifests. */
  public String jsonName() {
    return jsonName;
  }

  /** Returns the cache point written as {@code name} at {@code path}. */
  public static CachePoint fromJsonName(String path, String name) {
    for (CachePoint p : values()) {
      if (p.jsonName.equals(name)) {
        return p;
      }
    }
    throw dev.mvc.internal.Checks.fail(path, "must be one of system, tools, history", name);
  }
}
