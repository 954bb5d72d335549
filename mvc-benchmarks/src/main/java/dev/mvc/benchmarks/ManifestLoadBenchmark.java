package dev.mvc.benchmarks;

import dev.mvc.LoadedManifest;
import dev.mvc.ManifestLoader;
import dev.mvc.SourceRef;
import dev.mvc.VersionManifest;
import dev.mvc.spi.FetchedManifest;
import dev.mvc.testkit.TestManifests;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The load pipeline (strict parse, SHA-256 of the inline prompt texts, RFC 8785 digest, template
 * compilation, pinning policy) by manifest size, set by the inline template's size (1 KB, 16 KB,
 * 256 KB). The baseline is a plain Jackson tree parse of the same bytes ({@link #jacksonParse()}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class ManifestLoadBenchmark {
  /** The inline template size in characters. */
  @Param({"1024", "16384", "262144"})
  public int templateSize;

  private byte[] bytes;
  private ManifestLoader loader;
  private com.fasterxml.jackson.databind.ObjectMapper jackson;

  /** Builds the manifest bytes. */
  @Setup(Level.Trial)
  public void setUp() {
    StringBuilder t = new StringBuilder("Answer {{question}} using: ");
    while (t.length() < templateSize) {
      t.append("refunds are paid within five business days; ");
    }
    VersionManifest m = TestManifests.bedrock(t.substring(0, templateSize));
    bytes = m.toJson().getBytes(StandardCharsets.UTF_8);
    loader = ManifestLoader.builder().build();
    jackson = new com.fasterxml.jackson.databind.ObjectMapper();
  }

  /** Runs the whole load pipeline. */
  @Benchmark
  public LoadedManifest load() {
    return loader.load(FetchedManifest.of(bytes, new SourceRef("bench:manifest", null, null)));
  }

  /** Parses the same bytes into a Jackson tree, nothing else. */
  @Benchmark
  public Object jacksonParse() throws Exception {
    return jackson.readTree(bytes);
  }
}
