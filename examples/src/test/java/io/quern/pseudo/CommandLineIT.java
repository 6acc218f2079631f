package io.quern.pseudo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/quern as Hadoop users call bin/hadoop: a class name as the command. */
class CommandLineIT {
  @TempDir
  Path dir;

  @Test
  void aClassNameRunsItsMainOnQuernsClassPathAndTheUsers() throws Exception {
    // (The first command after a build may say first that it writes the class data archive.)
    String version = run(List.of("io.quern.cli.VersionInfo"), null);
    assertTrue(version.lines().anyMatch(l -> l.startsWith("Quern ")), version);

    Path src = dir.resolve("src/demo/Hello.java");
    Files.createDirectories(src.getParent());
    Files.writeString(src, "package demo; public class Hello { public static void main(String[] a) {"
        + " System.out.println(\"hello \" + String.join(\",\", a) + \" \" + io.quern.conf.Configuration.class.getSimpleName()); } }");
    Path classes = dir.resolve("classes");
    String quernJars;
    try (var jars = Files.list(PseudoCluster.HOME.resolve("lib"))) {
      // Spelled out: only a launcher expands "lib/*", not the compiler run in this process.
      quernJars = String.join(java.io.File.pathSeparator,
          jars.filter(j -> j.toString().endsWith(".jar")).map(Path::toString).toList());
    }
    int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), "-cp", quernJars,
        src.toString());
    assertEquals(0, rc, "the test's class did not compile");
    String hello = run(List.of("demo.Hello", "a", "b"), classes.toString());
    assertEquals("hello a,b Configuration", hello.lines().reduce((a, b) -> b).orElse(""),
        "a user's class, seeing Quern's classes:\n" + hello);
  }

  private String run(List<String> args, String userClassPath) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of(PseudoCluster.HOME.resolve("bin/quern").toString()));
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    if (userClassPath != null) {
      pb.environment().put("QUERN_USER_CLASSPATH", userClassPath);
    }
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "bin/quern did not end");
    assertEquals(0, p.exitValue(), out);
    return out;
  }
}
