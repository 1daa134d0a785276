package dev.stepwise.store.groupcommit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.store.AppendBatch;
import dev.stepwise.store.AppendOutcome;
import dev.stepwise.store.NewPoint;
import dev.stepwise.store.StoreUnavailableException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("WriteQueue's exclusive tasks")
class WriteQueueTest {
  /** Records what the writer thread did, in order; the first group waits until released. */
  private static final class RecordingWriter implements BatchWriter {
    final List<String> log = Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch writing = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public List<List<AppendOutcome>> write(List<AppendBatch> batches) throws Exception {
      writing.countDown();
      release.await(30, TimeUnit.SECONDS);
      batches.forEach(b -> log.add("append " + b.trialComponent()));
      return batches.stream().map(b -> List.of(AppendOutcome.STORED)).toList();
    }

    @Override
    public void close() {}
  }

  private static AppendBatch batch(String name) {
    return new AppendBatch("111122223333", "us-east-1", name, List.of(new NewPoint("m", 1, 1, 1)));
  }

  @Test
  @DisplayName("run after the batches queued before them and before those queued after, alone")
  void ordered() throws Exception {
    RecordingWriter writer = new RecordingWriter();
    try (WriteQueue queue = new WriteQueue("test", writer, 16, () -> {})) {
      CompletableFuture<List<AppendOutcome>> first = queue.submit(batch("a"));
      assertThat(writer.writing.await(30, TimeUnit.SECONDS)).isTrue(); // "a" is being written
      CompletableFuture<List<AppendOutcome>> before = queue.submit(batch("b"));
      CompletableFuture<String> task = queue.runExclusive(() -> {
        writer.log.add("task");
        return "done";
      });
      CompletableFuture<List<AppendOutcome>> after = queue.submit(batch("c"));
      writer.release.countDown();

      CompletableFuture.allOf(first, before, task, after).get(30, TimeUnit.SECONDS);
      assertThat(task.join()).isEqualTo("done");
      assertThat(writer.log).containsExactly("append a", "append b", "task", "append c");
    }
  }

  @Test
  @DisplayName("that fail fail their own future only, and the writer goes on")
  void failing() throws Exception {
    RecordingWriter writer = new RecordingWriter();
    writer.release.countDown();
    try (WriteQueue queue = new WriteQueue("test", writer, 16, () -> {})) {
      CompletableFuture<Object> task = queue.runExclusive(() -> {
        throw new IllegalStateException("disk on fire");
      });
      assertThat(task).failsWithin(30, TimeUnit.SECONDS).withThrowableOfType(java.util.concurrent.ExecutionException.class)
          .withCauseInstanceOf(StoreUnavailableException.class);
      assertThat(queue.submit(batch("next")).get(30, TimeUnit.SECONDS)).containsExactly(AppendOutcome.STORED);
    }
  }
}
