/** Runnable samples of Bedrock knowledge bases and agents on the Bedrock emulator of {@code mvc-emulators}. */
@NullMarked
package dev.mvc.samples.bedrock;

import org.jspecify.annotations.NullMarked;
