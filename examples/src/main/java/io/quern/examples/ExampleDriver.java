package io.quern.examples;

import io.quern.util.Tool;
import io.quern.util.ToolRunner;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The examples jar's main: runs the example program named by the first argument. */
public final class ExampleDriver {
  private record Program(Supplier<Tool> tool, String description) {}

  private static final Map<String, Program> PROGRAMS = new LinkedHashMap<>();

  static {
    PROGRAMS.put("wordcount", new Program(WordCount::new, "A map/reduce program that counts the words in the input files."));
    PROGRAMS.put("grep", new Program(Grep::new, "A map/reduce program that counts the matches of a regex in the input."));
    PROGRAMS.put("sort", new Program(Sort::new, "A map/reduce program that sorts SequenceFiles by key."));
    PROGRAMS.put("teragen", new Program(TeraGen::new, "Generate data for the terasort."));
    PROGRAMS.put("terasort", new Program(TeraSort::new, "Run the terasort."));
    PROGRAMS.put("teravalidate", new Program(TeraValidate::new, "Check the results of the terasort."));
    PROGRAMS.put("pi", new Program(Pi::new, "A map/reduce program that estimates Pi using a quasi-Monte Carlo method."));
    PROGRAMS.put("tinyjob", new Program(TinyJobBench::new, "Benchmark: runs a one-line wordcount several times, prints the seconds of each."));
    PROGRAMS.put("sleep", new Program(SleepJob::new, "A job that sleeps at each map and reduce task."));
  }

  private ExampleDriver() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0 || !PROGRAMS.containsKey(args[0])) {
      if (args.length > 0) {
        System.err.println("Unknown program '" + args[0] + "' chosen.");
      }
      System.err.println("Valid program names are:");
      PROGRAMS.forEach((name, p) -> System.err.printf("  %s: %s%n", name, p.description()));
      System.exit(args.length == 0 ? 2 : 1);
    }
    Program p = PROGRAMS.get(args[0]);
    System.exit(ToolRunner.run(p.tool().get(), Arrays.copyOfRange(args, 1, args.length)));
  }
}
