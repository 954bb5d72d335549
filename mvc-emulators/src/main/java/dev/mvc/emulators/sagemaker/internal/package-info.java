/** Internals of the SageMaker emulator; not part of the API and free to change. */
@NullMarked
package dev.mvc.emulators.sagemaker.internal;

import org.jspecify.annotations.NullMarked;
