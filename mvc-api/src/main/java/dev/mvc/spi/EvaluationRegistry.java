package dev.mvc.spi;

import dev.mvc.SourceRef;
import dev.mvc.eval.EvaluationReport;
import org.jspecify.annotations.Nullable;

/**
 * A registry of evaluation reports, looked up by the manifest digest they are about. With
 * {@link dev.mvc.PinningPolicy.Builder#requireEvaluation} the loader asks it for the report of
 * every manifest it loads (at start and on every reload) and refuses a manifest without one that
 * meets the threshold. Reports are bound to content like approvals: a report about one digest
 * never admits different content published later under the same name.
 *
 * <p>Implementations: {@link dev.mvc.eval.EvaluationRegistries#directory},
 * {@link dev.mvc.eval.EvaluationRegistries#classpath}, and the S3 registry of mvc-s3.
 */
public interface EvaluationRegistry {

  /**
   * Returns the latest report about {@code digest} as published at {@code source}, or null when
   * there is none.
   *
   * @throws dev.mvc.ManifestSourceException when the registry cannot be reached
   */
  @Nullable EvaluationReport report(SourceRef source, String digest);

  /** Returns a short description for messages, such as the folder or S3 prefix. */
  String describe();
}
