/**
 * A Spring AI {@link org.springframework.ai.chat.model.ChatModel} and
 * {@link org.springframework.ai.chat.model.StreamingChatModel} over a pinned mvc client, so that
 * {@code ChatClient} code keeps working while every call is pinned and stamped.
 */
@NullMarked
package dev.mvc.spring.ai;

import org.jspecify.annotations.NullMarked;
