/** Golden-set and report JSON, and the built-in scorers; not part of the API. */
@NullMarked
package dev.mvc.eval.internal;

import org.jspecify.annotations.NullMarked;
