package dev.mvc.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * A paired measurement of the Bedrock call paths of {@link BedrockPathBenchmark}, for a loaded
 * machine: it alternates the paths call by call (in a rotating order) inside one JVM, so that a
 * change in machine load hits every path alike, and reports each path's median time and the
 * ratio of medians against the raw SDK with a bootstrap 95% interval. JMH runs benchmarks one
 * after another, which on a shared machine lets load drift between them decide a 5% question;
 * this harness does not.
 *
 * <p>A fourth path, {@code rawSdkConverseControl}, repeats the baseline on a second client: its
 * ratio to the baseline is what the harness puts between two identical paths, and bounds how
 * finely the other ratios can be read.
 *
 * <p>Run with {@code bin/bench-paired [rounds] [warmup] [forks]} (default 20,000 rounds after
 * 5,000 warm-up rounds, in 3 JVMs one after another; the script prints each JVM's ratios and
 * their median). With {@code --tools} every path sends four tools with JSON schemas and a cache
 * point ({@link BedrockPathBenchmark#scenario} {@code tools}), and LangChain4j is left out.
 */
public final class PairedBedrockRatio {
  private PairedBedrockRatio() {}

  /** Runs the paired measurement and prints the medians and ratios. */
  public static void main(String[] args) throws Exception {
    List<String> rest = new ArrayList<>(List.of(args));
    boolean tools = rest.remove("--tools");
    int rounds = rest.size() > 0 ? Integer.parseInt(rest.get(0)) : 20_000;
    int warmup = rest.size() > 1 ? Integer.parseInt(rest.get(1)) : 5_000;
    BedrockPathBenchmark b = new BedrockPathBenchmark();
    b.scenario = tools ? "tools" : "plain";
    b.setUp();
    try {
      List<String> pathNames = new ArrayList<>(List.of("rawSdkConverse", "rawSdkConverseControl",
          "rawSdkConverseBuiltPerCall", "pinnedInvoke"));
      List<Supplier<Object>> pathList = new ArrayList<>(List.of(b::rawSdkConverse, b::rawSdkConverseControl,
          b::rawSdkConverseBuiltPerCall, b::pinnedInvoke));
      if (!tools) {
        pathNames.add("langchain4jChat");
        pathList.add(b::langchain4jChat);
      }
      String[] names = pathNames.toArray(new String[0]);
      @SuppressWarnings("unchecked")
      Supplier<Object>[] paths = pathList.toArray(new Supplier[0]);
      for (int i = 0; i < warmup; i++) {
        for (Supplier<Object> p : paths) {
          p.get();
        }
        if (i % 1000 == 999) {
          b.clearJournal();
        }
      }
      long[][] nanos = new long[paths.length][rounds];
      for (int i = 0; i < rounds; i++) {
        for (int k = 0; k < paths.length; k++) {
          int p = (i + k) % paths.length; // rotate which path goes first
          long t0 = System.nanoTime();
          Object r = paths[p].get();
          nanos[p][i] = System.nanoTime() - t0;
          if (r == null) {
            throw new IllegalStateException(names[p] + " returned nothing");
          }
        }
        if (i % 1000 == 999) {
          b.clearJournal();
        }
      }
      double rawMedian = median(nanos[0]);
      System.out.printf("paired rounds: %,d (warm-up %,d), paths alternated call by call, scenario %s%n", rounds,
          warmup, b.scenario);
      for (int k = 0; k < paths.length; k++) {
        System.out.printf("%-26s median %8.1f us   p90 %8.1f us%n", names[k], median(nanos[k]) / 1e3,
            percentile(nanos[k], 0.9) / 1e3);
      }
      Random random = new Random(1);
      StringBuilder summary = new StringBuilder("ratios");
      for (int k = 1; k < paths.length; k++) {
        double ratio = median(nanos[k]) / rawMedian;
        double[] ci = bootstrap(nanos[0], nanos[k], random);
        System.out.printf("%s / rawSdkConverse = %.3f  (95%% bootstrap interval %.3f .. %.3f)%n", names[k], ratio,
            ci[0], ci[1]);
        summary.append(String.format(" %s=%.3f", names[k], ratio));
      }
      // mvc against the SDK used as an application uses it (request built per call).
      double perCall = median(nanos[3]) / median(nanos[2]);
      double[] perCallCi = bootstrap(nanos[2], nanos[3], random);
      System.out.printf("pinnedInvoke / rawSdkConverseBuiltPerCall = %.3f  (95%% bootstrap interval %.3f .. %.3f)%n",
          perCall, perCallCi[0], perCallCi[1]);
      if (!tools) {
        double lc4j = median(nanos[4]) / median(nanos[2]);
        System.out.printf("langchain4jChat / rawSdkConverseBuiltPerCall = %.3f%n", lc4j);
      }
      summary.append(String.format(" pinnedInvoke/rawSdkConverseBuiltPerCall=%.3f", perCall));
      System.out.println(summary);
      allocation(names, paths, b);
    } finally {
      b.tearDown();
    }
  }

  /**
   * Prints what each path allocates per call on the calling thread (the emulator's threads
   * excluded), over 5,000 calls each after the timed rounds.
   */
  private static void allocation(String[] names, Supplier<Object>[] paths, BedrockPathBenchmark b) {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    if (!(mx instanceof com.sun.management.ThreadMXBean)) {
      return;
    }
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) mx;
    long self = Thread.currentThread().getId();
    int calls = 5_000;
    double base = 0;
    for (int k = 0; k < paths.length; k++) {
      b.clearJournal();
      long before = threads.getThreadAllocatedBytes(self);
      for (int i = 0; i < calls; i++) {
        paths[k].get();
      }
      double perCall = (threads.getThreadAllocatedBytes(self) - before) / (double) calls;
      if (k == 0) {
        base = perCall;
      }
      System.out.printf("%-26s allocates %,9.0f B/call on the calling thread (%+,.0f vs rawSdkConverse)%n",
          names[k], perCall, perCall - base);
    }
  }

  private static double median(long[] values) {
    return percentile(values, 0.5);
  }

  private static double percentile(long[] values, double q) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[(int) Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))];
  }

  /** Bootstraps the ratio of medians over paired rounds (rounds resampled together). */
  private static double[] bootstrap(long[] base, long[] other, Random random) {
    int n = base.length;
    double[] ratios = new double[1000];
    long[] a = new long[n];
    long[] b = new long[n];
    for (int s = 0; s < ratios.length; s++) {
      for (int i = 0; i < n; i++) {
        int j = random.nextInt(n);
        a[i] = base[j];
        b[i] = other[j];
      }
      ratios[s] = median(b) / median(a);
    }
    Arrays.sort(ratios);
    return new double[] {ratios[25], ratios[974]};
  }
}
