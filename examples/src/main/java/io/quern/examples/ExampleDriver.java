package io.quern.examples;

import io.quern.util.ProgramDriver;

/** The examples jar's main: runs the example program named by the first argument. */
public final class ExampleDriver {
  private ExampleDriver() {}

  /** The example programs, by name. */
  static ProgramDriver programs() {
    ProgramDriver d = new ProgramDriver(System.err);
    d.addClass("wordcount", WordCount.class, "A map/reduce program that counts the words in the input files.");
    d.addClass("wordcount-old", OldApiWordCount.class,
        "The same word count written against the old API (io.quern.mapred), as Hadoop 1 jobs were.");
    d.addClass("wordcount2", WordCount2.class, "Hadoop's tutorial word count v2: -Dwordcount.case.sensitive=false,"
        + " -skip PATTERNS shipped through the distributed cache.");
    d.addClass("grep", Grep.class, "A map/reduce program that counts the matches of a regex in the input.");
    d.addClass("sort", Sort.class, "A map/reduce program that sorts SequenceFiles by key.");
    d.addClass("teragen", TeraGen.class, "Generate data for the terasort.");
    d.addClass("terasort", TeraSort.class, "Run the terasort.");
    d.addClass("teravalidate", TeraValidate.class, "Check the results of the terasort.");
    d.addClass("pi", QuasiMonteCarlo.class, "A map/reduce program that estimates Pi using a quasi-Monte Carlo method.");
    d.addClass("bbp", BaileyBorweinPlouffe.class,
        "Exact hex digits of pi from any position, by the Bailey-Borwein-Plouffe formula.");
    d.addClass("wordmean", WordMean.class, "The mean length of the words of the input files.");
    d.addClass("wordmedian", WordMedian.class, "The median length of the words of the input files.");
    d.addClass("wordstandarddeviation", WordStandardDeviation.class,
        "The standard deviation of the lengths of the words of the input files.");
    d.addClass("multifilewc", MultiFileWordCount.class, "Word count with many small files packed into each map.");
    d.addClass("join", Join.class, "Joins inputs on their keys (inner, outer or override), on the reduce side.");
    d.addClass("randomwriter", RandomWriter.class, "Writes random binary SequenceFiles (by default 10 maps of 1 GB per worker).");
    d.addClass("randomtextwriter", RandomTextWriter.class, "Writes random text (by default 10 maps of 1 GB per worker).");
    d.addClass("secondarysort", SecondarySort.class, "Sorts each key's values with a composite key, grouping comparator and partitioner.");
    d.addClass("tinyjob", TinyJobBench.class,
        "Benchmark: runs a one-line wordcount several times, prints the seconds of each.");
    d.addClass("sleep", SleepJob.class, "A job that sleeps at each map and reduce task.");
    return d;
  }

  public static void main(String[] args) throws Throwable {
    int code = programs().run(args);
    // A program's own main exits with its status; we get here only when none was chosen.
    System.exit(code == -1 ? (args.length == 0 ? 2 : 1) : code);
  }
}
