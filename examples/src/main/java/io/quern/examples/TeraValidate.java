package io.quern.examples;

import io.quern.conf.Configured;
import io.quern.io.Text;
import io.quern.io.WritableComparator;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.Mapper;
import io.quern.mapreduce.Reducer;
import io.quern.mapreduce.lib.input.FileInputFormat;
import io.quern.mapreduce.lib.input.FileSplit;
import io.quern.mapreduce.lib.output.FileOutputFormat;
import io.quern.util.Tool;
import io.quern.util.ToolRunner;
import java.io.IOException;
import java.util.HexFormat;
import java.util.zip.CRC32;

/**
 * Checks terasort's output: {@code teravalidate IN OUT}. Each map reads one output file
 * whole and checks its order; the one reduce checks that each file's first key is not below
 * the previous file's last. OUT holds a {@code checksum} line and one {@code error} line per
 * problem, so an output without {@code error} lines means the data is sorted.
 */
public class TeraValidate extends Configured implements Tool {
  private static final HexFormat HEX = HexFormat.of();

  /** Emits (file name, "first last checksum errors") for its file. */
  public static class ValidateMapper extends Mapper<Text, Text, Text, Text> {
    private byte[] first;
    private final byte[] last = new byte[TeraRecord.KEY_LENGTH];
    private boolean any;
    private long errors;
    private long records;
    private long checksum;
    private final CRC32 crc = new CRC32();

    @Override
    protected void map(Text key, Text value, Context context) throws IOException, InterruptedException {
      if (!any) {
        first = key.copyBytes();
      } else if (WritableComparator.compareBytes(last, 0, last.length, key.getBytes(), 0, key.getLength()) > 0) {
        if (errors++ == 0) {
          context.write(new Text("error"), new Text("misorder in " + file(context) + " at record " + records
              + ": " + HEX.formatHex(last) + " before " + HEX.formatHex(key.copyBytes())));
        }
      }
      System.arraycopy(key.getBytes(), 0, last, 0, TeraRecord.KEY_LENGTH);
      any = true;
      records++;
      crc.reset();
      crc.update(key.getBytes(), 0, key.getLength());
      crc.update(value.getBytes(), 0, value.getLength());
      checksum += crc.getValue();
    }

    private static String file(Context context) {
      String p = ((FileSplit) context.getInputSplit()).getPath().toString();
      return p.substring(p.lastIndexOf('/') + 1);
    }

    @Override
    protected void cleanup(Context context) throws IOException, InterruptedException {
      if (any) {
        context.write(new Text("file " + file(context)),
            new Text(HEX.formatHex(first) + " " + HEX.formatHex(last) + " " + checksum + " " + records));
      }
    }
  }

  /** Checks file boundaries in file-name order and sums the checksums. */
  public static class ValidateReducer extends Reducer<Text, Text, Text, Text> {
    private String lastKey;
    private String lastFile;
    private long checksum;
    private long records;

    @Override
    protected void reduce(Text key, Iterable<Text> values, Context context) throws IOException, InterruptedException {
      String k = key.toString();
      for (Text v : values) {
        if (k.equals("error")) {
          context.write(key, v);
          continue;
        }
        String[] p = v.toString().split(" ");
        if (lastKey != null && lastKey.compareTo(p[0]) > 0) {
          context.write(new Text("error"), new Text("misorder between " + lastFile + " and " + k.substring(5)
              + ": " + lastKey + " before " + p[0]));
        }
        lastKey = p[1];
        lastFile = k.substring(5);
        checksum += Long.parseLong(p[2]);
        records += Long.parseLong(p[3]);
      }
    }

    @Override
    protected void cleanup(Context context) throws IOException, InterruptedException {
      context.write(new Text("checksum"), new Text(Long.toHexString(checksum) + " records " + records));
    }
  }

  @Override
  public int run(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("Usage: teravalidate <terasort output dir> <report dir>");
      return 2;
    }
    Job job = Job.getInstance(getConf(), "TeraValidate");
    job.setJarByClass(TeraValidate.class);
    FileInputFormat.addInputPath(job, args[0]);
    FileOutputFormat.setOutputPath(job, args[1]);
    job.setInputFormatClass(TeraInputFormat.WholeFiles.class);
    job.setMapperClass(ValidateMapper.class);
    job.setReducerClass(ValidateReducer.class);
    job.setNumReduceTasks(1);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(Text.class);
    return job.waitForCompletion(true) ? 0 : 1;
  }

  public static void main(String[] args) throws Exception {
    System.exit(ToolRunner.run(new TeraValidate(), args));
  }
}
