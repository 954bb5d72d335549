package dev.mvc.spi;

import dev.mvc.LoadedManifest;
import dev.mvc.ManifestException;
import dev.mvc.eval.BehaviourDrift;
import org.jspecify.annotations.Nullable;

/**
 * An observer of manifest lifecycle events on a {@link dev.mvc.PinnedModelClient}: a new version
 * swapped in, a new version rejected (the current one keeps serving), the source unreachable,
 * and behaviour drift found by a {@link dev.mvc.eval.DriftProbe}.
 * Listeners must not throw; one that does is logged and skipped.
 */
public interface ManifestListener {

  /**
   * Called after {@code current} replaced {@code previous} (null on the first load); what the
   * backend learned at load, such as {@link LoadedManifest#modelLifecycle()}, comes with it.
   */
  default void onSwapped(@Nullable LoadedManifest previous, LoadedManifest current) {}

  /** Called when a fetched version failed the load pipeline and was not swapped in. */
  default void onRejected(LoadedManifest current, ManifestException error) {}

  /** Called when the source could not be reached; {@code current} keeps serving. */
  default void onSourceUnavailable(LoadedManifest current, ManifestException error) {}

  /**
   * Called by a {@link dev.mvc.eval.DriftProbe} when the serving version's answers to its golden
   * cases agree with the baseline less than the probe's threshold: the model behind an unchanged
   * pin answers differently, as when a provider changes a model under the same ID.
   */
  default void onBehaviourDrift(BehaviourDrift drift) {}
}
