package dev.mvc.benchmarks;

import dev.mvc.InvocationResponse;
import dev.mvc.LoadedManifest;
import dev.mvc.Message;
import dev.mvc.PinnedModelClient;
import dev.mvc.VersionManifest;
import dev.mvc.spi.BackendResponse;
import dev.mvc.spi.ResolvedCall;
import dev.mvc.testkit.InMemoryModelBackend;
import dev.mvc.testkit.TestManifests;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A benchmark of the time and allocation that {@link PinnedModelClient#invoke(Map)} adds to a
 * backend call: rendering the pinned template, building the {@link ResolvedCall}, the drift
 * check and the stamped {@link dev.mvc.InvocationResponse}.
 *
 * <p>Both benchmarks call the same {@link InMemoryModelBackend} (call recording off) with a
 * Bedrock manifest whose template is about 2 KB with 5 variables. {@link #backendDirect()} is the
 * baseline: it hands the backend a pre-built call equal to the one the client builds.
 * {@link #clientInvoke()} goes through the client with the same variables. The difference per
 * operation (time and {@code gc.alloc.rate.norm} under {@code -prof gc}) is the client's overhead.
 *
 * <p>The in-memory backend drops the call it is given, so the JIT may remove the client's
 * {@link ResolvedCall} altogether when everything inlines; a real backend keeps it (the SDK request
 * holds the prompt). {@link #retainingBackendDirect()} and {@link #clientInvokeRetainingBackend()}
 * measure the same pair with a backend that keeps each call it serves, as every real one does.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class InvokeOverheadBenchmark {
  /** The number of template variables. */
  static final int VARIABLES = 5;
  /** The approximate template size in characters (all ASCII, so also in bytes). */
  static final int TEMPLATE_CHARS = 2048;

  private InMemoryModelBackend backend;
  private PinnedModelClient client;
  private Map<String, Object> variables;
  private ResolvedCall call;
  private RetainingBackend retaining;
  private PinnedModelClient retainingClient;

  /** A backend that, like every real one, keeps the call it serves (here: the last one). */
  static final class RetainingBackend implements dev.mvc.spi.ModelBackend {
    volatile ResolvedCall last;

    @Override
    public String provider() {
      return "bedrock";
    }

    @Override
    public BackendResponse invoke(ResolvedCall call) {
      last = call;
      return BackendResponse.builder("On its way.").stopReason("end_turn").usage(dev.mvc.TokenUsage.of(12, 3))
          .requestId("req-1").build();
    }
  }

  /** Builds the manifest, backend, client, variables and the baseline's pre-built call. */
  @Setup(Level.Trial)
  public void setUp() {
    VersionManifest manifest = TestManifests.bedrock(template());
    backend = InMemoryModelBackend.create().recordCalls(false);
    client = PinnedModelClient.builder().manifest(manifest).backend(backend).closeBackend(false).build();
    retaining = new RetainingBackend();
    retainingClient = PinnedModelClient.builder().manifest(manifest).backend(retaining).build();
    variables = new LinkedHashMap<>();
    variables.put("customer_name", "Ada Lovelace");
    variables.put("account_tier", "enterprise");
    variables.put("product", "Analytical Engine Cloud");
    variables.put("question", "How do I rotate the API keys for my team without downtime?");
    variables.put("locale", "en-GB");

    LoadedManifest loaded = client.currentManifest();
    String rendered = loaded.template().render(variables);
    // The same fields, in the same shape, as the client's own resolution of the call.
    call = ResolvedCall.builder()
        .invocationId(UUID.randomUUID().toString())
        .manifest(loaded.manifest())
        .systemText(loaded.systemText())
        .messages(List.of(Message.user(rendered)))
        .parameters(loaded.manifest().inference())
        .build();
    checkSameCall(manifest, rendered);
  }

  /** Closes the client. */
  @TearDown(Level.Trial)
  public void tearDown() {
    client.close();
    retainingClient.close();
  }

  /** The baseline: the backend alone, called with a pre-built call. */
  @Benchmark
  public BackendResponse backendDirect() {
    return backend.invoke(call);
  }

  /** The same backend called through the client, which resolves, checks and stamps the call. */
  @Benchmark
  public InvocationResponse clientInvoke() {
    return client.invoke(variables);
  }

  /** The baseline with a backend that keeps the call. */
  @Benchmark
  public BackendResponse retainingBackendDirect() {
    return retaining.invoke(call);
  }

  /** The client over a backend that keeps the call. */
  @Benchmark
  public InvocationResponse clientInvokeRetainingBackend() {
    return retainingClient.invoke(variables);
  }

  /** Fails the trial unless the client sends the backend exactly the baseline's call. */
  private void checkSameCall(VersionManifest manifest, String rendered) {
    InMemoryModelBackend recording = InMemoryModelBackend.create();
    try (PinnedModelClient probe = PinnedModelClient.builder().manifest(manifest).backend(recording).build()) {
      probe.invoke(variables);
    }
    ResolvedCall sent = recording.lastCall();
    if (!sent.manifest().equals(call.manifest()) || !sent.messages().equals(call.messages())
        || !sent.parameters().equals(call.parameters())
        || !Objects.equals(sent.systemText(), call.systemText())
        || !sent.renderedPrompt().equals(rendered)) {
      throw new IllegalStateException("the baseline call differs from the client's: " + sent + " vs " + call);
    }
  }

  /** Returns a template of about {@link #TEMPLATE_CHARS} characters using 5 variables. */
  static String template() {
    String paragraph = "Follow the support policy below. Be accurate, cite the relevant section, "
        + "and keep the answer under two hundred words. Never reveal internal ticket notes. ";
    StringBuilder t = new StringBuilder(TEMPLATE_CHARS + 256);
    t.append("You are answering {{customer_name}}, a customer on the {{account_tier}} plan of "
        + "{{product}}. Reply in the language of locale {{locale}}.\n\n");
    int section = 1;
    while (t.length() < TEMPLATE_CHARS - 80) {
      t.append("Section ").append(section++).append(": ").append(paragraph).append('\n');
    }
    t.append("\nQuestion: {{question}}\nAnswer:");
    return t.toString();
  }
}
