/** Internals of the SageMaker module: payload formats, error mapping, client set-up, registry metadata. */
@NullMarked
package dev.mvc.sagemaker.internal;

import org.jspecify.annotations.NullMarked;
