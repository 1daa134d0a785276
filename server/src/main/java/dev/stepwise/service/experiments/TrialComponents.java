package dev.stepwise.service.experiments;

import dev.stepwise.api.ApiException;
import dev.stepwise.api.ErrorCode;
import dev.stepwise.api.Principal;
import dev.stepwise.model.experiments.EntityKind;
import dev.stepwise.model.experiments.MetricSummary;
import dev.stepwise.model.experiments.TrialComponent;
import dev.stepwise.model.experiments.TrialComponentDetails;
import dev.stepwise.model.experiments.TrialComponentRequests;
import dev.stepwise.service.ResourceArn;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Creating, describing and updating trial components: the runs of SageMaker Studio and of the Python SDK. */
final class TrialComponents {
  /** The model's limits on one request's maps; a trial component holds no more than one request may send. */
  static final int MAX_PARAMETERS = 300;
  static final int MAX_ARTIFACTS = 60;

  private final ExperimentsService service;

  TrialComponents(ExperimentsService service) {
    this.service = service;
  }

  TrialComponent create(Principal caller, TrialComponentRequests.Create request, long now) {
    Tagging.check(request.tags());
    TrialComponent component = new TrialComponent(request.name(), request.displayName(), null, request.status(),
        request.startTimeMs(), request.endTimeMs(), now, now, request.parameters(), request.inputArtifacts(),
        request.outputArtifacts(), request.metadataProperties(), request.tags());
    return ExperimentsService.guard(EntityKind.TRIAL_COMPONENT, request.name(),
        () -> service.insert(caller, component));
  }

  TrialComponentDetails describe(Principal caller, String nameOrArn) {
    String name = nameOf(caller, nameOrArn);
    return ExperimentsService.guard(EntityKind.TRIAL_COMPONENT, name, () -> {
      TrialComponent component = (TrialComponent) service.find(caller, EntityKind.TRIAL_COMPONENT, name).entity();
      List<MetricSummary> metrics = Searches.MetricSummaries.of(service.store().seriesStats(
          ExperimentsService.partition(caller), List.of(component.key()), List.of()))
          .getOrDefault(component.key(), List.of());
      return new TrialComponentDetails(component, metrics);
    });
  }

  /**
   * Sets what the request gives: status, times and display name replace; map entries are set by key (an omitted or
   * empty map changes nothing) and the keys to remove are removed. A key both set and removed is refused, as is a
   * map that would grow past the model's limit.
   */
  TrialComponent update(Principal caller, TrialComponentRequests.Update request, long now) {
    checkDisjoint("Parameters", request.parameters(), request.parametersToRemove());
    checkDisjoint("InputArtifacts", request.inputArtifacts(), request.inputArtifactsToRemove());
    checkDisjoint("OutputArtifacts", request.outputArtifacts(), request.outputArtifactsToRemove());
    return ExperimentsService.guard(EntityKind.TRIAL_COMPONENT, request.name(),
        () -> service.update(caller, EntityKind.TRIAL_COMPONENT, request.name(), (TrialComponent c) ->
            new TrialComponent(c.name(),
                request.displayName() == null ? c.displayName() : request.displayName(),
                c.source(),
                request.status() == null ? c.status() : request.status(),
                request.startTimeMs() == null ? c.startTimeMs() : request.startTimeMs(),
                request.endTimeMs() == null ? c.endTimeMs() : request.endTimeMs(),
                c.creationTimeMs(), now,
                merged("Parameters", c.parameters(), request.parameters(), request.parametersToRemove(),
                    MAX_PARAMETERS),
                merged("InputArtifacts", c.inputArtifacts(), request.inputArtifacts(),
                    request.inputArtifactsToRemove(), MAX_ARTIFACTS),
                merged("OutputArtifacts", c.outputArtifacts(), request.outputArtifacts(),
                    request.outputArtifactsToRemove(), MAX_ARTIFACTS),
                c.metadataProperties(), c.tags())));
  }

  private static <V> Map<String, V> merged(String member, Map<String, V> current, Map<String, V> set,
      List<String> remove, int max) {
    Map<String, V> result = new LinkedHashMap<>(current);
    result.putAll(set);
    remove.forEach(result::remove);
    if (result.size() > max) {
      throw Errors.validation("The update would leave " + result.size() + " " + member
          + " on the trial component; it may hold at most " + max + ".");
    }
    return result;
  }

  private static void checkDisjoint(String member, Map<String, ?> set, List<String> remove) {
    for (String key : remove) {
      if (set.containsKey(key)) {
        throw Errors.validation("'" + Names.echo(key) + "' is both in " + member + " and in " + member
            + "ToRemove: set it or remove it, not both.");
      }
    }
  }

  /** DescribeTrialComponent takes a name or the trial component's ARN. */
  private static String nameOf(Principal caller, String nameOrArn) {
    if (!nameOrArn.startsWith("arn:")) {
      return nameOrArn;
    }
    ResourceArn arn = ResourceArn.parse(nameOrArn);
    if (!arn.account().equals(caller.account())) {
      throw new ApiException(ErrorCode.AccessDeniedException, "Account " + caller.account()
          + " is not authorized to perform sagemaker:DescribeTrialComponent on resource " + nameOrArn);
    }
    if (!arn.resourceType().equals(EntityKind.TRIAL_COMPONENT.arnType())) {
      throw Errors.validation("'" + Names.echo(nameOrArn) + "' is not the ARN of a trial component.");
    }
    if (!arn.region().isEmpty() && !arn.region().equals(caller.region())) {
      throw Errors.notFound(EntityKind.TRIAL_COMPONENT, nameOrArn);
    }
    return arn.resourceName();
  }

}
