package io.quern.mapred;

/**
 * A job's output directory exists already: {@code checkOutputSpecs} of both APIs' file output
 * formats throws it at submission, so no finished job's output is overwritten. One of the file
 * system's {@link io.quern.fs.FileAlreadyExistsException}, so code catching either sees it.
 */
public class FileAlreadyExistsException extends io.quern.fs.FileAlreadyExistsException {
  public FileAlreadyExistsException() {
    super("file or directory already exists");
  }

  public FileAlreadyExistsException(String message) {
    super(message);
  }
}
