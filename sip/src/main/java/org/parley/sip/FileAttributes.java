package org.parley.sip;

import java.util.ArrayList;
import java.util.List;
import org.parley.sdp.MediaDescription;
import org.parley.sdp.SdpLine;
import org.parley.sdp.SessionDescription;

/** Puts RFC 5547 attributes into a message stream of an offer or answer we wrote. */
final class FileAttributes {
  private FileAttributes() {}

  /**
   * {@code description} with {@code extra} lines added to its media {@code index}, before the
   * direction attribute that ends the media description (as RFC 5547's examples order them).
   */
  static SessionDescription insert(SessionDescription description, int index, List<SdpLine> extra) {
    MediaDescription m = description.media().get(index);
    List<SdpLine> lines = new ArrayList<>(m.lines());
    int at = lines.size();
    while (at > 0 && isDirection(lines.get(at - 1))) {
      at--;
    }
    lines.addAll(at, extra);
    return description.withMedia(index, MediaDescription.of(lines));
  }

  private static boolean isDirection(SdpLine l) {
    if (l.type() != 'a') {
      return false;
    }
    String v = l.trimmedValue();
    return v.equals("sendonly")
        || v.equals("recvonly")
        || v.equals("sendrecv")
        || v.equals("inactive");
  }
}
