/**
 * JMH benchmarks of the mvc runtime. They are not published; build and run them with
 * {@code bin/bench} at the repository root (results and method in {@code BENCHMARKS.md}).
 */
@NullMarked
package dev.mvc.benchmarks;

import org.jspecify.annotations.NullMarked;
