package io.quern.master;

/** How close a map attempt runs to its split's data. */
enum Locality {
  NODE, RACK, OFF_RACK
}
