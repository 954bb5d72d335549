package dev.mvc.eval;

import dev.mvc.ManifestSourceException;
import dev.mvc.MvcException;
import dev.mvc.SourceRef;
import dev.mvc.internal.BoundedReads;
import dev.mvc.spi.EvaluationRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Evaluation registries on the local file system and the class path. Both keep one report per
 * digest at {@code <root>/sha256/<hex>.json}, the layout the S3 registry uses under its
 * {@code evaluations/} prefix, so a folder synced from S3 or packaged into a jar works as is.
 */
public final class EvaluationRegistries {
  /** The largest report read, in bytes. */
  public static final int MAX_REPORT_BYTES = 32 << 20;

  private EvaluationRegistries() {}

  /** Returns the relative path of the report about {@code digest}: {@code sha256/<hex>.json}. */
  public static String relativePath(String digest) {
    Objects.requireNonNull(digest, "digest");
    String hex = digest.startsWith("sha256:") ? digest.substring(7) : digest;
    if (!hex.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("digest must be sha256: followed by 64 lowercase hex digits, was '" + digest + "'");
    }
    return "sha256/" + hex + ".json";
  }

  /** Returns a registry reading and writing reports under the folder {@code root}. */
  public static Directory directory(Path root) {
    return new Directory(root);
  }

  /** Returns a registry reading reports under the class-path folder {@code root}. */
  public static EvaluationRegistry classpath(String root) {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return classpath(root, context != null ? context : EvaluationRegistries.class.getClassLoader());
  }

  /** Returns a registry reading reports under the folder {@code root} through {@code loader}. */
  public static EvaluationRegistry classpath(String root, ClassLoader loader) {
    Objects.requireNonNull(loader, "loader");
    String prefix = root.endsWith("/") ? root : root + "/";
    return new EvaluationRegistry() {
      @Override
      public @Nullable EvaluationReport report(SourceRef source, String digest) {
        String name = prefix + relativePath(digest);
        try (InputStream in = loader.getResourceAsStream(name)) {
          if (in == null) {
            return null;
          }
          return checked(EvaluationReport.parse(BoundedReads.read(in, MAX_REPORT_BYTES, "evaluation report classpath:" + name),
              "classpath:" + name), digest, "classpath:" + name);
        } catch (IOException e) {
          throw new ManifestSourceException("cannot read evaluation report classpath:" + name + ": " + e.getMessage(), true, e);
        }
      }

      @Override
      public String describe() {
        return "classpath:" + prefix;
      }
    };
  }

  /** Returns {@code report} if it is about {@code digest}; a report filed under another digest is an error. */
  static EvaluationReport checked(EvaluationReport report, String digest, String where) {
    if (!report.digest().equals(digest)) {
      throw new MvcException("evaluation report " + where + " is about " + report.digest() + ", not " + digest
          + "; a report is only about the digest it names");
    }
    return report;
  }

  /** A registry in a local folder; {@link #save} files a report under its digest. */
  public static final class Directory implements EvaluationRegistry {
    private final Path root;

    private Directory(Path root) {
      this.root = Objects.requireNonNull(root, "root");
    }

    /** Returns where the report about {@code digest} is kept. */
    public Path pathOf(String digest) {
      return root.resolve(relativePath(digest));
    }

    @Override
    public @Nullable EvaluationReport report(SourceRef source, String digest) {
      Path p = pathOf(digest);
      byte[] bytes;
      try {
        bytes = BoundedReads.readFileIfPresent(p, MAX_REPORT_BYTES, "evaluation report");
      } catch (IOException e) {
        throw new ManifestSourceException("cannot read evaluation report " + p + ": " + e.getMessage(), true, e);
      }
      return bytes == null ? null : checked(EvaluationReport.parse(bytes, p.toString()), digest, p.toString());
    }

    /** Writes {@code report} under its digest (replacing an earlier one with one atomic rename) and returns the path. */
    public Path save(EvaluationReport report) {
      Path p = pathOf(report.digest());
      try {
        Files.createDirectories(p.getParent());
        Path tmp = Files.createTempFile(p.getParent(), ".report", ".tmp");
        Files.writeString(tmp, report.toJson(), StandardCharsets.UTF_8);
        Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return p;
      } catch (IOException e) {
        throw new MvcException("cannot write evaluation report " + p + ": " + e.getMessage(), e);
      }
    }

    @Override
    public String describe() {
      return root.toString();
    }

    @Override
    public String toString() {
      return "EvaluationRegistries.directory(" + root + ")";
    }
  }
}
