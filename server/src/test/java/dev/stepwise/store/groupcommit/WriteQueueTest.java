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
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("WriteQueue")
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

  @Nested
  @DisplayName("exclusive tasks")
  class ExclusiveTasks {
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

  /** Wants its idle work done once a group has been written; its idle work fails while {@code failing} is set. */
  private static final class IdleWriter implements BatchWriter {
    final List<String> log = Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch idled = new CountDownLatch(1);
    final CountDownLatch failed = new CountDownLatch(1);
    volatile boolean pending;
    volatile boolean failing;

    @Override
    public List<List<AppendOutcome>> write(List<AppendBatch> batches) {
      batches.forEach(b -> log.add("append " + b.trialComponent()));
      pending = true;
      return batches.stream().map(b -> List.of(AppendOutcome.STORED)).toList();
    }

    @Override
    public long idleDelayNanos() {
      return pending ? 0 : -1;
    }

    @Override
    public void idle() {
      if (failing) {
        log.add("idle failed");
        failed.countDown();
        throw new IllegalStateException("disk full");
      }
      log.add("idle");
      pending = false;
      idled.countDown();
    }

    @Override
    public void close() {}
  }

  @Nested
  @DisplayName("idle work")
  class IdleWork {
    @Test
    @DisplayName("is done when the writer asks for it and nothing is queued, after the batches")
    void afterBatches() throws Exception {
      IdleWriter writer = new IdleWriter();
      try (WriteQueue queue = new WriteQueue("test", writer, 16, () -> {})) {
        assertThat(queue.submit(batch("a")).get(30, TimeUnit.SECONDS)).containsExactly(AppendOutcome.STORED);
        assertThat(writer.idled.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(writer.log).containsExactly("append a", "idle");
      }
    }

    @Test
    @DisplayName("that fails is tried again later, and batches are written meanwhile")
    void failing() throws Exception {
      IdleWriter writer = new IdleWriter();
      writer.failing = true;
      try (WriteQueue queue = new WriteQueue("test", writer, 16, () -> {})) {
        queue.submit(batch("a")).get(30, TimeUnit.SECONDS);
        assertThat(writer.failed.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(queue.submit(batch("b")).get(30, TimeUnit.SECONDS)).containsExactly(AppendOutcome.STORED);
        writer.failing = false;
        assertThat(writer.idled.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(writer.log).startsWith("append a", "idle failed").contains("append b").endsWith("idle");
      }
    }
  }
}
