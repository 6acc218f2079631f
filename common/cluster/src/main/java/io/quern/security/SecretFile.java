package io.quern.security;

import io.quern.conf.Configuration;
import io.quern.conf.ConfigurationException;
import io.quern.conf.CoreKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;

/**
 * The cluster secret on disk: 32 random bytes, base64, in a file only its owner may read
 * ({@value #KEY}, by default {@code ${quern.tmp.dir}/secret}). Daemons create it on first start
 * ({@link #loadOrCreate}); clients only {@link #load} it; {@code quern admin -gen-secret} writes a
 * new one.
 */
public final class SecretFile {
  public static final String KEY = "quern.security.secret.file";
  /**
   * Set in the configurations of a child task JVM, which holds only its job's token: there is
   * no secret file for it, wherever the rest of its configuration points.
   */
  public static final String JOB_TOKEN_ONLY_KEY = CoreKeys.SECURITY_JOB_TOKEN_ONLY.name();
  static final int SECRET_BYTES = 32;
  static final int MIN_SECRET_BYTES = 16;
  private static final int MAX_FILE_BYTES = 1024;
  private static final Set<PosixFilePermission> GROUP_OR_WORLD = EnumSet.of(
      PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

  private SecretFile() {}

  /** Where {@code conf} says the secret lives. */
  public static Path path(Configuration conf) {
    if (CoreKeys.SECURITY_JOB_TOKEN_ONLY.getBoolean(conf)) {
      throw new ConfigurationException("this process is a task JVM: it holds only its job's token,"
          + " never the cluster secret (" + JOB_TOKEN_ONLY_KEY + ")");
    }
    String p = conf.getTrimmed(KEY);
    if (p == null || p.isEmpty()) {
      String tmp = CoreKeys.TMP_DIR.get(conf);
      p = (tmp == null ? System.getProperty("java.io.tmpdir") + "/quern-" + System.getProperty("user.name") : tmp)
          + "/secret";
    }
    return Path.of(p);
  }

  /**
   * Reads the secret at {@code file}.
   *
   * @throws MissingSecretException if there is no such file
   * @throws ConfigurationException if it is readable by group or others, or not a secret
   */
  public static byte[] load(Path file) {
    byte[] raw;
    try {
      checkPermissions(file);
      try (InputStream in = Files.newInputStream(file)) {
        raw = in.readNBytes(MAX_FILE_BYTES + 1);
      }
    } catch (NoSuchFileException e) {
      throw new MissingSecretException(file);
    } catch (IOException e) {
      throw new ConfigurationException("Cannot read the cluster secret " + file + ": " + e.getMessage(), e);
    }
    if (raw.length > MAX_FILE_BYTES) {
      throw new ConfigurationException("Cluster secret " + file + " is larger than " + MAX_FILE_BYTES
          + " bytes; it should hold one base64 line (bin/quern admin -gen-secret writes one)");
    }
    byte[] secret;
    try {
      secret = Base64.getDecoder().decode(new String(raw, StandardCharsets.US_ASCII).strip());
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("Cluster secret " + file + " is not base64 (" + e.getMessage()
          + "); bin/quern admin -gen-secret writes a valid one");
    }
    if (secret.length < MIN_SECRET_BYTES) {
      throw new ConfigurationException("Cluster secret " + file + " holds " + secret.length
          + " bytes, fewer than " + MIN_SECRET_BYTES + "; bin/quern admin -gen-secret writes a valid one");
    }
    return secret;
  }

  private static void checkPermissions(Path file) throws IOException {
    Set<PosixFilePermission> perms;
    try {
      perms = Files.getPosixFilePermissions(file);
    } catch (UnsupportedOperationException notPosix) {
      return; // no POSIX modes on this file system; its ACLs are the operator's business
    }
    if (!java.util.Collections.disjoint(perms, GROUP_OR_WORLD)) {
      throw new ConfigurationException("Cluster secret " + file + " is accessible to group or others (mode "
          + PosixFilePermissions.toString(perms) + "); run chmod 600 " + file);
    }
  }

  /** Loads the secret at {@code conf}'s path, creating it first if there is none. */
  public static byte[] loadOrCreate(Configuration conf) {
    Path file = path(conf);
    try {
      return load(file);
    } catch (MissingSecretException e) {
      try {
        return create(file);
      } catch (FileAlreadyExistsException raced) {
        return load(file); // another daemon of this machine created it first
      }
    }
  }

  /**
   * Writes a new random secret to {@code file}, readable by its owner only from the moment it
   * exists, and returns it. Safe against concurrent creators: exactly one wins.
   *
   * @throws FileAlreadyExistsException if {@code file} exists
   */
  public static byte[] create(Path file) throws FileAlreadyExistsException {
    byte[] secret = new byte[SECRET_BYTES];
    new SecureRandom().nextBytes(secret);
    byte[] text = (Base64.getEncoder().encodeToString(secret) + "\n").getBytes(StandardCharsets.US_ASCII);
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      tmp = Files.createTempFile(dir, ".secret", ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.write(tmp, text);
      Files.createLink(file, tmp); // fails if file exists: no check-then-act race
      return secret;
    } catch (FileAlreadyExistsException e) {
      throw e;
    } catch (IOException | UnsupportedOperationException e) {
      throw new ConfigurationException("Cannot create the cluster secret " + file + ": " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // a stray temp file in the secret's directory, mode 0600
        }
      }
    }
  }

  /** There is no secret file where the configuration points. */
  public static final class MissingSecretException extends ConfigurationException {
    private final transient Path file;

    MissingSecretException(Path file) {
      super("no cluster secret at " + file + "; run bin/quern admin -gen-secret or start the cluster first");
      this.file = file;
    }

    public Path file() {
      return file;
    }
  }
}
