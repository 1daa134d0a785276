package dev.stepwise.service.experiments;

import dev.stepwise.api.ApiException;
import dev.stepwise.api.ErrorCode;
import dev.stepwise.model.experiments.EntityKind;
import dev.stepwise.store.EntityInUseException;
import dev.stepwise.store.EntityNotFoundException;
import dev.stepwise.store.EntityStateException;

/** The control plane's errors, in SageMaker's codes, with messages that say what to do. */
final class Errors {
  private Errors() {}

  /** 400 ResourceNotFound, as SageMaker answers a missing experiment, trial, trial component or artifact. */
  static ApiException notFound(EntityKind kind, String name) {
    return new ApiException(ErrorCode.ResourceNotFound, kind.title() + " '" + Names.echo(name) + "' does not exist.");
  }

  /**
   * 400 ValidationException whose message says "already exists": what the SageMaker Python SDK looks for before it
   * describes the existing one instead.
   */
  static ApiException alreadyExists(EntityKind kind, String name) {
    return new ApiException(ErrorCode.ValidationException, kind.title() + " '" + Names.echo(name)
        + "' already exists (names are unique regardless of case).");
  }

  static ApiException validation(String message) {
    return new ApiException(ErrorCode.ValidationException, message);
  }

  /** A store's refusal, named with the name the caller used where it is the entity asked about. */
  static ApiException of(EntityStateException refusal, EntityKind askedKind, String askedName) {
    String name = refusal.kind() == askedKind && askedName != null ? askedName : refusal.key();
    return switch (refusal) {
      case EntityNotFoundException notFound -> notFound(refusal.kind(), name);
      case EntityInUseException inUse -> validation(switch (refusal.kind()) {
        case EXPERIMENT -> "Experiment '" + Names.echo(name) + "' still has trials: delete them (DeleteTrial) first.";
        case TRIAL -> "Trial '" + Names.echo(name) + "' still has trial components: disassociate them"
            + " (DisassociateTrialComponent) first.";
        case TRIAL_COMPONENT -> "TrialComponent '" + Names.echo(name) + "' belongs to trials: disassociate it"
            + " from each (DisassociateTrialComponent) first.";
        case ARTIFACT -> "Artifact '" + Names.echo(name) + "' is in use.";
      });
    };
  }
}
