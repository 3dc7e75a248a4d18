package org.parley.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one rule for every option naming where received files go ({@code chat --dir}, {@code
 * receive-files --dir}, {@code pull-file --dir}, {@code msrp listen --dir}): checked when the
 * command starts, not when the first file comes. A directory that does not exist is created, with
 * its parents; one that cannot be, or is not a directory, or cannot be written, stops the command
 * at once with the reason.
 */
final class SaveDirectory {
  private SaveDirectory() {}

  /** Null when {@code dir} is ready for files, else why not, naming {@code option}. */
  static String prepare(Path dir, String option) {
    try {
      Files.createDirectories(dir);
    } catch (FileAlreadyExistsException e) {
      return option + " " + dir + " is a file, not a directory";
    } catch (IOException | SecurityException e) {
      return option + " " + dir + " cannot be created: " + reason(e);
    }
    if (!Files.isWritable(dir)) {
      return option + " " + dir + " is not writable by this user";
    }
    return null;
  }

  private static String reason(Exception e) {
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }
}
