/** Implementation details of mvc-api; not part of the API and free to change. */
@NullMarked
package dev.mvc.internal;

import org.jspecify.annotations.NullMarked;
