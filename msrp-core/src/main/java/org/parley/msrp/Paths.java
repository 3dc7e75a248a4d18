package org.parley.msrp;

import java.util.List;

/** Writes a path header value: URIs separated by one space. */
final class Paths {
  private Paths() {}

  static String format(List<MsrpUri> path) {
    if (path.isEmpty()) {
      throw new IllegalArgumentException("a path holds at least one URI");
    }
    if (path.size() == 1) {
      return path.get(0).toString();
    }
    StringBuilder sb = new StringBuilder(64 * path.size());
    for (MsrpUri u : path) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(u);
    }
    return sb.toString();
  }
}
