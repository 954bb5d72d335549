package dev.mvc.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mvc.InvocationResponse;
import dev.mvc.ManifestSources;
import dev.mvc.ManifestWatcher;
import dev.mvc.PinnedModelClient;
import dev.mvc.VersionManifest;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak run: at least a million invocations, and at least 20 seconds, from four threads while a
 * new manifest version is swapped in every two seconds. Heap after GC, live threads and open file descriptors are compared at start
 * and end; every stamp must name the manifest whose values the backend received. It runs only
 * with {@code -Dmvc.soak=true} (the {@code soak} profile), not in the default build.
 */
class SoakIT {
  private static final int INVOCATIONS = Integer.getInteger("mvc.soak.invocations", 1_000_000);
  private static final int THREADS = 4;
  private static final long MIN_SECONDS = Long.getLong("mvc.soak.seconds", 20);

  @TempDir Path dir;

  private static long heapAfterGc() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return memory.getHeapMemoryUsage().getUsed();
  }

  private static long openFileDescriptors() {
    String[] fds = new File("/proc/self/fd").list();
    return fds == null ? -1 : fds.length;
  }

  @Test
  void millionInvocations_withHotSwaps_leakNothing_andEveryStampMatchesWhatWasSent() throws Exception {
    assumeTrue(Boolean.getBoolean("mvc.soak"), "soak runs only with -Dmvc.soak=true");
    VersionManifest base = TestManifests.bedrock("Answer briefly: {{question}}");
    Path file = dir.resolve("manifest.json");
    Files.writeString(file, base.toJson());
    InMemoryModelBackend backend = InMemoryModelBackend.create().recordCalls(false);
    // The backend answers with the digest of the manifest whose values it received.
    backend.otherwise().replyWith(call -> call.manifest().digest());
    AtomicLong failures = new AtomicLong();
    AtomicLong mismatches = new AtomicLong();
    AtomicLong done = new AtomicLong();
    Set<String> served = ConcurrentHashMap.newKeySet();
    AtomicBoolean stop = new AtomicBoolean();
    try (PinnedModelClient client = PinnedModelClient.builder().manifest(ManifestSources.file(file)).backend(backend).build();
        ManifestWatcher watcher = ManifestWatcher.builder(client).interval(Duration.ofMillis(100)).start()) {
      for (int i = 0; i < 20_000; i++) {
        client.invoke(Map.of("question", "warm-up"));
      }
      long heapStart = heapAfterGc();
      int threadsStart = ManagementFactory.getThreadMXBean().getThreadCount();
      long fdsStart = openFileDescriptors();
      long start = System.nanoTime();

      Thread swapper = new Thread(() -> {
        int version = 1;
        while (!stop.get()) {
          try {
            Thread.sleep(2000);
            VersionManifest next = TestManifests.withVersion(base, "1.0." + version++);
            Path tmp = dir.resolve("next.json");
            Files.writeString(tmp, next.toJson());
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
          } catch (Exception e) {
            return;
          }
        }
      }, "soak-swapper");
      swapper.start();
      List<Thread> callers = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        Thread caller = new Thread(() -> {
          Map<String, String> vars = Map.of("question", "How long does a refund take?");
          long until = start + MIN_SECONDS * 1_000_000_000L;
          while (done.get() < INVOCATIONS || System.nanoTime() < until) {
            done.incrementAndGet();
            try {
              InvocationResponse r = client.invoke(vars);
              if (!r.text().equals(r.stamp().digest())) {
                mismatches.incrementAndGet();
              }
              served.add(r.stamp().digest());
            } catch (RuntimeException e) {
              failures.incrementAndGet();
            }
          }
        }, "soak-caller-" + t);
        callers.add(caller);
        caller.start();
      }
      for (Thread caller : callers) {
        caller.join();
      }
      stop.set(true);
      swapper.interrupt();
      swapper.join();
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

      long heapEnd = heapAfterGc();
      int threadsEnd = ManagementFactory.getThreadMXBean().getThreadCount();
      long fdsEnd = openFileDescriptors();
      long total = done.get();
      String report = String.format("soak: %,d invocations in %d ms (%,.0f/s) from %d threads, %d versions served, "
              + "failures %d, stamp mismatches %d; heap after GC %,d -> %,d bytes; threads %d -> %d; open fds %d -> %d",
          total, elapsed.toMillis(), total / (elapsed.toNanos() / 1e9), THREADS, served.size(),
          failures.get(), mismatches.get(), heapStart, heapEnd, threadsStart, threadsEnd, fdsStart, fdsEnd);
      System.out.println(report);
      Files.writeString(Path.of(System.getProperty("mvc.soak.report", "target/soak-report.txt")), report + "\n");

      assertThat(failures.get()).isZero();
      assertThat(mismatches.get()).isZero();
      assertThat(total).isGreaterThanOrEqualTo(INVOCATIONS);
      assertThat(served.size()).as("versions served").isGreaterThanOrEqualTo((int) (MIN_SECONDS / 2) - 1);
      assertThat(heapEnd).isLessThan(heapStart + 32L * 1024 * 1024);
      assertThat(threadsEnd).isLessThanOrEqualTo(threadsStart);
      assertThat(fdsEnd).isLessThanOrEqualTo(fdsStart + 2);
    }
  }
}
