/** Runnable samples of Bedrock knowledge bases and agents on the test kit's emulator. */
@NullMarked
package dev.mvc.samples.bedrock;

import org.jspecify.annotations.NullMarked;
