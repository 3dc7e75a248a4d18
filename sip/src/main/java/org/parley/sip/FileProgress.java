package org.parley.sip;

/**
 * Hears how far a file transfer is: the sender's bytes answered by the receiver, the receiver's
 * bytes on disk. Calls come on the agent's file threads or an MSRP event loop, one at a time, at
 * most about ten a second, and a last call when the transfer ends well ({@code bytes == total} when
 * the total is known). Keep it short: do not block.
 */
@FunctionalInterface
public interface FileProgress {
  /** Hears nothing. */
  FileProgress NONE = (bytes, total) -> {};

  /**
   * Hears how far a transfer is.
   *
   * @param bytes octets of the file done so far, counting those a resumed transfer did not need to
   *     move again
   * @param total the file's size, or -1 when it is not known
   */
  void progress(long bytes, long total);
}
