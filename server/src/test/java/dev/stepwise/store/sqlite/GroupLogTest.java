package dev.stepwise.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.store.MinuteAggregate.StoredPoint;
import dev.stepwise.store.NewPoint;
import dev.stepwise.store.SeriesKey;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("a point log row")
class GroupLogTest {
  private static final SeriesKey LOSS = new SeriesKey("111122223333", "us-east-1", "tc", "loss");
  private static final SeriesKey ACC = new SeriesKey("111122223333", "us-east-1", "tc", "acc");

  private static Map<SeriesKey, List<StoredPoint>> group() {
    Map<SeriesKey, List<StoredPoint>> points = new LinkedHashMap<>();
    points.put(LOSS, List.of(new StoredPoint(1_000, 0, 0.5, 41), new StoredPoint(-5, NewPoint.NO_STEP, -0.0, 43)));
    points.put(ACC, List.of(new StoredPoint(Long.MAX_VALUE, Integer.MAX_VALUE, Double.NaN, 42)));
    return points;
  }

  private static long id(SeriesKey key) {
    return key == LOSS ? 7 : 9;
  }

  private static SeriesKey key(long id) {
    return id == 7 ? LOSS : id == 9 ? ACC : null;
  }

  @Test
  @DisplayName("decodes to the points it was encoded from, bit for bit, series in their order")
  void roundTrip() {
    byte[] row = GroupLog.encode(group(), GroupLogTest::id);
    assertThat(row).hasSize(8 + 2 * 12 + 3 * 24);
    assertThat(GroupLog.decode(row, GroupLogTest::key)).containsExactlyEntriesOf(group());
    assertThat(GroupLog.seriesIds(row)).containsExactly(7, 9);
  }

  @Test
  @DisplayName("that is cut short, or names a series the file lacks, is reported as corrupt")
  void corrupt() {
    byte[] row = GroupLog.encode(group(), GroupLogTest::id);
    for (byte[] bad : List.of(Arrays.copyOf(row, row.length - 1), Arrays.copyOf(row, 10), Arrays.copyOf(row, 3))) {
      assertThatThrownBy(() -> GroupLog.decode(bad, GroupLogTest::key))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("corrupt");
      assertThatThrownBy(() -> GroupLog.seriesIds(bad))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("corrupt");
    }
    assertThatThrownBy(() -> GroupLog.decode(row, id -> id == 7 ? LOSS : null))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("corrupt");
  }
}
