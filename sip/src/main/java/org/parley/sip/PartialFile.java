package org.parley.sip;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.parley.sdp.FileSelector;
import org.parley.sdp.SdpParseException;

/**
 * Where a file being received lives until it is whole: {@code NAME.part} in the target directory,
 * beside {@code NAME.part.selector}, which holds the offer's {@code file-selector} value (RFC 5547
 * syntax: name, type, size, SHA-1). A transfer that breaks off leaves both, the part cut back to
 * the bytes known to be in place from the start; a later offer of the same file (same SHA-1 and
 * size) resumes after them. A whole file is moved to {@code NAME}, and the selector deleted.
 */
final class PartialFile {
  static final String PART = ".part";
  static final String SELECTOR = ".part.selector";

  private final Path target;
  private final Path part;
  private final Path selector;

  private PartialFile(Path dir, String name) {
    this.target = dir.resolve(name);
    this.part = dir.resolve(name + PART);
    this.selector = dir.resolve(name + SELECTOR);
  }

  static PartialFile of(Path dir, String name) {
    return new PartialFile(dir, name);
  }

  Path target() {
    return target;
  }

  Path part() {
    return part;
  }

  /**
   * How many bytes of the file described by {@code sha1} and {@code size} are here already: the
   * part's length when its selector names the same hash and size and the part is shorter than the
   * file; else 0. Never throws: what cannot be read counts as nothing.
   */
  long resumable(String sha1, long size) {
    if (sha1 == null || size <= 0 || !Files.isRegularFile(part) || !Files.isRegularFile(selector)) {
      return 0;
    }
    try {
      FileSelector kept =
          FileSelector.parse(Files.readString(selector, StandardCharsets.UTF_8).strip());
      boolean same =
          kept.size().orElse(-1) == size
              && kept.hashes().stream()
                  .anyMatch(
                      h ->
                          h.algorithm().equalsIgnoreCase("sha-1")
                              && h.value().equalsIgnoreCase(sha1));
      long have = Files.size(part);
      return same && have < size ? have : 0;
    } catch (IOException | SdpParseException e) {
      return 0;
    }
  }

  /** Selector of the file being received, kept so that a broken transfer can be resumed. */
  void describe(String fileSelector) throws IOException {
    Files.writeString(selector, fileSelector + "\n", StandardCharsets.UTF_8);
  }

  /** The part is whole: moved over the target (replacing it), the selector deleted. */
  void complete() throws IOException {
    try {
      Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
    }
    Files.deleteIfExists(selector);
  }

  /** Forgets the part and its selector; best effort. */
  void discard() {
    try {
      Files.deleteIfExists(part);
      Files.deleteIfExists(selector);
    } catch (IOException e) {
      // best effort: a stale part is not resumed unless its selector matches
    }
  }
}
