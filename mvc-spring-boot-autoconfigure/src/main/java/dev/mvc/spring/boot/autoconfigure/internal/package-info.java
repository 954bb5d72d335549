/** Implementation of the mvc Spring Boot auto-configuration; not part of the API. */
@NullMarked
package dev.mvc.spring.boot.autoconfigure.internal;

import org.jspecify.annotations.NullMarked;
