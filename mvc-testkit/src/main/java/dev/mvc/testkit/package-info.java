/**
 * The mvc test kit: an in-memory backend, one-line test manifests, a JUnit 5 extension and
 * AssertJ assertions, for testing code that uses {@link dev.mvc.PinnedModelClient} without AWS.
 */
@NullMarked
package dev.mvc.testkit;

import org.jspecify.annotations.NullMarked;
