package dev.mvc.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvc.CheckFailedException;
import dev.mvc.CheckMode;
import dev.mvc.CheckWarning;
import dev.mvc.MvcException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one place that decides what a {@link CheckMode} does, the same for every check name. */
class RemoteCheckTest {

  private final List<CheckWarning> heard = new CopyOnWriteArrayList<>();

  private CheckWarning difference(RemoteCheck check) {
    return check.warning("subject-1", "model.field", "pinned-1", "found-2",
        "model.field is pinned-1 but the service reports found-2");
  }

  @ParameterizedTest
  @ValueSource(strings = {"bedrock-lifecycle", "bedrock-knowledge-base", "bedrock-agent-alias", "sagemaker-deployment"})
  void off_refusesAnyReport_becauseNoLookupMayBeMade(String name) {
    RemoteCheck check = RemoteCheck.of(name, CheckMode.OFF, heard::add);
    assertThat(check.off()).isTrue();
    assertThatThrownBy(() -> check.report(List.of(difference(check))))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining(name).hasMessageContaining("OFF");
    assertThatThrownBy(() -> check.lookupFailed("s", "f", "p", "the status", new MvcException("down")))
        .isInstanceOf(IllegalStateException.class);
    assertThat(heard).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"bedrock-lifecycle", "bedrock-knowledge-base", "bedrock-agent-alias", "sagemaker-deployment"})
  void warn_handsEachDifferenceToTheListenerOnce_andReturns(String name) {
    RemoteCheck check = RemoteCheck.of(name, CheckMode.WARN, heard::add);
    assertThat(check.off()).isFalse();
    CheckWarning w = difference(check);
    check.report(List.of(w));
    assertThat(heard).containsExactly(w);
    assertThat(w.check()).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"bedrock-lifecycle", "bedrock-knowledge-base", "bedrock-agent-alias", "sagemaker-deployment"})
  void fail_throwsCheckFailedException_namingThePinnedAndTheFoundValue(String name) {
    RemoteCheck check = RemoteCheck.of(name, CheckMode.FAIL, heard::add);
    CheckWarning w = difference(check);
    assertThatThrownBy(() -> check.report(List.of(w)))
        .isInstanceOfSatisfying(CheckFailedException.class, e -> {
          assertThat(e.check()).isEqualTo(name);
          assertThat(e.warnings()).containsExactly(w);
        })
        .hasMessage("model.field is pinned-1 but the service reports found-2 (check " + name + " is FAIL)");
    assertThat(heard).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"WARN", "FAIL"})
  void noDifference_doesNothing(CheckMode mode) {
    RemoteCheck.of("bedrock-lifecycle", mode, heard::add).report(List.of());
    assertThat(heard).isEmpty();
  }

  @Test
  void fail_withAProviderException_throwsThatException() {
    RemoteCheck check = RemoteCheck.of("sagemaker-deployment", CheckMode.FAIL, heard::add);
    class ProviderMismatch extends CheckFailedException {
      private static final long serialVersionUID = 1L;

      ProviderMismatch(List<CheckWarning> found) {
        super("sagemaker-deployment", found, "endpoint differs: " + found, null);
      }
    }
    assertThatThrownBy(() -> check.report(List.of(difference(check)), ProviderMismatch::new))
        .isInstanceOf(ProviderMismatch.class).hasMessageContaining("found-2");
  }

  @Test
  void lookupFailed_underWarn_reportsAnUnknownFoundValue() {
    RemoteCheck check = RemoteCheck.of("bedrock-knowledge-base", CheckMode.WARN, heard::add);
    check.lookupFailed("KB1", "model.bedrock.knowledgeBase.dataSourceVersion", "JOB1", "the ingestion jobs",
        new MvcException("ResourceNotFoundException: no such knowledge base"));
    assertThat(heard).singleElement().satisfies(w -> {
      assertThat(w.subject()).isEqualTo("KB1");
      assertThat(w.pinned()).isEqualTo("JOB1");
      assertThat(w.found()).isEqualTo(CheckWarning.UNKNOWN);
      assertThat(w.message()).isEqualTo("model.bedrock.knowledgeBase.dataSourceVersion JOB1: the ingestion jobs could"
          + " not be looked up: ResourceNotFoundException: no such knowledge base");
    });
  }

  @Test
  void lookupFailed_underFail_keepsTheProviderErrorAsCause() {
    RemoteCheck check = RemoteCheck.of("bedrock-lifecycle", CheckMode.FAIL, heard::add);
    MvcException cause = new MvcException("AccessDeniedException");
    assertThatThrownBy(() -> check.lookupFailed("m", "model.bedrock.modelId", "m", "the lifecycle status", cause))
        .isInstanceOfSatisfying(CheckFailedException.class, e -> {
          assertThat(e.getCause()).isSameAs(cause);
          assertThat(e.warnings()).extracting(CheckWarning::found).containsExactly(CheckWarning.UNKNOWN);
        })
        .hasMessageContaining("could not be looked up: AccessDeniedException")
        .hasMessageContaining("check bedrock-lifecycle is FAIL");
  }

  @Test
  void aListenerThatThrows_isLoggedAndTheOtherWarningsStillArrive() {
    List<String> seen = new CopyOnWriteArrayList<>();
    RemoteCheck check = RemoteCheck.of("bedrock-agent-alias", CheckMode.WARN, w -> {
      seen.add(w.subject());
      throw new IllegalStateException("listener broke");
    });
    check.report(List.of(check.warning("a", "f", "p", "x", "m1"), check.warning("b", "f", "p", "y", "m2")));
    assertThat(seen).containsExactly("a", "b");
  }

  @Test
  void aWarningOfAnotherCheck_isRejected() {
    RemoteCheck check = RemoteCheck.of("bedrock-lifecycle", CheckMode.WARN, heard::add);
    CheckWarning other = new CheckWarning("sagemaker-deployment", "s", "f", "p", "x", "m");
    assertThatThrownBy(() -> check.report(List.of(other)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("check bedrock-lifecycle cannot report a warning of check sagemaker-deployment");
    assertThat(heard).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Bedrock-Lifecycle", "bedrock lifecycle", "bedrock_lifecycle", "-lifecycle", "a--b"})
  void aNameThatCannotBeAPropertyName_isRejected(String name) {
    assertThatThrownBy(() -> RemoteCheck.of(name, CheckMode.WARN, heard::add))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("check name must be lower-case words joined by '-', was '" + name + "'");
  }

  @Test
  void aFailedCheck_withoutAnyDifference_isRejected() {
    assertThatThrownBy(() -> new CheckFailedException("bedrock-lifecycle", List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bedrock-lifecycle");
  }
}
