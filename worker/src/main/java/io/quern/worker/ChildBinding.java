package io.quern.worker;

import io.quern.security.JobSubject;
import io.quern.security.JobToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * What binds a child JVM to its job: the job, the user who submitted it, and (with security on)
 * the job's token, the only credential the child ever holds. The worker writes it as one line on
 * the child's stdin, a pipe only the two of them hold, and later renewals of the token the same
 * way: the token never appears in a file, the environment or the command line, and a spare
 * child, started before its job is known, waits on the pipe and can do nothing until the pool
 * gives it a job.
 *
 * <p>The line is {@code token job=JOB,user=USER,expires=MILLIS:BASE64} or, with security disabled,
 * {@code plain job=JOB,user=USER}.
 */
public record ChildBinding(JobSubject subject, JobToken token) {
  /** A line is far shorter; a longer one is not from our worker. */
  private static final int MAX_LINE = 1024;

  public ChildBinding {
    if (subject == null || (token != null && !token.subject().equals(subject))) {
      throw new IllegalArgumentException("a child binding needs its job and user, and their token if any");
    }
  }

  public static ChildBinding secure(JobToken token) {
    return new ChildBinding(token.subject(), token);
  }

  public static ChildBinding plain(JobSubject subject) {
    return new ChildBinding(subject, null);
  }

  public String line() {
    return (token != null ? "token " + token.encode() : "plain " + subject.text()) + "\n";
  }

  /**
   * Reads the binding from {@code in}, waiting for it.
   *
   * @throws java.io.EOFException if the pipe closes first: the worker discarded this child
   * @throws IOException if the line is not a binding
   */
  public static ChildBinding read(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != '\n') {
      if (b < 0) {
        throw new java.io.EOFException("the worker closed the binding pipe before binding this child to a job");
      }
      if (line.size() >= MAX_LINE) {
        throw new IOException("the binding line is longer than " + MAX_LINE + " bytes");
      }
      line.write(b);
    }
    return parse(line.toString(StandardCharsets.US_ASCII));
  }

  static ChildBinding parse(String line) throws IOException {
    try {
      if (line.startsWith("token ")) {
        return secure(JobToken.decode(line.substring(6)));
      }
      if (line.startsWith("plain ")) {
        return plain(JobSubject.parse(line.substring(6)));
      }
    } catch (IllegalArgumentException e) {
      throw new IOException("not a child binding: " + e.getMessage());
    }
    throw new IOException("not a child binding (token ... or plain ...)");
  }

  @Override
  public String toString() {
    return "ChildBinding(" + subject.text() + (token != null ? ", with token" : ", security disabled") + ")";
  }
}
