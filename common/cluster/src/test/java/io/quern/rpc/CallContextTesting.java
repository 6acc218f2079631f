package io.quern.rpc;

import java.util.concurrent.Callable;

/** Runs code as if inside a remote call from a given caller, for tests of a server's checks without RMI. */
public final class CallContextTesting {
  private CallContextTesting() {}

  /** Runs {@code call} as a task of {@code jobId} whose token proved {@code user}. */
  public static <T> T asJob(String jobId, String user, Callable<T> call) throws Exception {
    CallContext.Caller previous = CallContext.current().orElse(null);
    CallContext.set(new CallContext.Caller(CallContext.Caller.Kind.JOB, jobId, user));
    try {
      return call.call();
    } finally {
      CallContext.set(previous);
    }
  }
}
