package dev.stepwise.bench.load;

import java.util.List;

/** The points of one write request, all for one trial component. */
public record Batch(String trialComponent, List<Point> points) {
  public Batch {
    points = List.copyOf(points);
  }
}
