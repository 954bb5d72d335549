package dev.mvc.cli.internal;

import dev.mvc.LoadedManifest;
import dev.mvc.VersionManifest;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/** The verified prompt texts of a loaded manifest, for printing. */
final class Texts {
  private Texts() {}

  /** Returns {@code {template: {sha256, text}, system: {sha256, text}}}. */
  static Map<String, Object> of(LoadedManifest loaded) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("template", part(templateSha(loaded), loaded.templateText()));
    if (loaded.systemText() != null) {
      r.put("system", part(systemSha(loaded), loaded.systemText()));
    }
    return r;
  }

  /** Prints each text under a heading with its SHA-256, every line behind {@code "  | "}. */
  static void print(PrintWriter out, LoadedManifest loaded) {
    printText(out, "prompt.template", templateSha(loaded), loaded.templateText());
    if (loaded.systemText() != null) {
      printText(out, "prompt.system", systemSha(loaded), loaded.systemText());
    }
  }

  static String templateSha(LoadedManifest loaded) {
    VersionManifest m = loaded.manifest();
    String sha = m.prompt().template().sha256();
    return sha != null ? sha : Hashes.sha256Hex(loaded.templateText());
  }

  static String systemSha(LoadedManifest loaded) {
    VersionManifest m = loaded.manifest();
    String sha = m.prompt().system() == null ? null : m.prompt().system().sha256();
    return sha != null ? sha : Hashes.sha256Hex(String.valueOf(loaded.systemText()));
  }

  private static void printText(PrintWriter out, String path, String sha, String text) {
    out.println();
    out.println(path + " sha256:" + sha);
    text.lines().forEach(l -> out.println("  | " + l));
  }

  private static Map<String, Object> part(String sha, String text) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("sha256", sha);
    p.put("text", text);
    return p;
  }
}
