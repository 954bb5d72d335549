package dev.mvc.cli.internal;

import dev.mvc.LoadedManifest;
import dev.mvc.ManifestLoader;
import dev.mvc.ManifestSources;
import dev.mvc.MvcException;
import dev.mvc.PinningPolicy;
import dev.mvc.PinningRule;
import dev.mvc.ServedFrom;
import dev.mvc.SourceRef;
import dev.mvc.VersionManifest;
import dev.mvc.cli.ExitCode;
import dev.mvc.spi.ApprovalRegistry;
import dev.mvc.spi.ContentStore;
import dev.mvc.spi.FetchedManifest;
import dev.mvc.spi.ManifestSource;
import org.jspecify.annotations.Nullable;

/**
 * Fetching and loading manifests for the commands, always through the library's own sources and
 * {@link ManifestLoader}, so a command checks exactly what an application would.
 */
public final class ManifestAccess {
  private ManifestAccess() {}

  /** A manifest as fetched, with the source it came from. */
  public record Fetched(ManifestSource source, FetchedManifest fetched) {
    /** Parses the bytes (strict parser, no prompt resolution, no policy). */
    public VersionManifest parse() {
      return VersionManifest.parse(fetched.bytes());
    }

    /** Returns the exact version fetched. */
    public SourceRef ref() {
      return fetched.source();
    }
  }

  /** Returns the source for a path or URI ({@code file:}, {@code classpath:}, {@code s3://} ...). */
  public static ManifestSource source(String uri, SourceFactory factory) {
    ManifestSource custom = factory.create(uri);
    if (custom != null) {
      return custom;
    }
    try {
      return ManifestSources.of(uri);
    } catch (MvcException e) {
      throw new CliException(ExitCode.USAGE, e.getMessage(), "use a file path, file:, classpath: or s3:// URI", e);
    }
  }

  /** Fetches the manifest at {@code uri}. */
  public static Fetched fetch(String uri, SourceFactory factory) {
    ManifestSource source = source(uri, factory);
    return new Fetched(source, source.fetch());
  }

  /**
   * Runs the whole load pipeline (parse, prompt resolution and SHA-256 checks, template and
   * variables, policy, signature, approval) on what was fetched.
   */
  public static LoadedManifest load(Fetched f, PinningPolicy policy, @Nullable ApprovalRegistry approvals) {
    ManifestLoader loader = ManifestLoader.builder().policy(policy).approvalRegistry(approvals).build();
    ContentStore store = f.source().contentStore();
    return loader.load(f.fetched(), ServedFrom.SOURCE, store);
  }

  /**
   * Returns a policy with every pinning rule relaxed: loading still verifies the prompt hashes,
   * the template and its variables. For looking at versions that were served before, whatever
   * policy the application ran with then.
   */
  public static PinningPolicy integrityOnly() {
    return PinningPolicy.builder().relax(PinningRule.values()).build();
  }

  /** Creates sources for schemes the command line configures itself (such as S3 with an endpoint). */
  @FunctionalInterface
  public interface SourceFactory {
    /** The factory of the library's default sources only. */
    SourceFactory DEFAULT = uri -> null;

    /** Returns a source for {@code uri}, or null to use {@link ManifestSources#of(String)}. */
    @Nullable ManifestSource create(String uri);
  }
}
