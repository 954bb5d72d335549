/**
 * A wire emulator for Amazon SageMaker: the runtime's endpoint invocations and a stateful
 * control plane for the Model Registry, models, endpoint configurations and endpoints, so that
 * code using the real AWS SDK can be tested without an AWS account or network. Start with
 * {@link dev.mvc.emulators.sagemaker.SageMakerEmulator}.
 */
@NullMarked
package dev.mvc.emulators.sagemaker;

import org.jspecify.annotations.NullMarked;
