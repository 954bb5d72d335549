package dev.mvc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The bounded map of calls in progress shared by the invocation listeners. */
class InFlightCallsTest {

  @Test
  void completedCalls_areRemovedAndReturned() {
    InFlightCalls<String> calls = new InFlightCalls<>(10, v -> { });
    calls.put("a", "span-a");
    assertThat(calls.remove("a")).isEqualTo("span-a");
    assertThat(calls.remove("a")).isNull();
    assertThat(calls.size()).isZero();
  }

  @Test
  void pastCapacity_theOldestCallsAreEvictedInOrder() {
    List<String> evicted = new ArrayList<>();
    InFlightCalls<String> calls = new InFlightCalls<>(2, evicted::add);
    calls.put("a", "1");
    calls.put("b", "2");
    calls.put("c", "3");
    calls.put("d", "4");
    assertThat(evicted).containsExactly("1", "2");
    assertThat(calls.size()).isEqualTo(2);
    assertThat(calls.remove("c")).isEqualTo("3");
  }

  @Test
  void aRepeatedInvocationId_evictsTheEarlierEntry() {
    List<String> evicted = new ArrayList<>();
    InFlightCalls<String> calls = new InFlightCalls<>(5, evicted::add);
    calls.put("a", "first");
    calls.put("a", "second");
    assertThat(evicted).containsExactly("first");
    assertThat(calls.remove("a")).isEqualTo("second");
  }

  @Test
  void underConcurrentUse_theMapStaysBoundedAndNothingIsLost() throws Exception {
    List<Integer> evicted = new CopyOnWriteArrayList<>();
    InFlightCalls<Integer> calls = new InFlightCalls<>(100, evicted::add);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<Integer>> removed = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int thread = t;
      removed.add(pool.submit(() -> {
        int n = 0;
        for (int i = 0; i < 5_000; i++) {
          String id = thread + "-" + i;
          calls.put(id, i);
          if (i % 2 == 0 && calls.remove(id) != null) {
            n++;
          }
        }
        return n;
      }));
    }
    int removedTotal = 0;
    for (Future<Integer> f : removed) {
      removedTotal += f.get(30, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertThat(calls.size()).isLessThanOrEqualTo(100);
    assertThat(removedTotal + evicted.size() + calls.size()).isEqualTo(4 * 5_000);
  }

  @Test
  void capacityBelowOne_isRejected() {
    assertThatThrownBy(() -> new InFlightCalls<String>(0, v -> { }))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("capacity must be at least 1, was 0");
  }
}
