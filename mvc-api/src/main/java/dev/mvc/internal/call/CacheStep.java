package dev.mvc.internal.call;

import com.github.benmanes.caffeine.cache.Cache;
import dev.mvc.internal.ResponseCacheKey;
import dev.mvc.spi.BackendResponse;
import dev.mvc.spi.ResolvedCall;
import org.jspecify.annotations.Nullable;

/**
 * The response cache: answers a deterministic call (effective temperature 0, no provider session)
 * that this version answered before, and keeps the answers the primary gives. Keys start with the
 * manifest digest, so a new version never hits another version's entries. A cached answer to a
 * streamed call arrives as one delta. A call that asks to bypass the cache neither reads nor fills it.
 */
final class CacheStep extends Step {
  private final Cache<String, BackendResponse> cache;

  CacheStep(Cache<String, BackendResponse> cache) {
    this.cache = cache;
  }

  @Override
  void start(Exchange x) {
    String key = key(x);
    x.cacheKey = key;
    if (key != null) {
      BackendResponse hit = cache.getIfPresent(key);
      if (hit != null) {
        x.served = Exchange.Served.CACHED;
        x.succeeded(hit);
        if (x.mode() == Exchange.Mode.STREAM) {
          x.onText(hit.text());
        }
        up(x);
        return;
      }
    }
    proceed(x);
  }

  @Override
  void onResult(Exchange x) {
    if (x.error == null && x.cacheKey != null && x.served == Exchange.Served.PRIMARY && x.backendResponse != null) {
      cache.put(x.cacheKey, x.backendResponse);
    }
    up(x);
  }

  private static @Nullable String key(Exchange x) {
    ResolvedCall call = x.call;
    Double temperature = call.parameters().temperature();
    if (x.bypassCache() || temperature == null || temperature != 0.0 || call.sessionId() != null
        || !call.toolTurns().isEmpty()) {
      // A provider session carries state between calls, so its answers are never reused; a
      // bypassing call (a behaviour probe) must reach the model and must not overwrite an entry; a
      // later round of a tool loop carries tool results the key does not cover.
      return null;
    }
    return ResponseCacheKey.of(x.manifest.manifest().digest(), x.inferenceDigest, call.systemText(), call.messages(),
        call.attachments());
  }
}
