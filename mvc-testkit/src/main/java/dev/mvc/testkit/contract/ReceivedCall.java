package dev.mvc.testkit.contract;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a backend actually sent, as observed where the request arrived (the in-memory backend's
 * record, or an emulator's journal). The contract suite compares it with the pin.
 *
 * @param target the model ID or endpoint the request addressed
 * @param systemText the system prompt sent, or null
 * @param userText the text of the last user message sent
 * @param temperature the temperature sent, or null
 * @param maxTokens the max tokens sent, or null
 * @param topP the top-p sent, or null
 * @param stopSequences the stop sequences sent
 */
public record ReceivedCall(String target, @Nullable String systemText, String userText,
    @Nullable Double temperature, @Nullable Integer maxTokens, @Nullable Double topP,
    List<String> stopSequences) {}
