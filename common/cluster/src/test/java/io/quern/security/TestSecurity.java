package io.quern.security;

import io.quern.conf.Configuration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A cluster secret for tests: one temporary secret file per JVM, and the credentials it gives.
 * Other modules' tests use it through the test jar: {@code TestSecurity.install()} in a
 * {@code @BeforeAll}, or {@code TestSecurity.secure(conf)} to point a configuration at the file.
 */
public final class TestSecurity {
  private static Path file;

  private TestSecurity() {}

  /** The JVM's test secret file, created on first use. */
  public static synchronized Path secretFile() {
    if (file == null) {
      try {
        Path dir = Files.createTempDirectory("quern-test-secret",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        file = dir.resolve("secret");
        SecretFile.create(file);
        dir.toFile().deleteOnExit();
        file.toFile().deleteOnExit();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return file;
  }

  public static byte[] secret() {
    return SecretFile.load(secretFile());
  }

  /** Points {@code conf} at the test secret; returns it. */
  public static Configuration secure(Configuration conf) {
    conf.set(SecretFile.KEY, secretFile().toString());
    return conf;
  }

  /** Installs the test secret as this process's credentials (no encryption). */
  public static ClusterCredentials install() {
    return ClusterCredentials.install(ClusterCredentials.ofSecret(secret(), false));
  }
}
