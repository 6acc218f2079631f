package io.quern.util;

import java.io.File;
import java.io.IOException;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads, without initializing, the classes a Quern process may need, so that a JVM started with
 * {@code -XX:ArchiveClassesAtExit} writes them into a class data archive. The scripts make
 * this archive once per build and start every JVM (commands, daemons, task children) with it:
 * each then maps the parsed classes instead of reading and verifying them from the jars, which
 * takes seconds off a short command on a busy machine.
 *
 * <p>{@code ClassDataTrainer [JAR_NAME_PREFIX...]}: the jars of the class path whose file name
 * starts with one of the prefixes (all jars without arguments). A class that cannot load here
 * (an optional dependency absent) is skipped: it is simply not archived.
 */
public final class ClassDataTrainer {
  private ClassDataTrainer() {}

  public static void main(String[] args) throws IOException {
    ClassLoader loader = ClassDataTrainer.class.getClassLoader();
    int loaded = 0;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      File file = new File(entry);
      if (!file.isFile() || !entry.endsWith(".jar") || !wanted(file.getName(), args)) {
        continue;
      }
      try (JarFile jar = new JarFile(file)) {
        for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
          String name = e.nextElement().getName();
          if (!name.endsWith(".class") || name.startsWith("META-INF/") || name.endsWith("module-info.class")) {
            continue;
          }
          try {
            Class.forName(name.substring(0, name.length() - 6).replace('/', '.'), false, loader);
            loaded++;
          } catch (Throwable skipped) {
            // missing optional dependency, or a class the JVM cannot define here
          }
        }
      }
    }
    System.out.println(loaded + " classes loaded");
  }

  private static boolean wanted(String jarName, String[] prefixes) {
    if (prefixes.length == 0) {
      return true;
    }
    for (String p : prefixes) {
      if (jarName.startsWith(p)) {
        return true;
      }
    }
    return false;
  }
}
