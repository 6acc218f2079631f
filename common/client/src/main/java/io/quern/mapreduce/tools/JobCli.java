package io.quern.mapreduce.tools;

import io.quern.conf.Configuration;
import io.quern.mapreduce.JobClient;
import io.quern.mapreduce.JobStatusReport;
import io.quern.mapreduce.TaskCompletionEvent;
import io.quern.net.HostPort;
import io.quern.protocol.mapred.TaskLaunchProtocol;
import io.quern.rpc.RpcClient;
import io.quern.rpc.RpcErrors;
import io.quern.util.GenericOptionsParser;
import io.quern.mapreduce.history.JobDetail;
import io.quern.mapreduce.history.JobHistoryFiles;
import io.quern.mapreduce.history.JobHistoryText;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * {@code quern job -list | -status ID | -kill ID | -counter ID GROUP NAME | -history ID |
 * -logs ATTEMPT_ID | -kill-task ATTEMPT_ID | -fail-task ATTEMPT_ID | -events ID [FROM COUNT]
 * [-follow]}: follows and controls jobs on the cluster.
 */
public final class JobCli {
  private final Configuration conf;
  /** Thread-safe (PrintStream); a command runs on one thread. */
  private final PrintStream out;

  public JobCli(Configuration conf, PrintStream out) {
    this.conf = conf;
    this.out = out;
  }

  public static void main(String[] argv) {
    Configuration conf = new Configuration();
    String[] args = new GenericOptionsParser(conf, argv).getRemainingArgs();
    int code;
    try {
      code = new JobCli(conf, System.out).run(args);
    } catch (IOException | RuntimeException e) {
      if (Boolean.getBoolean("quern.debug")) {
        e.printStackTrace();
      }
      System.err.println("quern job: " + e.getMessage());
      code = 1;
    }
    System.exit(code);
  }

  private static void usage() {
    System.err.println("Usage: quern job -list [all] | -status JOB_ID | -kill JOB_ID | -counter JOB_ID GROUP NAME"
        + " | -history JOB_ID | -logs ATTEMPT_ID | -kill-task ATTEMPT_ID | -fail-task ATTEMPT_ID"
        + " | -events JOB_ID [FROM_EVENT COUNT] [-follow]");
  }

  /** Runs one command; returns the exit code. */
  public int run(String[] args) throws IOException {
    if (args.length == 0) {
      usage();
      return 2;
    }
    String cmd = args[0];
    if (cmd.equals("-events")) {
      return events(args);
    }
    if (cmd.equals("-list") && (args.length == 1 || (args.length == 2 && args[1].equals("all")))) {
      // As Hadoop's: the jobs yet to complete, or with "all" every job the master still holds.
      boolean all = args.length == 2;
      try (JobClient client = new JobClient(conf)) {
        list(client.getAllJobs().stream().filter(s -> all || !s.state().isTerminal()).toList());
      }
      return 0;
    }
    int need = switch (cmd) {
      case "-status", "-kill", "-history", "-logs", "-kill-task", "-fail-task" -> 2;
      case "-counter" -> 4;
      default -> -1;
    };
    if (need < 0 || args.length != need) {
      usage();
      return 2;
    }
    if (cmd.equals("-history")) {
      return history(args[1]);
    }
    try (JobClient client = new JobClient(conf)) {
      switch (cmd) {
        case "-list" -> list(client.getAllJobs());
        case "-status" -> {
          status(client.getJobStatus(args[1]));
          out.println(client.getCounters(args[1]));
        }
        case "-kill" -> {
          client.killJob(args[1]);
          out.println("Killed job " + args[1]);
        }
        case "-kill-task", "-fail-task" -> {
          client.killTask(args[1], cmd.equals("-fail-task"));
          out.println((cmd.equals("-fail-task") ? "Failed " : "Killed ") + "task attempt " + args[1]);
        }
        case "-counter" -> out.println(client.getCounters(args[1]).findCounter(args[2], args[3]).getValue());
        case "-logs" -> logs(client, args[1]);
        default -> throw new IllegalStateException(cmd);
      }
    }
    return 0;
  }

  /**
   * {@code -events JOB_ID [FROM COUNT] [-follow]}: the ends of the job's attempts, one a line
   * ({@code ATTEMPT STATE WORKER SECONDS}), as Hadoop's {@code -events} from event FROM (0) at
   * most COUNT (all); with {@code -follow}, each new one as it happens until the job has ended.
   */
  private int events(String[] args) throws IOException {
    List<String> rest = new java.util.ArrayList<>(List.of(args).subList(1, args.length));
    boolean follow = rest.remove("-follow");
    if (rest.size() != 1 && rest.size() != 3) {
      usage();
      return 2;
    }
    String jobId = rest.get(0);
    int from;
    long count;
    try {
      from = rest.size() == 3 ? Integer.parseInt(rest.get(1)) : 0;
      count = rest.size() == 3 ? Long.parseLong(rest.get(2)) : Long.MAX_VALUE;
    } catch (NumberFormatException e) {
      throw new IOException("-events takes a first event number and a count, not '" + rest.get(1) + " "
          + rest.get(2) + "'");
    }
    if (from < 0 || count < 0) {
      throw new IOException("-events takes a first event number and a count >= 0");
    }
    try (JobClient client = new JobClient(conf)) {
      long printed = 0;
      int next = from;
      while (printed < count) {
        // Whether the job had ended before this fetch: then what it returns is all there will be.
        boolean ended = !follow || client.getJobStatus(jobId).state().isTerminal();
        List<TaskCompletionEvent> batch = client.getTaskCompletionEvents(jobId, next,
            (int) Math.min(1_000, count - printed));
        for (TaskCompletionEvent e : batch) {
          out.printf("%s %s %s %.1f%n", e.getTaskAttemptId(), e.getStatus(), e.getWorkerId(),
              e.getTaskRunTime() / 1000.0);
        }
        out.flush();
        next += batch.size();
        printed += batch.size();
        if (batch.isEmpty()) {
          if (ended) {
            break;
          }
          try {
            Thread.sleep(EVENT_POLL_MILLIS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            break;
          }
        }
      }
    }
    return 0;
  }

  private static final long EVENT_POLL_MILLIS = 500;

  private void list(List<JobStatusReport> jobs) {
    out.println(jobs.size() + " jobs");
    out.printf("%-32s %-10s %-24s %-10s %8s %8s %s%n", "JobId", "State", "StartTime", "User", "Map", "Reduce",
        "Name");
    for (JobStatusReport s : jobs) {
      out.printf("%-32s %-10s %-24s %-10s %7d%% %7d%% %s%n", s.jobId(), s.state(), Instant.ofEpochMilli(s.startTime()),
          s.user(), Math.round(s.mapProgress() * 100), Math.round(s.reduceProgress() * 100), s.name());
    }
  }

  private void status(JobStatusReport s) {
    out.println("Job: " + s.jobId());
    out.println("Name: " + s.name());
    out.println("State: " + s.state());
    out.println("map() completion: " + s.mapProgress());
    out.println("reduce() completion: " + s.reduceProgress());
    out.println("Maps: " + s.mapsCompleted() + "/" + s.mapsTotal() + ", reduces: " + s.reducesCompleted() + "/"
        + s.reducesTotal());
    if (s.failureReason() != null) {
      out.println("Reason: " + s.failureReason());
    }
    if (s.note() != null) {
      out.println("Note: " + s.note());
    }
  }

  private int history(String jobId) throws IOException {
    JobHistoryFiles files = new JobHistoryFiles(conf);
    try {
      files.path(jobId);
    } catch (IllegalArgumentException e) {
      throw new IOException("'" + jobId + "' is not a job id");
    }
    JobDetail d = files.read(jobId).orElseThrow(() -> new IOException("no history of " + jobId + " in "
        + files.dir() + " (it has not finished, or never ran)"));
    out.print(JobHistoryText.format(d));
    return 0;
  }

  private void logs(JobClient client, String attemptId) throws IOException {
    String endpoint = client.getAttemptWorker(attemptId);
    TaskLaunchProtocol worker;
    try {
      worker = RpcClient.lookup(conf, HostPort.parse(endpoint), TaskLaunchProtocol.NAME, TaskLaunchProtocol.class);
    } catch (Exception e) {
      throw new IOException("cannot reach worker " + endpoint + " for the logs: " + RpcErrors.describe(e));
    }
    for (String stream : new String[] {"stdout", "stderr"}) {
      out.println("==> " + attemptId + " " + stream + " (from " + endpoint + ") <==");
      long offset = 0;
      while (true) {
        byte[] chunk = worker.readLog(attemptId, stream, offset, 1 << 20);
        if (chunk.length == 0) {
          break;
        }
        out.print(new String(chunk, StandardCharsets.UTF_8));
        offset += chunk.length;
      }
    }
  }
}
