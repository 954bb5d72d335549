package dev.mvc.internal.call;

import dev.mvc.InferenceParameters;
import dev.mvc.InvocationRequest;
import dev.mvc.LoadedManifest;
import dev.mvc.ManifestLoader;
import dev.mvc.Message;
import dev.mvc.MvcException;
import dev.mvc.OverrideBound;
import dev.mvc.PinViolationException;
import dev.mvc.TemplateException;
import dev.mvc.VersionManifest;
import dev.mvc.internal.Ids;
import dev.mvc.internal.WellFormedText;
import dev.mvc.spi.ResolvedCall;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves the call on the exchange's version: renders the pinned template with the caller's
 * variables, checks the history, applies overrides within the manifest's bounds. A call that
 * cannot be resolved ends here, before any listener hears of it.
 */
final class ResolveStep extends Step {

  @Override
  void start(Exchange x) {
    try {
      resolve(x, x.manifest);
    } catch (MvcException e) {
      x.failed(e);
      up(x);
      return;
    }
    proceed(x);
  }

  /** Resolves the exchange's request on version {@code m} into the exchange. */
  static void resolve(Exchange x, LoadedManifest m) {
    String rendered = m.template().render(x.variables);
    List<Message> history = x.history();
    for (int i = 0; i < history.size(); i++) {
      String problem = WellFormedText.problem(history.get(i).text());
      if (problem != null) {
        throw new TemplateException("history[" + i + "] " + problem);
      }
    }
    List<Message> messages;
    if (history.isEmpty()) {
      messages = List.of(Message.user(rendered));
    } else {
      messages = new ArrayList<>(history.size() + 1);
      messages.addAll(history);
      messages.add(Message.user(rendered));
    }
    InferenceParameters params = m.manifest().inference();
    String inferenceDigest = m.inferenceDigest();
    InvocationRequest overrides = x.overrides();
    if (overrides != null) {
      params = applyOverrides(m.manifest(), overrides);
      inferenceDigest = ManifestLoader.inferenceDigest(params);
    }
    x.manifest = m;
    x.inferenceDigest = inferenceDigest;
    x.call = ResolvedCall.builder()
        .invocationId(Ids.invocationId())
        .manifest(m.manifest())
        .systemText(m.systemText())
        .messages(messages)
        .parameters(params)
        .sessionId(x.sessionId())
        .tools(m.tools())
        .metadata(x.request == null ? java.util.Map.of() : x.request.metadata())
        .toolTurns(x.toolTurns())
        .attachments(attachments(x, m))
        .variables(x.variables)
        .build();
  }

  /** Returns the caller's documents and images, refusing them where the pinned target cannot send them. */
  private static List<dev.mvc.Attachment> attachments(Exchange x, LoadedManifest m) {
    List<dev.mvc.Attachment> attachments = x.request == null ? List.of() : x.request.attachments();
    if (!attachments.isEmpty() && !m.manifest().model().sendsAttachments()) {
      throw new PinViolationException("documents and images cannot be sent to " + m.manifest().model().describe()
          + " as manifest " + m.manifest().name() + " " + m.manifest().version()
          + " pins it; the call carries " + attachments.size());
    }
    return attachments;
  }

  private static InferenceParameters applyOverrides(VersionManifest manifest, InvocationRequest r) {
    InferenceParameters.Builder b = manifest.inference().toBuilder();
    if (r.temperature() != null) {
      check(manifest, "temperature", r.temperature());
      b.temperature(r.temperature());
    }
    if (r.maxTokens() != null) {
      check(manifest, "maxTokens", r.maxTokens());
      b.maxTokens(r.maxTokens());
    }
    if (r.topP() != null) {
      check(manifest, "topP", r.topP());
      b.topP(r.topP());
    }
    return b.build();
  }

  private static void check(VersionManifest manifest, String field, Number requested) {
    OverrideBound bound = manifest.inference().overridable().get(field);
    if (bound == null) {
      throw new PinViolationException("inference." + field + " is not overridable in manifest "
          + manifest.name() + " " + manifest.version() + "; requested " + requested);
    }
    if (!bound.contains(requested.doubleValue())) {
      throw new PinViolationException("inference." + field + " override must be in " + bound
          + " by manifest " + manifest.name() + " " + manifest.version() + ", was " + requested);
    }
  }
}
