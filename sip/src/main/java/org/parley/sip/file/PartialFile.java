package org.parley.sip.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.parley.im.SafeFiles;
import org.parley.sdp.FileSelector;
import org.parley.sdp.SdpParseException;

/**
 * Where a file being received lives until it is whole: {@code NAME.part} in the target directory,
 * beside {@code NAME.part.selector}, which holds the {@code file-selector} value (RFC 5547 syntax:
 * name, type, size, SHA-1) of the file: a push's offer, or what a pull asked for completed by the
 * sender's answer, written through the same {@link SafeFiles} rules as the part. It is what lets a
 * later pull of the same name resume without being told the hash and size again ({@link #kept}). A
 * transfer that breaks off leaves both, the part cut back to the bytes known to be in place from
 * the start; a later offer of the same file (same SHA-1 and size) resumes after them. A whole file
 * that matches its offer is moved to {@code NAME}, or to {@code NAME (1).EXT}, ... when that name
 * is taken (nothing is ever replaced), and the selector deleted; one that does not match stays
 * {@code NAME.part}. The part and the selector are never opened through a symbolic link ({@link
 * SafeFiles}).
 */
public final class PartialFile {
  static final String PART = ".part";
  static final String SELECTOR = ".part.selector";

  private final Path dir;
  private final String name;
  private final Path target;
  private final Path part;
  private final Path selector;

  private PartialFile(Path dir, String name) {
    this.dir = dir;
    this.name = name;
    this.target = dir.resolve(name);
    this.part = dir.resolve(name + PART);
    this.selector = dir.resolve(name + SELECTOR);
  }

  public static PartialFile of(Path dir, String name) {
    return new PartialFile(dir, name);
  }

  /** Where the whole file goes unless that name is taken. */
  Path target() {
    return target;
  }

  Path part() {
    return part;
  }

  /**
   * The file-selector kept beside the part by an earlier, broken transfer, or null when there is no
   * part, no selector, or it cannot be read. Never throws.
   */
  public FileSelector kept() {
    if (!SafeFiles.isRegularFile(part) || !SafeFiles.isRegularFile(selector)) {
      return null;
    }
    try {
      return FileSelector.parse(Files.readString(selector, StandardCharsets.UTF_8).strip());
    } catch (IOException | SdpParseException e) {
      return null;
    }
  }

  /**
   * How many bytes of the file described by {@code sha1} and {@code size} are here already: the
   * part's length when its selector names the same hash and size and the part is shorter than the
   * file; else 0. Never throws: what cannot be read counts as nothing.
   */
  public long resumable(String sha1, long size) {
    FileSelector kept = sha1 == null || size <= 0 ? null : kept();
    if (kept == null) {
      return 0;
    }
    try {
      boolean same =
          kept.size().orElse(-1) == size
              && kept.hashes().stream()
                  .anyMatch(
                      h ->
                          h.algorithm().equalsIgnoreCase("sha-1")
                              && h.value().equalsIgnoreCase(sha1));
      long have = Files.size(part);
      return same && have < size ? have : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  /** Selector of the file being received, kept so that a broken transfer can be resumed. */
  public void describe(String fileSelector) throws IOException {
    try (FileChannel out = SafeFiles.openForWriting(selector, true)) {
      ByteBuffer b = ByteBuffer.wrap((fileSelector + "\n").getBytes(StandardCharsets.UTF_8));
      while (b.hasRemaining()) {
        out.write(b);
      }
    }
  }

  /**
   * Forgets the selector of an earlier transfer (a fresh transfer whose file is not yet known must
   * not be resumed by it); best effort.
   */
  public void forgetSelector() {
    try {
      Files.deleteIfExists(selector);
    } catch (IOException e) {
      // a stale selector resumes nothing unless it names the hash and size of the file asked for
    }
  }

  /** Opens the part for writing (created if absent), never through a symbolic link. */
  FileChannel open() throws IOException {
    return SafeFiles.openForWriting(part, false);
  }

  /** Opens the part for reading, never through a symbolic link. */
  FileChannel read() throws IOException {
    return SafeFiles.openExisting(part, java.nio.file.StandardOpenOption.READ);
  }

  /**
   * The part is whole and verified: moved to the target, or to the first free numbered name when
   * the target is taken (never replacing a file); the selector deleted. Returns where it went.
   */
  Path complete() throws IOException {
    Path saved = SafeFiles.moveToNew(part, dir, name);
    Files.deleteIfExists(selector);
    return saved;
  }

  /**
   * The part is whole but does not match its offer: it stays {@code NAME.part}, never becomes the
   * file, and is no longer resumed (the selector is deleted). Returns the part.
   */
  Path keepMismatch() throws IOException {
    Files.deleteIfExists(selector);
    return part;
  }

  /** Forgets the part and its selector; best effort. */
  public void discard() {
    try {
      Files.deleteIfExists(part);
      Files.deleteIfExists(selector);
    } catch (IOException e) {
      // best effort: a stale part is not resumed unless its selector matches
    }
  }
}
