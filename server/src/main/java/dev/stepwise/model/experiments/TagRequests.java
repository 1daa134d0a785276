package dev.stepwise.model.experiments;

import java.util.List;
import java.util.Objects;

/** {@code AddTags}, {@code ListTags} and {@code DeleteTags}, decoded and within the model's constraints. */
public final class TagRequests {
  private TagRequests() {}

  public record Add(String resourceArn, List<Tag> tags) {
    public Add {
      Objects.requireNonNull(resourceArn, "resourceArn");
      tags = List.copyOf(tags);
    }
  }

  /** maxResults and nextToken may be null. */
  public record ListTags(String resourceArn, Integer maxResults, String nextToken) {
    public ListTags {
      Objects.requireNonNull(resourceArn, "resourceArn");
    }
  }

  public record Delete(String resourceArn, List<String> tagKeys) {
    public Delete {
      Objects.requireNonNull(resourceArn, "resourceArn");
      tagKeys = List.copyOf(tagKeys);
    }
  }
}
