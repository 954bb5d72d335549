package dev.mvc;

import java.util.Objects;

/**
 * One turn of a conversation passed as history with a call.
 *
 * @param role who said it
 * @param text what was said
 */
public record Message(Role role, String text) {
  /** Creates a message; neither part may be null. */
  public Message {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(text, "text");
  }

  /** Returns a user message. */
  public static Message user(String text) {
    return new Message(Role.USER, text);
  }

  /** Returns an assistant message. */
  public static Message assistant(String text) {
    return new Message(Role.ASSISTANT, text);
  }

  @Override
  public String toString() {
    return "Message{" + role + ", " + text.length() + " chars}";
  }

  /** The speaker of a message. */
  public enum Role {
    /** The user (the rendered template is always a user message). */
    USER,
    /** The model. */
    ASSISTANT
  }
}
