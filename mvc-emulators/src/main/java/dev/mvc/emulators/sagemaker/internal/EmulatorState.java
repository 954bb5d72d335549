package dev.mvc.emulators.sagemaker.internal;

import dev.mvc.emulators.sagemaker.RecordedSageMakerRequest;
import dev.mvc.emulators.sagemaker.SageMakerReply;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The scripted runtime replies, the journal and the control plane of one emulator. Thread-safe. */
public final class EmulatorState {
  private static final SageMakerReply DEFAULT = SageMakerReply.text("ok");

  private final ControlPlane controlPlane = new ControlPlane();
  private final Map<String, Deque<SageMakerReply>> queues = new HashMap<>();
  private final Deque<SageMakerReply> anyQueue = new ArrayDeque<>();
  private final Map<String, SageMakerReply> standing = new HashMap<>();
  private @Nullable SageMakerReply anyStanding;
  private final List<RecordedSageMakerRequest> journal = new ArrayList<>();

  /** Returns the control plane. */
  public ControlPlane controlPlane() {
    return controlPlane;
  }

  /** Queues replies for {@code endpoint}, or for any endpoint when null. */
  public synchronized void enqueue(@Nullable String endpoint, List<SageMakerReply> replies) {
    (endpoint == null ? anyQueue : queues.computeIfAbsent(endpoint, k -> new ArrayDeque<>())).addAll(replies);
  }

  /** Sets the standing reply of {@code endpoint}, or of any endpoint when null. */
  public synchronized void respondWith(@Nullable String endpoint, SageMakerReply reply) {
    if (endpoint == null) {
      anyStanding = reply;
    } else {
      standing.put(endpoint, reply);
    }
  }

  /** Takes the reply for the next call to {@code endpoint}. */
  public synchronized SageMakerReply nextReply(String endpoint) {
    Deque<SageMakerReply> q = queues.get(endpoint);
    if (q != null && !q.isEmpty()) {
      return q.poll();
    }
    if (!anyQueue.isEmpty()) {
      return anyQueue.poll();
    }
    SageMakerReply s = standing.get(endpoint);
    if (s != null) {
      return s;
    }
    return anyStanding != null ? anyStanding : DEFAULT;
  }

  /** Returns how many queued replies are left. */
  public synchronized int pendingReplies() {
    return anyQueue.size() + queues.values().stream().mapToInt(Deque::size).sum();
  }

  /** Records a request. */
  public synchronized void record(RecordedSageMakerRequest request) {
    journal.add(request);
  }

  /** Returns a copy of the journal. */
  public synchronized List<RecordedSageMakerRequest> journal() {
    return List.copyOf(journal);
  }

  /** Clears the runtime scripts and the journal (not the control plane). */
  public synchronized void resetRuntime() {
    queues.clear();
    anyQueue.clear();
    standing.clear();
    anyStanding = null;
    journal.clear();
  }
}
