package io.quern.protocol;

import java.io.Serializable;

/** A protocol record with an untyped field, to smuggle classes past the declared types. */
public record Envelope(String label, Object payload) implements Serializable {}
