package org.parley.msrp.transport;

/**
 * A mark of what a connection had read and written at one moment ({@link MsrpConnection#traffic}),
 * to tell from a later mark whether the peer showed a sign of life in between: it sent something,
 * or it took some of what waited to be sent to it (bytes of the outbound buffer went to the socket,
 * which a peer that does not read stops once the socket buffers are full). New writes queued
 * meanwhile are no sign of life.
 *
 * @param reads what the decoder had handed on (heads, body slices, end-lines)
 * @param writing whether writes were waiting in the outbound buffer
 * @param current the identity of the first waiting write (0 when none)
 * @param progress the bytes of that write already sent
 */
public record Traffic(long reads, boolean writing, int current, long progress) {
  /** {@code true} when something came from the peer since {@code earlier}. */
  public boolean heardSince(Traffic earlier) {
    return reads != earlier.reads;
  }

  /** {@code true} when writes that waited at {@code earlier} went (partly) to the socket since. */
  public boolean sentSince(Traffic earlier) {
    return earlier.writing && (current != earlier.current || progress != earlier.progress);
  }
}
