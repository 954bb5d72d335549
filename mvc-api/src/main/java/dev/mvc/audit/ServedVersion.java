package dev.mvc.audit;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The manifest version that served a call, as read back from an audit log: the latest successful
 * call at or before the time asked about.
 *
 * @param manifestName the manifest name
 * @param manifestVersion the manifest version label
 * @param digest the manifest digest ({@code sha256:...})
 * @param time when that call was answered
 * @param invocationId the invocation ID of that call
 * @param stamp the call's version stamp in header form, or null if the line had none
 */
public record ServedVersion(String manifestName, String manifestVersion, String digest, Instant time,
    String invocationId, @Nullable String stamp) {}
