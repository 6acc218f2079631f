package io.quern.net;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes small executable bash scripts for topology tests. */
final class Scripts {
  private Scripts() {}

  static Path write(Path dir, String name, String... body) throws IOException {
    Path script = dir.resolve(name);
    StringBuilder text = new StringBuilder("#!/usr/bin/env bash\n");
    for (String line : body) {
      text.append(line).append('\n');
    }
    Files.writeString(script, text);
    if (!script.toFile().setExecutable(true)) {
      throw new IOException("cannot make " + script + " executable");
    }
    return script;
  }

  static List<String> lines(Path file) throws IOException {
    return Files.exists(file) ? Files.readAllLines(file) : List.of();
  }
}
