package io.quern.tools.distcp;

import io.quern.fs.Path;
import java.net.URI;

/**
 * One line of the copy list: a directory to recreate or a file to copy, with the source's
 * length (what the maps are balanced by). Paths travel as URI strings, so a tab or a newline in a
 * name is quoted and the line's fields stay apart.
 */
public record CopyEntry(boolean directory, long length, Path source, Path target) {
  /** {@code D|F TAB length TAB sourceUri TAB targetUri}. */
  public String toLine() {
    return (directory ? "D" : "F") + "\t" + length + "\t" + source.toUri() + "\t" + target.toUri();
  }

  /** The entry {@link #toLine} wrote; a malformed line is one sentence. */
  public static CopyEntry parse(String line) {
    String[] f = line.split("\t", -1);
    if (f.length != 4 || !(f[0].equals("D") || f[0].equals("F"))) {
      throw new IllegalArgumentException("not a copy list line: " + line);
    }
    return new CopyEntry(f[0].equals("D"), Long.parseLong(f[1]), new Path(URI.create(f[2])),
        new Path(URI.create(f[3])));
  }
}
