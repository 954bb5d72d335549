/**
 * A wire emulator for AWS Lambda's alias and version operations (GetAlias, UpdateAlias,
 * ListVersionsByFunction, GetFunctionConfiguration), so that code pinning and rolling back Lambda
 * aliases through the real AWS SDK can be tested without an AWS account or network. Start with
 * {@link dev.mvc.emulators.lambda.LambdaEmulator}.
 */
@NullMarked
package dev.mvc.emulators.lambda;

import org.jspecify.annotations.NullMarked;
