package dev.stepwise.http;

import dev.stepwise.api.ApiException;
import dev.stepwise.api.ErrorCode;
import dev.stepwise.api.Principal;
import dev.stepwise.auth.Authenticator;
import dev.stepwise.model.PutItemError;
import dev.stepwise.model.PutMetricsCommand;
import dev.stepwise.protocol.MetricsCodec;
import dev.stepwise.protocol.ModelConstraints;
import dev.stepwise.protocol.OperationCodec;
import dev.stepwise.protocol.experiments.ExperimentsCodec;
import dev.stepwise.service.MetricsService;
import dev.stepwise.service.experiments.ExperimentsService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * Every operation of the two services, each paired with its service call: SageMaker Metrics' two (rest-json) and the
 * SageMaker Experiments control plane's (JSON 1.1), all through one {@link OperationDispatcher}; and the signed admin
 * route that deletes a trial component's metrics.
 */
final class ServiceRoutes {
  private static final Pattern TRIAL_COMPONENT_NAME = Pattern.compile(ModelConstraints.TRIAL_COMPONENT_NAME_PATTERN);
  private static final Runnable NO_ADMISSION = () -> {};

  private final OperationDispatcher dispatcher;
  private final MetricsService metrics;

  ServiceRoutes(Authenticator authenticator, MetricsService metrics, ExperimentsService experiments,
      long maxBodyBytes) {
    this.dispatcher = new OperationDispatcher(authenticator, maxBodyBytes);
    this.metrics = metrics;
    MetricsCodec codec = new MetricsCodec();
    dispatcher.rest(HandlerType.PUT, "/BatchPutMetrics",
        new OperationDispatcher.Route<>(codec.batchPutMetrics(), this::batchPutMetrics, metrics::admitWrite));
    dispatcher.rest(HandlerType.POST, "/BatchGetMetrics",
        new OperationDispatcher.Route<>(codec.batchGetMetrics(), (ctx, caller, queries) -> metrics.get(caller, queries),
            NO_ADMISSION));
    addExperiments(new ExperimentsCodec(), experiments);
  }

  private void addExperiments(ExperimentsCodec codec, ExperimentsService s) {
    Set<String> wired = new TreeSet<>();
    wired.add(json(codec.createExperiment(), s::createExperiment));
    wired.add(json(codec.describeExperiment(), s::describeExperiment));
    wired.add(json(codec.updateExperiment(), s::updateExperiment));
    wired.add(json(codec.deleteExperiment(), s::deleteExperiment));
    wired.add(json(codec.listExperiments(), s::listExperiments));
    wired.add(json(codec.createTrial(), s::createTrial));
    wired.add(json(codec.describeTrial(), s::describeTrial));
    wired.add(json(codec.updateTrial(), s::updateTrial));
    wired.add(json(codec.deleteTrial(), s::deleteTrial));
    wired.add(json(codec.listTrials(), s::listTrials));
    wired.add(json(codec.associateTrialComponent(), s::associate));
    wired.add(json(codec.disassociateTrialComponent(), s::disassociate));
    wired.add(json(codec.createTrialComponent(), s::createTrialComponent));
    wired.add(json(codec.describeTrialComponent(), s::describeTrialComponent));
    wired.add(json(codec.updateTrialComponent(), s::updateTrialComponent));
    wired.add(json(codec.deleteTrialComponent(), s::deleteTrialComponent));
    wired.add(json(codec.listTrialComponents(), s::listTrialComponents));
    wired.add(json(codec.search(), s::search));
    wired.add(json(codec.createArtifact(), s::createArtifact));
    wired.add(json(codec.addAssociation(), s::addAssociation));
    wired.add(json(codec.addTags(), s::addTags));
    wired.add(json(codec.listTags(), s::listTags));
    wired.add(json(codec.deleteTags(), (caller, request) -> {
      s.deleteTags(caller, request);
      return null;
    }));
    if (!wired.equals(new TreeSet<>(codec.operations()))) {
      throw new IllegalStateException("the model subset's operations " + codec.operations()
          + " are not the ones wired " + wired);
    }
  }

  private <I, O> String json(OperationCodec<I, O> codec, BiFunction<Principal, I, O> call) {
    dispatcher.target(ExperimentsCodec.TARGET_PREFIX,
        new OperationDispatcher.Route<>(codec, (ctx, caller, input) -> call.apply(caller, input), NO_ADMISSION));
    return codec.name();
  }

  void register(RoutesConfig routes) {
    dispatcher.register(routes);
    routes.delete("/admin/trial-components/{name}", this::deleteTrialComponentMetrics);
  }

  String offered() {
    return dispatcher.offered() + ", DELETE /admin/trial-components/{name}";
  }

  private List<PutItemError> batchPutMetrics(Context ctx, Principal caller, PutMetricsCommand command) {
    List<PutItemError> errors = metrics.put(caller, command);
    RequestLog.points(ctx, command.metricData().size() - errors.size());
    RequestLog.rejected(ctx, errors);
    return errors;
  }

  /**
   * {@code DELETE /admin/trial-components/{name}}, signed like the operations: deletes every metric of that trial
   * component in the caller's account and region (the trial component itself stays; DeleteTrialComponent deletes
   * both). Answers {@code {"TrialComponentName": ..., "DeletedPoints": n}}.
   */
  private void deleteTrialComponentMetrics(Context ctx) {
    RequestLog.operation(ctx, "DeleteTrialComponentMetrics");
    String name = ctx.pathParam("name");
    Principal caller = dispatcher.authenticate(ctx).caller();
    if (!TRIAL_COMPONENT_NAME.matcher(name).matches()) {
      throw new ApiException(ErrorCode.ValidationException,
          "1 validation error detected: Value '" + name.replaceAll("\\p{Cntrl}", "?")
              + "' at 'trialComponentName' failed to satisfy constraint: Member must satisfy regular expression"
              + " pattern: " + ModelConstraints.TRIAL_COMPONENT_NAME_PATTERN);
    }
    long deleted = metrics.deleteTrialComponent(caller, name);
    ctx.contentType(MetricsCodec.CONTENT_TYPE)
        .result("{\"TrialComponentName\":\"" + name + "\",\"DeletedPoints\":" + deleted + "}");
  }
}
