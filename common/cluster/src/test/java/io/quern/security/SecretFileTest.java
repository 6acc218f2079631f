package io.quern.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.conf.ConfigurationException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFileTest {
  @TempDir
  Path dir;

  @AfterEach
  void restore() {
    TestSecurity.install();
  }

  @Test
  void createWritesAnOwnerOnlyFileOnceAndLoadReadsIt() throws Exception {
    Path file = dir.resolve("sub/secret");
    byte[] secret = SecretFile.create(file);
    assertEquals(32, secret.length);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertArrayEquals(secret, SecretFile.load(file));
    assertThrows(FileAlreadyExistsException.class, () -> SecretFile.create(file));
    assertArrayEquals(secret, SecretFile.load(file), "never replaced");
  }

  @Test
  void aGroupOrWorldReadableSecretIsRefusedInOneSentence() throws Exception {
    Path file = dir.resolve("secret");
    SecretFile.create(file);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> SecretFile.load(file));
    assertEquals("Cluster secret " + file + " is accessible to group or others (mode rw-r--r--); run chmod 600 "
        + file, e.getMessage());
  }

  @Test
  void clientsNeedTheFileDaemonsCreateIt() {
    Configuration conf = new Configuration(false);
    conf.set(SecretFile.KEY, dir.resolve("secret").toString());
    SecretFile.MissingSecretException e = assertThrows(SecretFile.MissingSecretException.class,
        () -> Security.initClient(conf));
    assertEquals("no cluster secret at " + dir.resolve("secret")
        + "; run bin/quern admin -gen-secret or start the cluster first", e.getMessage());
    ClusterCredentials daemon = Security.initDaemon(conf);
    assertEquals(ClusterCredentials.Mode.CLUSTER, daemon.mode());
    assertEquals(ClusterCredentials.Mode.CLUSTER, Security.initClient(conf).mode());
    conf.setBoolean(Security.ENABLED_KEY, false);
    assertFalse(Security.initClient(conf).enabled());
  }

  @Test
  void garbageSecretsAreRefused() throws Exception {
    for (String content : new String[] {"", "not base64 !!", "c2hvcnQ=", "x".repeat(5000)}) {
      Path file = Files.writeString(dir.resolve("s" + content.length()), content);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      assertThrows(ConfigurationException.class, () -> SecretFile.load(file), content);
    }
  }

  @Test
  void jobTokensAreBoundToTheirJobUserAndSecret() {
    byte[] secret = new byte[32];
    JobToken token = JobTokens.derive(secret, "job_1", "alice", 1_800_000_000_000L);
    assertTrue(JobTokens.verify(secret, token));
    assertEquals(token, JobToken.decode(token.encode()));
    assertEquals("job=job_1,user=alice", token.subject().text());
    assertEquals("job=job_1,user=alice,expires=1800000000000", token.claim());
    byte[] key = JobToken.decode(token.encode()).key();
    assertFalse(JobTokens.verify(secret, new JobToken(new JobSubject("job_2", "alice"), 1_800_000_000_000L, key)));
    assertFalse(JobTokens.verify(secret, new JobToken(new JobSubject("job_1", "bob"), 1_800_000_000_000L, key)), "the user is proved too");
    assertFalse(JobTokens.verify(secret, new JobToken(token.subject(), 1_900_000_000_000L, key)), "the expiry is proved too");
    byte[] other = secret.clone();
    other[0] = 1;
    assertFalse(JobTokens.verify(other, token));
    String base64 = token.encode().substring(token.encode().lastIndexOf(':') + 1);
    assertFalse(token.toString().contains(base64), "toString hides the token");
    assertThrows(IllegalArgumentException.class, () -> JobTokens.derive(secret, "../etc", "alice", 1L));
    assertThrows(IllegalArgumentException.class, () -> JobTokens.derive(secret, "job_1", "alice,user=root", 1L));
    assertThrows(IllegalArgumentException.class, () -> JobSubject.parse("job=job_1"));
  }

  @Test
  void aTaskJvmsConfigurationNamesNoSecretFile() {
    Configuration conf = new Configuration(false);
    conf.set(SecretFile.KEY, "/somewhere/secret");
    assertEquals(java.nio.file.Path.of("/somewhere/secret"), SecretFile.path(conf));
    conf.setBoolean(SecretFile.JOB_TOKEN_ONLY_KEY, true);
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> SecretFile.path(conf));
    assertTrue(e.getMessage().contains("task JVM"), e.getMessage());
  }
}
