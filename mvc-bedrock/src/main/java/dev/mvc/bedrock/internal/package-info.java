/**
 * Internals of the Bedrock backend: request mapping, the request guard, error mapping and
 * stream handling. Not part of the API; free to change.
 */
@NullMarked
package dev.mvc.bedrock.internal;

import org.jspecify.annotations.NullMarked;
