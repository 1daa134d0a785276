package dev.stepwise.bench;

import dev.stepwise.bench.query.QueryMeasurement;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything measured on one system; what failed is kept as a message, so that the report says what is missing and
 * why instead of the run stopping half-way.
 */
public final class SystemResults {
  private final String name;
  private IngestFigure ingest;
  private String loadFigure;
  private final List<QueryMeasurement> queries = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();
  private boolean verified = true;

  public SystemResults(String name) {
    this.name = name;
  }

  public String name() {
    return name;
  }

  public IngestFigure ingest() {
    return ingest;
  }

  public void ingest(IngestFigure figure) {
    ingest = figure;
  }

  /** How fast the query data went in, for information. */
  public String loadFigure() {
    return loadFigure;
  }

  public void loadFigure(String figure) {
    loadFigure = figure;
  }

  public List<QueryMeasurement> queries() {
    return queries;
  }

  public List<String> failures() {
    return failures;
  }

  public void failed(String what, Exception e) {
    String message = what + ": " + e;
    failures.add(message);
    System.err.println("!!! " + name + ": " + message);
    e.printStackTrace();
  }

  /** A read-back that did not find every acknowledged point exactly once. */
  public void verificationFailed(String message) {
    verified = false;
    failures.add(message);
    System.err.println("!!! VERIFICATION FAILED on " + name + ": " + message);
  }

  public boolean ok() {
    return verified && failures.isEmpty();
  }
}
