/** Implementation details shared by the emulators; not part of the API and free to change. */
@NullMarked
package dev.mvc.emulators.internal;

import org.jspecify.annotations.NullMarked;
