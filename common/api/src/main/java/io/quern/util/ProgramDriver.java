package io.quern.util;

import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs one of several programs, chosen by name in the first argument, with the rest of the
 * arguments: the main class of an examples jar, as Hadoop's {@code ProgramDriver}.
 */
public class ProgramDriver {
  private record Program(Method main, String description) {}

  /** Confined to the thread that sets up and runs the driver (a main). */
  private final Map<String, Program> programs = new TreeMap<>();
  private final PrintStream out;

  public ProgramDriver() {
    this(System.out);
  }

  /** Prints the list of programs to {@code out} when none or an unknown one is chosen. */
  public ProgramDriver(PrintStream out) {
    this.out = out;
  }

  /**
   * Registers a program: {@code mainClass} must have {@code public static void main(String[])}.
   *
   * @throws IllegalArgumentException if it has none
   */
  public void addClass(String name, Class<?> mainClass, String description) {
    Method main;
    try {
      main = mainClass.getMethod("main", String[].class);
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(mainClass.getName() + " has no main(String[]) method", e);
    }
    if (!Modifier.isStatic(main.getModifiers())) {
      throw new IllegalArgumentException(mainClass.getName() + ".main(String[]) is not static");
    }
    programs.put(name, new Program(main, description));
  }

  private void printUsage() {
    out.println("Valid program names are:");
    programs.forEach((name, p) -> out.println("  " + name + ": " + p.description()));
  }

  /**
   * Runs the program named by {@code args[0]} with the remaining arguments; returns 0 once its
   * main returns, -1 (after listing the programs) when none or an unknown one is named.
   * Whatever the program's main throws is thrown as it was.
   */
  public int run(String[] args) throws Throwable {
    if (args.length == 0) {
      out.println("An example program must be given as the first argument.");
      printUsage();
      return -1;
    }
    Program p = programs.get(args[0]);
    if (p == null) {
      out.println("Unknown program '" + args[0] + "' chosen.");
      printUsage();
      return -1;
    }
    try {
      p.main().invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
    return 0;
  }

  /** {@link #run}, exiting the JVM with -1 when no known program is named. */
  public void driver(String[] args) throws Throwable {
    if (run(args) == -1) {
      System.exit(-1);
    }
  }
}
