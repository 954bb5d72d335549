/**
 * LangChain4j {@link dev.langchain4j.model.chat.ChatModel} and
 * {@link dev.langchain4j.model.chat.StreamingChatModel} over a pinned mvc client, so that
 * {@code AiServices} interfaces keep working while every call is pinned and stamped.
 */
@NullMarked
package dev.mvc.langchain4j;

import org.jspecify.annotations.NullMarked;
