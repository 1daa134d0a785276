package dev.stepwise.model.experiments;

import java.util.List;

/**
 * One window of a search's ordered matches ({@link TrialComponentQuery}): the records from {@code offset} on.
 *
 * @param total how many records matched when the search was first made (its snapshot's length)
 * @param snapshot what reads other windows of the same order: opaque to the caller
 * @param records fewer than asked at the end, and without those deleted since the snapshot
 */
public record SearchWindow(long total, int offset, String snapshot, List<SearchRecord> records) {
  public SearchWindow {
    records = List.copyOf(records);
  }
}
