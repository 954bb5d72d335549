package dev.mvc.langchain4j;

import dev.langchain4j.model.chat.response.ChatResponseMetadata;
import dev.mvc.VersionStamp;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Response metadata of a pinned call: LangChain4j's fields plus the response's {@link VersionStamp}. */
public final class MvcChatResponseMetadata extends ChatResponseMetadata {
  private final VersionStamp stamp;

  private MvcChatResponseMetadata(Builder b) {
    super(b);
    this.stamp = Objects.requireNonNull(b.stamp, "stamp");
  }

  /** Returns the stamp of the response. */
  public VersionStamp stamp() {
    return stamp;
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MvcChatResponseMetadata other && super.equals(o) && stamp.equals(other.stamp);
  }

  @Override
  public int hashCode() {
    return 31 * super.hashCode() + stamp.hashCode();
  }

  @Override
  public String toString() {
    return "MvcChatResponseMetadata{" + super.toString() + ", stamp=" + stamp.toHeaderValue() + "}";
  }

  /** A builder of {@link MvcChatResponseMetadata}. */
  public static final class Builder extends ChatResponseMetadata.Builder<Builder> {
    private @Nullable VersionStamp stamp;

    private Builder() {}

    /** Sets the stamp (required). */
    public Builder stamp(VersionStamp stamp) {
      this.stamp = Objects.requireNonNull(stamp, "stamp");
      return this;
    }

    @Override
    public MvcChatResponseMetadata build() {
      return new MvcChatResponseMetadata(this);
    }
  }
}
