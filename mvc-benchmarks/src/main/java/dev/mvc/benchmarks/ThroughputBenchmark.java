package dev.mvc.benchmarks;

import dev.mvc.InvocationResponse;
import dev.mvc.PinnedModelClient;
import dev.mvc.testkit.InMemoryModelBackend;
import dev.mvc.testkit.TestManifests;
import java.util.Map;
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
 * Throughput of {@code invoke()} on one shared client through the in-memory backend, to be run
 * with 1, 2, 4, 8 and 16 caller threads ({@code -t N}): it should scale to the number of cores and
 * stay flat beyond. A short template keeps the backend share small.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class ThroughputBenchmark {
  private PinnedModelClient client;
  private final Map<String, String> variables = Map.of("question", "How long does a refund take?");

  /** Builds the shared client. */
  @Setup(Level.Trial)
  public void setUp() {
    client = PinnedModelClient.builder()
        .manifest(TestManifests.bedrock("Answer briefly: {{question}}"))
        .backend(InMemoryModelBackend.create().recordCalls(false))
        .build();
  }

  /** Closes the client. */
  @TearDown(Level.Trial)
  public void tearDown() {
    client.close();
  }

  /** One pinned invocation. */
  @Benchmark
  public InvocationResponse invoke() {
    return client.invoke(variables);
  }
}
