package dev.mvc.benchmarks;

import dev.mvc.InvocationResponse;
import dev.mvc.PinnedModelClient;
import dev.mvc.SourceRef;
import dev.mvc.VersionManifest;
import dev.mvc.spi.FetchedManifest;
import dev.mvc.spi.ManifestSource;
import dev.mvc.testkit.InMemoryModelBackend;
import dev.mvc.testkit.TestManifests;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
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
 * Invoke latency (JMH sample mode: p50, p99, ...) in steady state and while another thread swaps
 * a new manifest version in every millisecond through {@link PinnedModelClient#reload()} (full
 * load pipeline each time). The swap is one volatile write, so calls should not notice it beyond
 * sharing the cores with the reloading thread.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
public class SwapLatencyBenchmark {
  private static final Map<String, String> VARS = Map.of("question", "How long does a refund take?");

  /** A source that yields a new version on every fetch. */
  static final class AlternatingSource implements ManifestSource {
    private final byte[][] versions;
    private final AtomicLong fetches = new AtomicLong();

    AlternatingSource(VersionManifest a, VersionManifest b) {
      versions = new byte[][] {a.toJson().getBytes(StandardCharsets.UTF_8), b.toJson().getBytes(StandardCharsets.UTF_8)};
    }

    @Override
    public String uri() {
      return "bench:alternating";
    }

    @Override
    public FetchedManifest fetch() {
      long n = fetches.getAndIncrement();
      return FetchedManifest.of(versions[(int) (n & 1)], new SourceRef(uri(), Long.toString(n), null));
    }
  }

  /** A client without swaps. */
  @State(Scope.Benchmark)
  public static class Steady {
    PinnedModelClient client;

    /** Builds the client. */
    @Setup(Level.Trial)
    public void setUp() {
      VersionManifest a = TestManifests.bedrock("Answer briefly: {{question}}");
      client = PinnedModelClient.builder().manifest(new AlternatingSource(a, TestManifests.withVersion(a, "2")))
          .backend(InMemoryModelBackend.create().recordCalls(false)).build();
    }

    /** Closes the client. */
    @TearDown(Level.Trial)
    public void tearDown() {
      client.close();
    }
  }

  /** A client whose manifest is swapped every millisecond by a background thread. */
  @State(Scope.Benchmark)
  public static class Swapping extends Steady {
    private final AtomicBoolean stop = new AtomicBoolean();
    private Thread swapper;
    final AtomicLong swaps = new AtomicLong();

    /** Starts swapping. */
    @Setup(Level.Trial)
    public void startSwapping() {
      swapper = new Thread(() -> {
        while (!stop.get()) {
          try {
            if (client.reload()) {
              swaps.incrementAndGet();
            }
          } catch (RuntimeException closed) {
            return;
          }
          try {
            Thread.sleep(1);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "bench-swapper");
      swapper.setDaemon(true);
      swapper.start();
    }

    /** Stops swapping and checks that swaps happened. */
    @TearDown(Level.Trial)
    public void stopSwapping() throws InterruptedException {
      stop.set(true);
      swapper.join();
      if (swaps.get() < 100) {
        throw new IllegalStateException("only " + swaps.get() + " swaps happened");
      }
    }
  }

  /** Invoke latency with no swaps. */
  @Benchmark
  public InvocationResponse steadyState(Steady s) {
    return s.client.invoke(VARS);
  }

  /** Invoke latency while versions are swapped in every millisecond. */
  @Benchmark
  public InvocationResponse duringSwaps(Swapping s) {
    return s.client.invoke(VARS);
  }
}
