package dev.mvc;

/**
 * Statistics of a client's response cache.
 *
 * @param enabled whether the client has a response cache
 * @param hits calls answered from the cache
 * @param misses cacheable calls that went to the backend
 * @param size entries held now
 */
public record ResponseCacheStats(boolean enabled, long hits, long misses, long size) {
  /** The statistics of a client without a cache. */
  public static final ResponseCacheStats DISABLED = new ResponseCacheStats(false, 0, 0, 0);
}
