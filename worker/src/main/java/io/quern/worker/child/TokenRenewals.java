package io.quern.worker.child;

import io.quern.conf.Configuration;
import io.quern.security.Security;
import io.quern.worker.ChildBinding;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Takes the renewed job tokens the worker writes on the child's stdin, after the first binding,
 * and installs each as this JVM's credentials: connections opened from then on present it. A
 * binding for another job or user is refused: a child serves one job for its whole life.
 */
final class TokenRenewals {
  private TokenRenewals() {}

  static void follow(InputStream in, ChildBinding first, Configuration conf) {
    Thread t = new Thread(() -> run(in, first, conf), "token-renewals");
    t.setDaemon(true);
    t.start();
  }

  private static void run(InputStream in, ChildBinding first, Configuration conf) {
    while (true) {
      ChildBinding next;
      try {
        next = ChildBinding.read(in);
      } catch (EOFException e) {
        return; // the worker let go of this child
      } catch (IOException e) {
        System.err.println("token renewals: " + e.getMessage() + "; keeping the current token");
        return;
      }
      if (next.token() == null || !next.subject().equals(first.subject())) {
        System.err.println("token renewals: refused a binding to " + next.subject() + ", not this child's "
            + first.subject());
        continue;
      }
      Security.initChild(conf, next.token());
    }
  }
}
