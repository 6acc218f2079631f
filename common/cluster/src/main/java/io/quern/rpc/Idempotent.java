package io.quern.rpc;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a remote method that may run twice with the effect of once. {@link ResilientProxy}
 * retries such a method also when the request may have reached the server (a connection reset
 * or read timeout, as when the server is killed mid-call), not only when it surely did not.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Idempotent {}
