package io.quern.mapreduce.security;

import io.quern.conf.Configuration;
import io.quern.fs.Path;
import io.quern.io.Text;
import io.quern.security.Credentials;
import java.io.IOException;
import java.util.Objects;

/** Hadoop's helpers for a job's {@link Credentials}, as formats and jobs call them. */
public final class TokenCache {
  private TokenCache() {}

  /** The secret key under {@code alias}; null when {@code credentials} is null or holds none. */
  public static byte[] getSecretKey(Credentials credentials, Text alias) {
    return credentials == null ? null : credentials.getSecretKey(alias);
  }

  /**
   * Obtains nothing, since a Quern task reaches the DFS through its worker with its job's own
   * token, so a job needs no delegation token per NameNode; it only checks its arguments, as
   * Hadoop's does (a null argument or path is a {@link NullPointerException}).
   *
   * @throws IOException never here; declared as Hadoop's is, so that callers catching it compile
   */
  public static void obtainTokensForNamenodes(Credentials credentials, Path[] ps, Configuration conf)
      throws IOException {
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(ps, "paths");
    Objects.requireNonNull(conf, "conf");
    for (int i = 0; i < ps.length; i++) {
      Objects.requireNonNull(ps[i], "paths[" + i + "]");
    }
  }
}
