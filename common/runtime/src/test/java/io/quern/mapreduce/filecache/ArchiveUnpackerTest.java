package io.quern.mapreduce.filecache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveUnpackerTest {
  @TempDir
  Path dir;

  /** A tar entry: a file (text), a directory (text null, name ending in /), or a link (linkTo). */
  record Entry(String name, String text, int mode, byte type, String linkTo) {
    static Entry file(String name, String text, int mode) {
      return new Entry(name, text, mode, TarArchiveEntry.LF_NORMAL, null);
    }

    static Entry symlink(String name, String to) {
      return new Entry(name, null, 0777, TarArchiveEntry.LF_SYMLINK, to);
    }

    static Entry hardLink(String name, String to) {
      return new Entry(name, null, 0644, TarArchiveEntry.LF_LINK, to);
    }

    static Entry dir(String name) {
      return new Entry(name, null, 0755, TarArchiveEntry.LF_DIR, null);
    }
  }

  Path tar(String name, boolean gzip, Entry... entries) throws IOException {
    Path archive = dir.resolve(name);
    try (OutputStream raw = Files.newOutputStream(archive);
        OutputStream maybeGz = gzip ? new GZIPOutputStream(raw) : raw;
        TarArchiveOutputStream tar = new TarArchiveOutputStream(maybeGz)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Entry e : entries) {
        TarArchiveEntry t = new TarArchiveEntry(e.name(), e.type(), true);
        t.setMode(e.mode() | (e.type() == TarArchiveEntry.LF_DIR ? 040000 : 0100000));
        if (e.linkTo() != null) {
          t.setLinkName(e.linkTo());
        }
        byte[] data = e.text() == null ? new byte[0] : e.text().getBytes(StandardCharsets.UTF_8);
        t.setSize(data.length);
        tar.putArchiveEntry(t);
        tar.write(data);
        tar.closeArchiveEntry();
      }
    }
    return archive;
  }

  Path zip(String name, String... namesAndTexts) throws IOException {
    Path archive = dir.resolve(name);
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(archive)) {
      for (int i = 0; i < namesAndTexts.length; i += 2) {
        ZipArchiveEntry e = new ZipArchiveEntry(namesAndTexts[i]);
        e.setUnixMode(namesAndTexts[i].endsWith(".sh") ? 0100755 : 0100644);
        zip.putArchiveEntry(e);
        zip.write(namesAndTexts[i + 1].getBytes(StandardCharsets.UTF_8));
        zip.closeArchiveEntry();
      }
    }
    return archive;
  }

  @Test
  void aTarGzIsUnpackedWithItsDirectoriesExecuteBitsAndInnerLinks() throws Exception {
    Path archive = tar("dict.tar.gz", true,
        Entry.dir("dict/"),
        Entry.file("dict/words.txt", "apple\nbanana\n", 0644),
        Entry.file("dict/bin/lookup.sh", "#!/bin/sh\ngrep \"$1\" words.txt\n", 0755),
        // No directory entry before it: made all the same.
        Entry.file("deep/a/b/c.txt", "c\n", 0600),
        Entry.symlink("dict/latest.txt", "words.txt"),
        Entry.symlink("top", "dict/bin/../words.txt"),
        Entry.hardLink("dict/copy.txt", "dict/words.txt"));
    Path target = dir.resolve("out");
    ArchiveUnpacker.unpack(archive, ArchiveFormat.of(archive.toString()), target, "dict.tar.gz");

    assertEquals("apple\nbanana\n", Files.readString(target.resolve("dict/words.txt")));
    assertEquals("c\n", Files.readString(target.resolve("deep/a/b/c.txt")));
    assertEquals("apple\nbanana\n", Files.readString(target.resolve("dict/latest.txt")));
    assertEquals("apple\nbanana\n", Files.readString(target.resolve("top")));
    assertEquals("apple\nbanana\n", Files.readString(target.resolve("dict/copy.txt")));
    assertFalse(Files.isSymbolicLink(target.resolve("dict/copy.txt")), "a hard link is the archive's own copy");
    assertEquals("r-x------", mode(target.resolve("dict/bin/lookup.sh")), "the execute bit stays");
    assertEquals("r--------", mode(target.resolve("dict/words.txt")), "read-only: the job's attempts share it");
    assertEquals("rwx------", mode(target.resolve("deep/a")));
  }

  @Test
  void aPlainTarAndAZipAreUnpackedToo() throws Exception {
    Path t = tar("plain.tar", false, Entry.file("a.txt", "tar\n", 0644));
    ArchiveUnpacker.unpack(t, ArchiveFormat.of("plain.tar"), dir.resolve("t"), "plain.tar");
    assertEquals("tar\n", Files.readString(dir.resolve("t/a.txt")));

    Path z = zip("tools.zip", "tools/run.sh", "#!/bin/sh\necho hi\n", "tools/conf/x.properties", "k=v\n");
    ArchiveUnpacker.unpack(z, ArchiveFormat.of("tools.zip"), dir.resolve("z"), "tools.zip");
    assertEquals("k=v\n", Files.readString(dir.resolve("z/tools/conf/x.properties")));
    assertEquals("r-x------", mode(dir.resolve("z/tools/run.sh")));
    assertEquals("r--------", mode(dir.resolve("z/tools/conf/x.properties")));
  }

  @Test
  void zipSlipIsRefusedAndNothingLandsOutside() throws Exception {
    Path victim = dir.resolve("victim.txt");
    Path climbing = zip("slip.zip", "ok.txt", "fine\n", "../victim.txt", "owned\n");
    IOException e = assertThrows(IOException.class,
        () -> ArchiveUnpacker.unpack(climbing, ArchiveFormat.ZIP, dir.resolve("x1"), "slip.zip"));
    assertEquals("the archive slip.zip holds ../victim.txt, a name that climbs out of the directory; "
        + "refusing to unpack it", e.getMessage());
    assertFalse(Files.exists(victim));

    Path absolute = zip("abs.zip", victim.toString(), "owned\n");
    IOException abs = assertThrows(IOException.class,
        () -> ArchiveUnpacker.unpack(absolute, ArchiveFormat.ZIP, dir.resolve("x2"), "abs.zip"));
    assertTrue(abs.getMessage().contains("an absolute or unusual name"), abs.getMessage());
    assertFalse(Files.exists(victim));

    Path tarSlip = tar("slip.tgz", true, Entry.file("a/../../victim.txt", "owned\n", 0644));
    assertThrows(IOException.class, () -> ArchiveUnpacker.unpack(tarSlip, ArchiveFormat.TAR_GZ, dir.resolve("x3"), "s"));
    assertFalse(Files.exists(victim));
  }

  @Test
  void linksLeadingOutAreRefusedEvenThroughOtherLinks() throws Exception {
    Path outside = Files.writeString(dir.resolve("secret.txt"), "secret\n");
    String[][] cases = {
        {"abs", outside.toString()},
        {"up", "../secret.txt"},
    };
    for (String[] c : cases) {
      Path a = tar(c[0] + ".tar", false, Entry.symlink("link", c[1]));
      IOException e = assertThrows(IOException.class,
          () -> ArchiveUnpacker.unpack(a, ArchiveFormat.TAR, dir.resolve("out-" + c[0]), c[0] + ".tar"));
      assertTrue(e.getMessage().startsWith("the archive " + c[0] + ".tar holds link, a link to"), e.getMessage());
    }
    // Each link alone stays inside; together "d/l" climbs above the directory: d is the root itself.
    Path chained = tar("chained.tar", false, Entry.dir("d0/"), Entry.symlink("d", "d0/.."),
        Entry.symlink("d0/l", "../../secret.txt"));
    IOException e = assertThrows(IOException.class,
        () -> ArchiveUnpacker.unpack(chained, ArchiveFormat.TAR, dir.resolve("out-chained"), "chained.tar"));
    assertTrue(e.getMessage().contains("leads out of the directory"), e.getMessage());
    Path sneaky = tar("sneaky.tar", false, Entry.symlink("up", "."), Entry.symlink("l", "up/../x"));
    // "up/../x" is the root's x when read as a name, but up is "." so the kernel goes above it.
    Path out = dir.resolve("out-sneaky");
    IOException s = assertThrows(IOException.class,
        () -> ArchiveUnpacker.unpack(sneaky, ArchiveFormat.TAR, out, "sneaky.tar"));
    assertTrue(s.getMessage().contains("holds l, a link to up/../x, which leads out"), s.getMessage());
    // A file written through a link of the archive would land outside: links are made last, and refused on the way.
    Path through = tar("through.tar", false, Entry.symlink("l", "sub"), Entry.file("l/x.txt", "x\n", 0644));
    IOException t = assertThrows(IOException.class,
        () -> ArchiveUnpacker.unpack(through, ArchiveFormat.TAR, dir.resolve("out-through"), "through.tar"));
    assertEquals("the archive through.tar holds l, both a directory and a file or link; refusing to unpack it",
        t.getMessage());
    assertFalse(Files.exists(dir.resolve("out-through/sub")));
    assertEquals("secret\n", Files.readString(outside));
  }

  static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, java.nio.file.LinkOption.NOFOLLOW_LINKS));
  }

  /** A zip of compressed zeros: 64 MiB unpacked from about 64 KiB of archive. */
  Path zeroBomb(String name) throws IOException {
    Path archive = dir.resolve(name);
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(archive)) {
      ZipArchiveEntry e = new ZipArchiveEntry("zeros.bin");
      zip.putArchiveEntry(e);
      byte[] mib = new byte[1 << 20];
      for (int i = 0; i < 64; i++) {
        zip.write(mib);
      }
      zip.closeArchiveEntry();
    }
    return archive;
  }

  @Test
  void anArchiveThatUnpacksPastItsLimitsIsRefusedInOneSentence() throws Exception {
    Path bomb = zeroBomb("bomb.zip");
    assertTrue(Files.size(bomb) < (1 << 20), "the archive itself is small: " + Files.size(bomb));
    IOException big = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> ArchiveUnpacker.unpack(
        bomb, ArchiveFormat.of("bomb.zip"), dir.resolve("b"), "bomb.zip", new ArchiveUnpacker.Limits(8L << 20, 100)));
    assertEquals("the archive bomb.zip unpacks to more than 8388608 bytes (at zeros.bin), more than "
        + ArchiveUnpacker.Limits.MAX_BYTES_KEY + " allows; refusing to unpack it", big.getMessage());
    assertTrue(Files.size(dir.resolve("b/zeros.bin")) <= (8L << 20) + (1 << 16), "it stopped at the limit");
    // Within a limit that fits, the same archive unpacks whole.
    ArchiveUnpacker.unpack(bomb, ArchiveFormat.of("bomb.zip"), dir.resolve("ok"), "bomb.zip",
        new ArchiveUnpacker.Limits(64L << 20, 100));
    assertEquals(64L << 20, Files.size(dir.resolve("ok/zeros.bin")));

    Entry[] many = new Entry[50];
    for (int i = 0; i < many.length; i++) {
      many[i] = Entry.file("f" + i, "", 0644);
    }
    Path tar = tar("many.tar", false, many);
    IOException count = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> ArchiveUnpacker.unpack(
        tar, ArchiveFormat.of("many.tar"), dir.resolve("m"), "many.tar", new ArchiveUnpacker.Limits(1 << 20, 40)));
    assertEquals("the archive many.tar holds more than 40 entries (at f40), more than "
        + ArchiveUnpacker.Limits.MAX_ENTRIES_KEY + " allows; refusing to unpack it", count.getMessage());
  }
}
