/** Implementation of the LangChain4j adapters; not part of the API. */
@NullMarked
package dev.mvc.langchain4j.internal;

import org.jspecify.annotations.NullMarked;
