package io.quern.webui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's Chromium, headless, as the status-page tests drive it: each page is loaded, its DOM
 * must hold the expected text and no script, the browser's log no script error, and a
 * screenshot of it lands under {@code target/webui/}.
 */
public final class HeadlessChromium {
  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  /** A page to load, named for its screenshot, and the text its rendered DOM must hold. */
  public record Visit(String name, String url, List<String> expected) {}

  private final Path scratch;

  /** @param scratch a directory for the browser's profiles and output */
  public HeadlessChromium(Path scratch) {
    this.scratch = scratch;
  }

  /** Loads each page; skips (an assumption) only where Chromium is not installed. */
  public void browse(List<Visit> visits) throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
        "Chromium is not installed at " + CHROMIUM + ", so the pages are not checked in a browser.");
    Path shots = Path.of("target", "webui");
    Files.createDirectories(shots);
    for (Visit v : visits) {
      Chrome dom = run(v.url(), "--dump-dom");
      for (String e : v.expected()) {
        assertTrue(dom.out().contains(e), v.name() + ": no '" + e + "' in the page Chromium rendered:\n" + dom.out());
      }
      assertFalse(dom.out().contains("<script"), v.name() + " has a script");
      Chrome shot = run(v.url(), "--screenshot=" + shots.resolve(v.name() + ".png").toAbsolutePath(),
          "--window-size=1280,900");
      for (String log : List.of(dom.err(), shot.err())) {
        assertFalse(log.contains("Uncaught") || Pattern.compile("CONSOLE\\(\\d+\\)].*(error|Error)").matcher(log).find(),
            v.name() + ": script error in Chromium's log:\n" + log);
      }
      assertTrue(Files.size(shots.resolve(v.name() + ".png")) > 1000, v.name() + " screenshot is empty");
    }
  }

  private record Chrome(String out, String err) {}

  private Chrome run(String url, String... what) throws Exception {
    Path profile = Files.createTempDirectory(scratch, "chromium-profile");
    List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--enable-logging=stderr", "--v=0", "--user-data-dir=" + profile));
    cmd.addAll(List.of(what));
    cmd.add(url);
    Path out = scratch.resolve("chromium.out");
    Path err = scratch.resolve("chromium.err");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(45, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("Chromium did not finish loading " + url + " within 45 s");
    }
    assertEquals(0, p.exitValue(), () -> "Chromium failed on " + url + ": " + read(err));
    return new Chrome(read(out), read(err));
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      return "";
    }
  }
}
