package io.quern.mapreduce.lib.input;

import io.quern.conf.Configuration;
import io.quern.fs.Path;
import io.quern.mapreduce.InputFormat;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.JobContext;
import io.quern.mapreduce.Mapper;
import io.quern.mapreduce.task.ReflectionUtil;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Input paths each read with its own input format, and optionally mapped by its own mapper.
 * The job reads through {@link DelegatingInputFormat}, whose splits carry their path's format
 * and mapper to the task, and maps through {@link DelegatingMapper} when mappers are given.
 */
public class MultipleInputs {
  /** {@code path;format-class} pairs, separated by commas. */
  public static final String DIR_FORMATS = "mapreduce.input.multipleinputs.dir.formats";
  /** {@code path;mapper-class} pairs, separated by commas. */
  public static final String DIR_MAPPERS = "mapreduce.input.multipleinputs.dir.mappers";

  private MultipleInputs() {}

  /** Reads {@code path} with {@code inputFormatClass}, mapped by the job's mapper. */
  @SuppressWarnings("rawtypes")
  public static void addInputPath(Job job, Path path, Class<? extends InputFormat> inputFormatClass) {
    Configuration conf = job.getConfiguration();
    append(conf, DIR_FORMATS, FileInputFormat.qualify(conf, path.toString()) + ";" + inputFormatClass.getName());
    job.setInputFormatClass(DelegatingInputFormat.class);
  }

  /** Reads {@code path} with {@code inputFormatClass} and maps its records with {@code mapperClass}. */
  @SuppressWarnings("rawtypes")
  public static void addInputPath(Job job, Path path, Class<? extends InputFormat> inputFormatClass,
      Class<? extends Mapper> mapperClass) {
    addInputPath(job, path, inputFormatClass);
    Configuration conf = job.getConfiguration();
    append(conf, DIR_MAPPERS, FileInputFormat.qualify(conf, path.toString()) + ";" + mapperClass.getName());
    job.setMapperClass(DelegatingMapper.class);
  }

  private static void append(Configuration conf, String key, String mapping) {
    if (mapping.indexOf(',') >= 0) {
      throw new IllegalArgumentException("MultipleInputs cannot take a path with a comma: " + mapping);
    }
    String old = conf.get(key, "");
    conf.set(key, old.isBlank() ? mapping : old + "," + mapping);
  }

  /** Each path's input format, in the order they were added. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  static Map<Path, InputFormat> getInputFormatMap(JobContext job) {
    Map<Path, InputFormat> out = new LinkedHashMap<>();
    Configuration conf = job.getConfiguration();
    for (Map.Entry<Path, String> e : pairs(conf, DIR_FORMATS).entrySet()) {
      Class<? extends InputFormat> c = (Class) classNamed(conf, e.getValue(), InputFormat.class, DIR_FORMATS);
      out.put(e.getKey(), ReflectionUtil.newInstance(c, conf));
    }
    return out;
  }

  /** Each path's mapper class; empty when no path names one. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  static Map<Path, Class<? extends Mapper>> getMapperTypeMap(JobContext job) {
    Map<Path, Class<? extends Mapper>> out = new LinkedHashMap<>();
    Configuration conf = job.getConfiguration();
    for (Map.Entry<Path, String> e : pairs(conf, DIR_MAPPERS).entrySet()) {
      out.put(e.getKey(), (Class) classNamed(conf, e.getValue(), Mapper.class, DIR_MAPPERS));
    }
    return out;
  }

  private static Map<Path, String> pairs(Configuration conf, String key) {
    String v = conf.get(key, "");
    if (v.isBlank()) {
      return Collections.emptyMap();
    }
    Map<Path, String> out = new LinkedHashMap<>();
    for (String pair : v.split(",")) {
      int semi = pair.lastIndexOf(';');
      if (semi <= 0) {
        throw conf.bad(key, v, "comma-separated path;class pairs");
      }
      out.put(new Path(pair.substring(0, semi).strip()), pair.substring(semi + 1).strip());
    }
    return out;
  }

  private static Class<?> classNamed(Configuration conf, String name, Class<?> iface, String key) {
    try {
      Class<?> c = conf.getClassByName(name);
      if (!iface.isAssignableFrom(c)) {
        throw conf.bad(key, name, "classes implementing " + iface.getName());
      }
      return c;
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException("class " + name + " named in " + key + " is not on the class path", e);
    }
  }
}
