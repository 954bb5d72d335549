/** Implementation of the S3 store; not part of the API and free to change. */
@org.jspecify.annotations.NullMarked
package dev.mvc.s3.internal;
