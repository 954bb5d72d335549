/** The contract suite every {@link dev.mvc.spi.ModelBackend} must pass. */
@NullMarked
package dev.mvc.testkit.contract;

import org.jspecify.annotations.NullMarked;
