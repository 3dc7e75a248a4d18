package org.parley.sdp.offeranswer;

import java.util.ArrayList;
import java.util.List;
import org.parley.sdp.AcceptType;

/**
 * The types both ends accept, honouring {@code *} and {@code type/*} on either side: each offered
 * entry meets each local one ({@link AcceptType#meet}), in the offer's order, without repeats.
 */
final class TypeIntersection {
  private TypeIntersection() {}

  static List<AcceptType> of(List<AcceptType> offered, List<AcceptType> local) {
    List<AcceptType> out = new ArrayList<>();
    for (AcceptType r : offered) {
      for (AcceptType l : local) {
        AcceptType m = r.meet(l);
        if (m != null && !out.contains(m)) {
          out.add(m);
        }
      }
    }
    return List.copyOf(out);
  }
}
