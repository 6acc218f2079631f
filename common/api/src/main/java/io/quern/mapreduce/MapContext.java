package io.quern.mapreduce;

/** What a mapper sees: its split and records, plus output. */
public interface MapContext<KEYIN, VALUEIN, KEYOUT, VALUEOUT>
    extends TaskInputOutputContext<KEYIN, VALUEIN, KEYOUT, VALUEOUT> {
  InputSplit getInputSplit();
}
