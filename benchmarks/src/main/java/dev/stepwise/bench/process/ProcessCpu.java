package dev.stepwise.bench.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The user plus system CPU time that processes have used, from {@code /proc/<pid>/stat} (utime and stime, every
 * thread of the process): one server process, or a database's postmaster and every process it started (its backends,
 * WAL writer, checkpointer...). Read before and after a measured window, the difference is the CPU the window cost.
 * A process that ends within the window takes its time with it, so the figure is a lower bound; the systems measured
 * here keep their processes (PostgreSQL's backends are the pools' long-lived connections).
 */
public final class ProcessCpu {
  /** Linux's USER_HZ: the unit of utime and stime (sysconf(_SC_CLK_TCK), 100 on every Linux architecture we run). */
  private static final double TICKS_PER_SECOND = 100;

  private final List<Long> pids;
  private final boolean withChildren;
  private final boolean machine;

  private ProcessCpu(List<Long> pids, boolean withChildren, boolean machine) {
    this.pids = List.copyOf(pids);
    this.withChildren = withChildren;
    this.machine = machine;
  }

  /**
   * Every process on the machine: the busy time of all cores from {@code /proc/stat} (user, nice, system, irq,
   * softirq, steal; not idle or iowait). What it holds beyond the measured processes is the rest of the machine's load.
   */
  public static ProcessCpu machine() {
    return new ProcessCpu(List.of(), false, true);
  }

  /** This JVM: the load generator. */
  public static ProcessCpu self() {
    return of(List.of(ProcessHandle.current().pid()));
  }

  /** These processes (e.g. one server, or two nodes), their threads included. */
  public static ProcessCpu of(List<Long> pids) {
    return new ProcessCpu(pids, false, false);
  }

  /** The process and its children, e.g. PostgreSQL's postmaster and its backends. */
  public static ProcessCpu withChildren(long parent) {
    return new ProcessCpu(List.of(parent), true, false);
  }

  /** CPU seconds used so far by the processes (and children) alive now. */
  public double seconds() {
    if (machine) {
      return machineSeconds();
    }
    List<Long> all = new ArrayList<>(pids);
    if (withChildren) {
      all.addAll(children());
    }
    long ticks = 0;
    for (long pid : all) {
      long[] stat = stat(pid);
      if (stat != null) {
        ticks += stat[1] + stat[2];
      }
    }
    return ticks / TICKS_PER_SECOND;
  }

  private static double machineSeconds() {
    try {
      String cpu = Files.readAllLines(Path.of("/proc/stat")).getFirst(); // "cpu  user nice system idle iowait irq..."
      String[] f = cpu.trim().split(" +");
      long busy = 0;
      for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
        busy += Long.parseLong(f[i]);
      }
      return busy / TICKS_PER_SECOND;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<Long> children() {
    List<Long> children = new ArrayList<>();
    try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
      for (Path entry : entries.toList()) {
        String name = entry.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        long pid = Long.parseLong(name);
        long[] stat = stat(pid);
        if (stat != null && pids.contains(stat[0])) {
          children.add(pid);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return children;
  }

  /** The parent pid, utime and stime of a process, or null when it has gone. */
  static long[] stat(long pid) {
    String line;
    try {
      line = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
    } catch (NoSuchFileException gone) {
      return null;
    } catch (IOException e) {
      if (!Files.exists(Path.of("/proc", String.valueOf(pid)))) {
        return null;
      }
      throw new UncheckedIOException(e);
    }
    // The command name (field 2) is in parentheses and may hold spaces: the fields after its last ')' are fixed.
    String[] f = line.substring(line.lastIndexOf(')') + 2).split(" ");
    // f[0] is field 3 (state): ppid is field 4, utime field 14, stime field 15.
    return new long[] {Long.parseLong(f[1]), Long.parseLong(f[11]), Long.parseLong(f[12])};
  }

  /** The parent of a process, e.g. a PostgreSQL backend's postmaster. */
  public static long parentOf(long pid) {
    long[] stat = stat(pid);
    if (stat == null) {
      throw new IllegalStateException("no process " + pid);
    }
    return stat[0];
  }
}
