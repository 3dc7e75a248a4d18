package org.parley.sip;

import java.nio.file.Path;

/**
 * The end of one RFC 5547 file transfer.
 *
 * @param name the file name of the offer's {@code file-selector}
 * @param bytes the file's size: the octets now on disk (receiver) or in the file sent (sender)
 * @param sha1 the SHA-1 hash-value of the whole file ({@code 72:24:...})
 * @param verified receiver: the hash and size match the offer's {@code file-selector}; sender: the
 *     receiver's success report for the whole message came (every chunk was answered 200 either
 *     way; false only when a peer ignores Success-Report)
 * @param path the file written (receiver) or read (sender)
 * @param from where this transfer started in the file: 0, or the octets a resumed transfer did not
 *     move again ({@code a=file-range}); {@code bytes - from} octets went over the wire
 */
public record FileTransferResult(
    String name, long bytes, String sha1, boolean verified, Path path, long from) {

  /** A transfer of the whole file ({@code from} 0). */
  public FileTransferResult(String name, long bytes, String sha1, boolean verified, Path path) {
    this(name, bytes, sha1, verified, path, 0);
  }

  /** {@code true} when the transfer moved only the part of the file that was missing. */
  public boolean resumed() {
    return from > 0;
  }
}
