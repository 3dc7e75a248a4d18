package org.parley.sip;

import java.util.ArrayList;
import java.util.List;
import org.parley.im.FileDescription;
import org.parley.im.FileHash;
import org.parley.sdp.FileDate;
import org.parley.sdp.FileSelector;
import org.parley.sdp.MediaDescription;
import org.parley.sdp.SdpLine;
import org.parley.sdp.SessionDescription;

/**
 * RFC 5547 attributes of a message stream of an offer or answer we write: their values for a file
 * described from the disk, and their place in the media description.
 */
final class FileAttributes {
  private FileAttributes() {}

  /**
   * The {@code file-selector} of a file to push: name, type, size and SHA-1, those known.
   *
   * @throws IllegalArgumentException when a part cannot be written (an SdpParseException among
   *     them)
   */
  static FileSelector selector(FileDescription file) {
    return FileSelector.builder()
        .name(file.name())
        .type(file.type())
        .size(file.size())
        .hash(FileHash.SHA_1, file.sha1())
        .build();
  }

  /** The {@code file-date} of a file to push, or null when no date is known. */
  static FileDate date(FileDescription file) {
    if (file.creation() == null && file.modification() == null && file.read() == null) {
      return null;
    }
    return FileDate.of(file.creation(), file.modification(), file.read());
  }

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

  /**
   * {@code description} with the attribute lines of media {@code index} named as {@code line}'s
   * replaced by {@code line} (in the first one's place), or {@code line} added as {@link #insert}
   * adds when there is none.
   */
  static SessionDescription replace(SessionDescription description, int index, SdpLine line) {
    String name = line.attributeName();
    MediaDescription m = description.media().get(index);
    List<SdpLine> lines = new ArrayList<>();
    boolean replaced = false;
    for (SdpLine l : m.lines()) {
      if (name.equals(l.attributeName())) {
        if (!replaced) {
          lines.add(line);
          replaced = true;
        }
      } else {
        lines.add(l);
      }
    }
    if (!replaced) {
      return insert(description, index, List.of(line));
    }
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
