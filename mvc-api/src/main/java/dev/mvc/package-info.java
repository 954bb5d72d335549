/**
 * Version-pinned model invocation: load an immutable {@link dev.mvc.VersionManifest}, call
 * models through a {@link dev.mvc.PinnedModelClient} that enforces the pin, and get every
 * response tagged with the {@link dev.mvc.VersionStamp} that produced it.
 */
@NullMarked
package dev.mvc;

import org.jspecify.annotations.NullMarked;
