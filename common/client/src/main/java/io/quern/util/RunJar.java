package io.quern.util;

import io.quern.cluster.zk.ZkSessionsAtExit;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * {@code quern jar JAR [MAINCLASS] ARGS...}: runs a program from a jar with the jar on the
 * class path. The main class comes from the jar's manifest, else from the first argument.
 * The program's own ToolRunner takes the generic options (-D, -conf); its exit code is ours.
 * The client's one-time start-up work runs beside the program's start ({@link ClientWarmUp}); the
 * ZooKeeper sessions it leaves open end as the JVM exits ({@link ZkSessionsAtExit}).
 */
public final class RunJar {
  private RunJar() {}

  public static void main(String[] args) {
    if (args.length < 1) {
      System.err.println("Usage: quern jar <jar> [mainClass] args...");
      System.exit(2);
    }
    ZkSessionsAtExit.install();
    ClientWarmUp warmUp = ClientWarmUp.start();
    try {
      run(args, warmUp);
    } catch (UserError e) {
      System.err.println("quern jar: " + e.getMessage());
      System.exit(1);
    } catch (Throwable e) {
      if (Boolean.getBoolean("quern.debug")) {
        e.printStackTrace();
      }
      String msg = e.getMessage() == null ? e.toString() : e.getMessage();
      System.err.println("quern jar: " + msg);
      System.exit(1);
    }
  }

  private static void run(String[] args, ClientWarmUp warmUp) throws Throwable {
    Path jar = Path.of(args[0]);
    if (!Files.isRegularFile(jar)) {
      throw new UserError("jar " + jar + " does not exist");
    }
    int first = 1;
    String mainClass = manifestMainClass(jar);
    if (mainClass == null) {
      if (args.length < 2) {
        throw new UserError("jar " + jar + " names no Main-Class in its manifest; give the class after the jar");
      }
      mainClass = args[1];
      first = 2;
    }
    URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, RunJar.class.getClassLoader());
    Thread.currentThread().setContextClassLoader(loader);
    Class<?> cls;
    try {
      // Initialized by the call to main, once logging is configured: its static fields may log.
      cls = Class.forName(mainClass, false, loader);
    } catch (ClassNotFoundException e) {
      throw new UserError("class " + mainClass + " not found in " + jar);
    }
    Method main = cls.getMethod("main", String[].class);
    if (!Modifier.isStatic(main.getModifiers())) {
      throw new UserError(mainClass + ".main is not static");
    }
    warmUp.awaitLogging();
    try {
      main.invoke(null, (Object) Arrays.copyOfRange(args, first, args.length));
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static String manifestMainClass(Path jar) throws IOException {
    try (JarFile jf = new JarFile(jar.toFile())) {
      Manifest m = jf.getManifest();
      return m == null ? null : m.getMainAttributes().getValue("Main-Class");
    } catch (IOException e) {
      throw new UserError("cannot read jar " + jar + ": " + e.getMessage());
    }
  }

  private static final class UserError extends IOException {
    UserError(String message) {
      super(message);
    }
  }
}
