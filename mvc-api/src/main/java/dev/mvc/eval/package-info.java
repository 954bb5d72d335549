/**
 * Evaluation of a pinned version against a golden set: {@link dev.mvc.eval.GoldenSet} (JSON lines,
 * one case a line), scorers ({@link dev.mvc.eval.Scorers}), {@link dev.mvc.eval.Evaluation} that runs
 * every case through a {@link dev.mvc.PinnedModelClient} and produces an
 * {@link dev.mvc.eval.EvaluationReport} bound to the manifest digest, and
 * {@link dev.mvc.eval.DriftProbe}, which replays a sample of the set against the serving version
 * to notice a provider changing a model under an unchanged ID.
 */
@NullMarked
package dev.mvc.eval;

import org.jspecify.annotations.NullMarked;
