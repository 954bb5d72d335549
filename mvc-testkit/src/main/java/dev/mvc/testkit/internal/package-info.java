/** Implementation details of the test kit; not part of the API and free to change. */
@NullMarked
package dev.mvc.testkit.internal;

import org.jspecify.annotations.NullMarked;
