package dev.mvc;

/** Where the manifest that served a call was loaded from. */
public enum ServedFrom {
  /** Fetched from its source (classpath, file, S3, registry). */
  SOURCE("source"),
  /** Loaded from the local last-known-good copy because the source was unreachable. */
  LAST_KNOWN_GOOD("last-known-good");

  private final String wireName;

  ServedFrom(String wireName) {
    this.wireName = wireName;
  }

  /** Returns the name used in stamps. */
  public String wireName() {
    return wireName;
  }

  /** Returns the value named {@code wireName}. */
  public static ServedFrom fromWireName(String wireName) {
    for (ServedFrom s : values()) {
      if (s.wireName.equals(wireName)) {
        return s;
      }
    }
    throw new IllegalArgumentException("served-from must be source or last-known-good, was " + wireName);
  }
}
