package io.quern.worker.child;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Splits the child's stdout and stderr by attempt: while a thread (or a thread it started)
 * runs an attempt, what it prints goes to that attempt's own files; anything else goes to
 * the child's streams. Installed once per child, before the first attempt.
 */
final class AttemptLogs {
  private static final InheritableThreadLocal<OutputStream[]> CURRENT = new InheritableThreadLocal<>();

  private AttemptLogs() {}

  static void install() {
    System.setOut(new PrintStream(new Routing(System.out, 0), true));
    System.setErr(new PrintStream(new Routing(System.err, 1), true));
  }

  /** Routes this thread's output to {@code DIR/ATTEMPT.stdout|stderr} until the returned handle is closed. */
  static AutoCloseable open(Path dir, String attemptId) throws IOException {
    Files.createDirectories(dir);
    OutputStream[] streams = {
        Files.newOutputStream(dir.resolve(attemptId + ".stdout")),
        Files.newOutputStream(dir.resolve(attemptId + ".stderr"))};
    CURRENT.set(streams);
    return () -> {
      CURRENT.remove();
      for (OutputStream s : streams) {
        s.close();
      }
    };
  }

  private static final class Routing extends OutputStream {
    private final OutputStream fallback;
    private final int index;

    Routing(OutputStream fallback, int index) {
      this.fallback = fallback;
      this.index = index;
    }

    private OutputStream target() {
      OutputStream[] s = CURRENT.get();
      return s == null ? fallback : s[index];
    }

    @Override
    public void write(int b) throws IOException {
      target().write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      target().write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      target().flush();
    }
  }
}
