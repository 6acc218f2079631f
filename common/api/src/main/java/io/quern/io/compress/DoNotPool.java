package io.quern.io.compress;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link Compressor} or {@link Decompressor} class that must not be reused, as Hadoop's
 * annotation of that name: {@link CodecPool} ends such an object when it is returned instead of
 * keeping it, and does not count it as leased.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface DoNotPool {
}
