package io.quern.examples;

import io.quern.conf.Configuration;
import io.quern.conf.Configured;
import io.quern.io.LongWritable;
import io.quern.io.NullWritable;
import io.quern.io.Text;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.Mapper;
import io.quern.mapreduce.OutputFormat;
import io.quern.mapreduce.lib.output.FileOutputFormat;
import io.quern.mapreduce.lib.output.SequenceFileOutputFormat;
import io.quern.util.Tool;
import io.quern.util.ToolRunner;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Writes random text: {@code randomtextwriter [-outFormat CLASS] OUT}, a map-only job whose maps
 * each write (Text, Text) records of random words (a key of 5 to 10 words, a value of 10 to 100
 * by default, each word followed by a space, as in Hadoop) until the keys and values reach
 * {@value #BYTES_PER_MAP} bytes. SequenceFiles by default; with
 * {@code -outFormat io.quern.mapreduce.lib.output.TextOutputFormat}, lines that wordcount reads.
 */
public class RandomTextWriter extends Configured implements Tool {
  public static final String TOTAL_BYTES = "mapreduce.randomtextwriter.totalbytes";
  public static final String BYTES_PER_MAP = "mapreduce.randomtextwriter.bytespermap";
  public static final String MAPS_PER_HOST = "mapreduce.randomtextwriter.mapsperhost";
  public static final String MIN_KEY = "mapreduce.randomtextwriter.minwordskey";
  public static final String MAX_KEY = "mapreduce.randomtextwriter.maxwordskey";
  public static final String MIN_VALUE = "mapreduce.randomtextwriter.minwordsvalue";
  public static final String MAX_VALUE = "mapreduce.randomtextwriter.maxwordsvalue";

  /** What the maps wrote. */
  public enum Counters { RECORDS_WRITTEN, BYTES_WRITTEN }

  /** The vocabulary: 1000 distinct pronounceable made-up words, the same in every JVM. */
  static final List<String> WORDS = vocabulary(1000);

  private static List<String> vocabulary(int size) {
    String consonants = "bcdfghklmnprstvz";
    String vowels = "aeiou";
    Random r = new Random(0x7e47L);
    Set<String> words = new LinkedHashSet<>();
    while (words.size() < size) {
      StringBuilder w = new StringBuilder();
      int syllables = 1 + r.nextInt(4);
      for (int i = 0; i < syllables; i++) {
        w.append(consonants.charAt(r.nextInt(consonants.length())));
        w.append(vowels.charAt(r.nextInt(vowels.length())));
        if (r.nextInt(3) == 0) {
          w.append(consonants.charAt(r.nextInt(consonants.length())));
        }
      }
      words.add(w.toString());
    }
    return List.copyOf(words);
  }

  /** Writes random sentences until its share of bytes is written. */
  public static class RandomTextMapper extends Mapper<LongWritable, NullWritable, Text, Text> {
    private final Random random = new Random();

    @Override
    protected void map(LongWritable mapIndex, NullWritable ignored, Context context)
        throws IOException, InterruptedException {
      Configuration conf = context.getConfiguration();
      long left = ExampleKeys.RANDOMTEXTWRITER_BYTES_PER_MAP.getLong(conf);
      int minKey = ExampleKeys.RANDOMTEXTWRITER_MIN_WORDS_KEY.getInt(conf);
      int keyRange = ExampleKeys.RANDOMTEXTWRITER_MAX_WORDS_KEY.getInt(conf) - minKey;
      int minValue = ExampleKeys.RANDOMTEXTWRITER_MIN_WORDS_VALUE.getInt(conf);
      int valueRange = ExampleKeys.RANDOMTEXTWRITER_MAX_WORDS_VALUE.getInt(conf) - minValue;
      long records = 0;
      while (left > 0) {
        Text key = sentence(minKey + (keyRange > 0 ? random.nextInt(keyRange) : 0));
        Text value = sentence(minValue + (valueRange > 0 ? random.nextInt(valueRange) : 0));
        context.write(key, value);
        int written = key.getLength() + value.getLength();
        left -= written;
        context.getCounter(Counters.BYTES_WRITTEN).increment(written);
        context.getCounter(Counters.RECORDS_WRITTEN).increment(1);
        if (++records % 200 == 0) {
          context.setStatus("wrote record " + records + ". " + left + " bytes left.");
        }
      }
      context.setStatus("done with " + records + " records.");
    }

    private Text sentence(int words) {
      StringBuilder s = new StringBuilder();
      for (int i = 0; i < words; i++) {
        s.append(WORDS.get(random.nextInt(WORDS.size()))).append(' ');
      }
      return new Text(s.toString());
    }
  }

  private static int usage() {
    System.err.println("Usage: randomtextwriter [-outFormat <output format class>] <output>");
    ToolRunner.printGenericCommandUsage(System.err);
    return 2;
  }

  @Override
  public int run(String[] args) throws Exception {
    Configuration conf = getConf();
    Class<? extends OutputFormat> outputFormat = SequenceFileOutputFormat.class;
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if ("-outFormat".equals(args[i])) {
        if (++i == args.length) {
          System.err.println("ERROR: -outFormat needs a class name");
          return usage();
        }
        outputFormat = conf.getClassByName(args[i]).asSubclass(OutputFormat.class);
      } else {
        rest.add(args[i]);
      }
    }
    if (rest.size() != 1) {
      return usage();
    }
    int maps = RandomWriterMaps.compute(conf, ExampleKeys.RANDOMTEXTWRITER_TOTAL_BYTES,
        ExampleKeys.RANDOMTEXTWRITER_BYTES_PER_MAP, ExampleKeys.RANDOMTEXTWRITER_MAPS_PER_HOST);
    Job job = Job.getInstance(conf, "random-text-writer");
    job.setJarByClass(RandomTextWriter.class);
    RangeInputFormat.configure(job.getConfiguration(), maps, maps);
    job.setInputFormatClass(RangeInputFormat.class);
    job.setMapperClass(RandomTextMapper.class);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(Text.class);
    job.setOutputFormatClass(outputFormat);
    job.setNumReduceTasks(0);
    FileOutputFormat.setOutputPath(job, rest.get(0));
    System.out.println("Running " + maps + " maps.");
    long start = System.currentTimeMillis();
    int status = job.waitForCompletion(true) ? 0 : 1;
    System.out.println("The job took " + (System.currentTimeMillis() - start) / 1000 + " seconds.");
    return status;
  }

  public static void main(String[] args) throws Exception {
    System.exit(ToolRunner.run(new RandomTextWriter(), args));
  }
}
