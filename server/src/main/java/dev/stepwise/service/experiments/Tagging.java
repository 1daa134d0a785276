package dev.stepwise.service.experiments;

import dev.stepwise.api.ApiException;
import dev.stepwise.api.ErrorCode;
import dev.stepwise.api.Principal;
import dev.stepwise.model.experiments.Entity;
import dev.stepwise.model.experiments.EntityKind;
import dev.stepwise.model.experiments.Page;
import dev.stepwise.model.experiments.Tag;
import dev.stepwise.model.experiments.TagRequests;
import dev.stepwise.service.ResourceArn;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code AddTags}, {@code ListTags}, {@code DeleteTags} on experiments, trials, trial components and artifacts,
 * named by ARN. As AWS: at most 50 tags per resource, keys unique (adding a key again replaces its value), the
 * {@code aws:} prefix reserved.
 */
final class Tagging {
  static final int MAX_TAGS = 50;

  /** The entity an ARN names in the caller's account and region. */
  record Target(EntityKind kind, String key) {}

  private final ExperimentsService service;

  Tagging(ExperimentsService service) {
    this.service = service;
  }

  List<Tag> add(Principal caller, TagRequests.Add request, long now) {
    check(request.tags());
    Target target = target(caller, request.resourceArn(), "AddTags");
    service.update(caller, target.kind(), target.key(), entity -> {
      Map<String, Tag> tags = byKey(entity.tags());
      request.tags().forEach(tag -> tags.put(tag.key(), tag));
      if (tags.size() > MAX_TAGS) {
        throw Errors.validation("The resource would have " + tags.size() + " tags; it may have at most " + MAX_TAGS
            + ".");
      }
      return entity.withTags(List.copyOf(tags.values()), now);
    });
    return request.tags();
  }

  /** Every tag fits one page (the model's MaxResults is at least 50, a resource's tags at most 50). */
  Page<Tag> list(Principal caller, TagRequests.ListTags request) {
    if (request.nextToken() != null && !request.nextToken().isEmpty()) {
      throw PageTokens.invalid();
    }
    Target target = target(caller, request.resourceArn(), "ListTags");
    return new Page<>(service.find(caller, target.kind(), target.key()).entity().tags(), null);
  }

  Void delete(Principal caller, TagRequests.Delete request, long now) {
    Target target = target(caller, request.resourceArn(), "DeleteTags");
    Set<String> keys = new HashSet<>(request.tagKeys());
    service.update(caller, target.kind(), target.key(), entity ->
        entity.withTags(entity.tags().stream().filter(tag -> !keys.contains(tag.key())).toList(), now));
    return null;
  }

  /**
   * The entity an ARN of the caller's names.
   *
   * @throws ApiException AccessDeniedException for another account's ARN; ResourceNotFound for another region's,
   *     or a kind of resource this service does not hold
   */
  Target target(Principal caller, String arnText, String action) {
    ResourceArn arn;
    try {
      arn = ResourceArn.parse(arnText);
    } catch (IllegalArgumentException e) {
      throw Errors.validation("'" + Names.echo(arnText) + "' is not a SageMaker ARN.");
    }
    if (!arn.account().equals(caller.account())) {
      throw new ApiException(ErrorCode.AccessDeniedException, "Account " + caller.account()
          + " is not authorized to perform sagemaker:" + action + " on resource " + arnText);
    }
    EntityKind kind = null;
    for (EntityKind candidate : EntityKind.values()) {
      if (candidate.arnType().equals(arn.resourceType())) {
        kind = candidate;
      }
    }
    if (kind == null || (!arn.region().isEmpty() && !arn.region().equals(caller.region()))) {
      throw new ApiException(ErrorCode.ResourceNotFound, "Resource '" + Names.echo(arnText) + "' does not exist"
          + (kind == null ? ": this service holds experiments, trials, trial components and artifacts." : "."));
    }
    return new Target(kind, Entity.keyOf(arn.resourceName()));
  }

  /** A request's tags: no key twice, none in the reserved {@code aws:} namespace. */
  static void check(List<Tag> tags) {
    Set<String> seen = new HashSet<>();
    for (Tag tag : tags) {
      if (!seen.add(tag.key())) {
        throw Errors.validation("The tag key '" + Names.echo(tag.key()) + "' is given twice.");
      }
      if (tag.key().startsWith("aws:")) {
        throw Errors.validation("Tag keys that start with 'aws:' are reserved for AWS: '" + Names.echo(tag.key())
            + "'.");
      }
    }
  }

  private static Map<String, Tag> byKey(List<Tag> tags) {
    Map<String, Tag> byKey = new LinkedHashMap<>();
    new ArrayList<>(tags).forEach(tag -> byKey.put(tag.key(), tag));
    return byKey;
  }
}
