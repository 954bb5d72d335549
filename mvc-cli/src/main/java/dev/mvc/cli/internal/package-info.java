/** Implementation of the {@code mvc} commands; not part of the API and free to change. */
@NullMarked
package dev.mvc.cli.internal;

import org.jspecify.annotations.NullMarked;
