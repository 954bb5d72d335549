/** A runnable SageMaker workflow: register, approve, deploy, verify, serve and roll back, on the emulator. */
@NullMarked
package dev.mvc.samples.sagemaker;

import org.jspecify.annotations.NullMarked;
