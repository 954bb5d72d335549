package dev.mvc.samples.springboot;

import dev.mvc.VersionStamp;
import dev.mvc.spring.ai.MvcChatModel;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /answer}: the answer in the body, the version stamp in {@code X-Mvc-Stamp}. */
@RestController
public class AnswerController {
  /** The response header carrying the version stamp. */
  public static final String STAMP_HEADER = "X-Mvc-Stamp";

  private final ChatClient chat;

  /** Creates the controller. */
  public AnswerController(ChatClient chat) {
    this.chat = chat;
  }

  /** A customer's question. */
  public record Question(String question) {}

  /** The answer to a question. */
  public record Answer(String answer) {}

  /** Answers {@code question} through the pinned chat client. */
  @PostMapping("/answer")
  public ResponseEntity<Answer> answer(@RequestBody Question question) {
    ChatResponse response = chat.prompt().user(question.question()).call().chatResponse();
    VersionStamp stamp = response.getMetadata().get(MvcChatModel.STAMP_KEY);
    return ResponseEntity.ok()
        .header(STAMP_HEADER, stamp.toHeaderValue())
        .body(new Answer(response.getResult().getOutput().getText()));
  }
}
