package dev.stepwise.model.experiments;

/** Where a trial or trial component came from; every member may be null. */
public record MetadataProperties(String commitId, String repository, String generatedBy, String projectId) {
  public boolean isEmpty() {
    return commitId == null && repository == null && generatedBy == null && projectId == null;
  }
}
