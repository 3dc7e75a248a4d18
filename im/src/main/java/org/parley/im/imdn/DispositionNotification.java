package org.parley.im.imdn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.parley.im.cpim.CpimChars;

/**
 * The value of {@code imdn.Disposition-Notification} (RFC 5438): the notifications a message's
 * sender asks for.
 *
 * <pre>
 * Disposition-Notification = "Disposition-Notification" ": "
 *                            [ notify-req *( COMMA notify-req ) ]
 * notify-req = ( "negative-delivery" / "positive-delivery" / "processing" / "display" / Token )
 *              *( SEMI disp-notify-params )
 * disp-notify-params = generic-param                       ; RFC 3261
 * </pre>
 *
 * <p>Requests this module does not know are kept, as written, in {@link #extensions()}.
 */
public final class DispositionNotification {
  private final Set<DispositionRequest> requests;
  private final List<String> extensions;
  private final String text;

  private DispositionNotification(
      Set<DispositionRequest> requests, List<String> extensions, String text) {
    this.requests = requests;
    this.extensions = extensions;
    this.text = text;
  }

  /** The header value asking for {@code requests}, written {@code a, b} in the given order. */
  public static DispositionNotification of(DispositionRequest... requests) {
    EnumSet<DispositionRequest> set = EnumSet.noneOf(DispositionRequest.class);
    StringBuilder sb = new StringBuilder();
    for (DispositionRequest r : requests) {
      if (set.add(r)) {
        sb.append(sb.length() == 0 ? "" : ", ").append(r.token());
      }
    }
    return new DispositionNotification(Collections.unmodifiableSet(set), List.of(), sb.toString());
  }

  /**
   * Reads the header value.
   *
   * @throws ImdnParseException (DISPOSITION_NOTIFICATION) at the offending byte
   */
  public static DispositionNotification parse(String value) {
    EnumSet<DispositionRequest> set = EnumSet.noneOf(DispositionRequest.class);
    List<String> extensions = new ArrayList<>();
    int i = skipSpace(value, 0);
    if (i == value.length()) {
      return new DispositionNotification(Collections.unmodifiableSet(set), List.of(), value);
    }
    while (true) {
      int start = i;
      i = token(value, i);
      if (i == start) {
        throw error(value, i, "expected a notify-req token");
      }
      String token = value.substring(start, i);
      i = skipSpace(value, i);
      while (i < value.length() && value.charAt(i) == ';') {
        i = param(value, skipSpace(value, i + 1));
        i = skipSpace(value, i);
      }
      String written = value.substring(start, i).trim();
      DispositionRequest.of(token).ifPresentOrElse(set::add, () -> extensions.add(written));
      if (i == value.length()) {
        break;
      }
      if (value.charAt(i) != ',') {
        throw error(value, i, "notify-reqs are separated by ','");
      }
      i = skipSpace(value, i + 1);
    }
    return new DispositionNotification(
        Collections.unmodifiableSet(set), List.copyOf(extensions), value);
  }

  /**
   * {@code generic-param = token [ EQUAL gen-value ]}, {@code gen-value = token / host /
   * quoted-string}.
   */
  private static int param(String v, int i) {
    int start = i;
    i = token(v, i);
    if (i == start) {
      throw error(v, i, "expected a parameter name after ';'");
    }
    i = skipSpace(v, i);
    if (i < v.length() && v.charAt(i) == '=') {
      i = skipSpace(v, i + 1);
      if (i < v.length() && v.charAt(i) == '"') {
        int j = i + 1;
        while (j < v.length() && v.charAt(j) != '"') {
          j += v.charAt(j) == '\\' ? 2 : 1;
        }
        if (j >= v.length()) {
          throw error(v, i, "quoted-string without a closing quote");
        }
        return j + 1;
      }
      int valueStart = i;
      while (i < v.length()
          && (tokenChar(v.charAt(i))
              || v.charAt(i) == ':'
              || v.charAt(i) == '['
              || v.charAt(i) == ']')) {
        i++;
      }
      if (i == valueStart) {
        throw error(v, i, "expected a parameter value after '='");
      }
    }
    return i;
  }

  private static int token(String v, int i) {
    while (i < v.length() && tokenChar(v.charAt(i))) {
      i++;
    }
    return i;
  }

  /**
   * RFC 3261 {@code token}: alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~".
   */
  static boolean tokenChar(char c) {
    return CpimChars.alpha(c) || CpimChars.digit(c) || "-.!%*_+`'~".indexOf(c) >= 0;
  }

  private static int skipSpace(String v, int i) {
    while (i < v.length() && (v.charAt(i) == ' ' || v.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  private static ImdnParseException error(String v, int i, String detail) {
    return ImdnParseException.inHeader(
        ImdnRule.DISPOSITION_NOTIFICATION, CpimChars.utf8Length(v, 0, i), detail);
  }

  /** Whether the sender asks for {@code request}. */
  public boolean requests(DispositionRequest request) {
    return requests.contains(request);
  }

  /** The requests RFC 5438 defines (their parameters, if any, are ignored). */
  public Set<DispositionRequest> requests() {
    return requests;
  }

  /** The requests this module does not know, with their parameters, as written. */
  public List<String> extensions() {
    return extensions;
  }

  /** The value as written. */
  @Override
  public String toString() {
    return text;
  }

  /** Same requests and extensions. */
  @Override
  public boolean equals(Object o) {
    return o instanceof DispositionNotification
        && ((DispositionNotification) o).requests.equals(requests)
        && ((DispositionNotification) o).extensions.equals(extensions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(requests, extensions);
  }
}
