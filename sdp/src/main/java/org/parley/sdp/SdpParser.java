package org.parley.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 8866 §9 as a state machine over lines.
 *
 * <pre>
 * session-description = version-field origin-field session-name-field
 *                       [information-field] [uri-field] *email-field *phone-field
 *                       [connection-field] *bandwidth-field 1*time-description
 *                       [key-field] *attribute-field *media-description
 * time-description    = time-field [repeat-description]      ; r= follows t= or r=
 * media-description   = media-field [information-field] *connection-field
 *                       *bandwidth-field [key-field] *attribute-field
 * </pre>
 *
 * <p>Strict: {@code v=}, {@code o=}, {@code s=} come first and in that order; a type letter outside
 * RFC 8866 is an error; session-only fields may not appear after {@code m=}; fields that appear at
 * most once do. Lenient, because peers are: LF without CR, a last line without a line end, blank
 * lines at the very end, trailing spaces, an empty {@code s=}, and the order of the optional
 * session-level fields among themselves.
 */
final class SdpParser {
  private enum State {
    VERSION,
    ORIGIN,
    SESSION_NAME,
    SESSION,
    MEDIA
  }

  private static final String TYPES = "vosiuepcbtrzkam";

  private final List<SdpLine> sessionLines = new ArrayList<>();
  private final List<MediaDescription> media = new ArrayList<>();
  private List<SdpLine> current;
  private State state = State.VERSION;
  private boolean timeSeen;
  private String seenOnce = "";

  private SdpParser() {}

  static SessionDescription parse(CharSequence text) {
    SdpParser p = new SdpParser();
    String trailer = p.readLines(text.toString());
    return p.finish(trailer);
  }

  /** Checks the lines of one media description built in code (the first is {@code m=}). */
  static void checkMediaLines(List<SdpLine> lines) {
    SdpParser p = new SdpParser();
    p.state = State.MEDIA;
    boolean first = true;
    for (SdpLine l : lines) {
      if (!first && l.type() == 'm') {
        throw new SdpParseException(
            l.lineNumber(), SdpRule.SESSION_DESCRIPTION, "a media description holds one m= line");
      }
      first = false;
      p.accept(checkLetter(l));
    }
  }

  private static SdpLine checkLetter(SdpLine l) {
    if (TYPES.indexOf(l.type()) < 0) {
      throw new SdpParseException(
          l.lineNumber(), SdpRule.LINE, "unknown type letter " + SdpChars.printable(l.type()));
    }
    return l;
  }

  /** Splits the text into lines and feeds them; returns the trailing blank lines, if any. */
  private String readLines(String s) {
    int pos = 0;
    int number = 0;
    while (pos < s.length()) {
      number++;
      int lf = s.indexOf('\n', pos);
      int contentEnd = lf < 0 ? s.length() : lf;
      String end = lf < 0 ? "" : "\n";
      if (contentEnd > pos && s.charAt(contentEnd - 1) == '\r' && lf >= 0) {
        contentEnd--;
        end = SdpLine.CRLF;
      }
      String content = s.substring(pos, contentEnd);
      if (content.isEmpty()) {
        if (onlyLineEnds(s, pos)) {
          return s.substring(pos);
        }
        throw new SdpParseException(number, SdpRule.LINE, "empty line inside the description");
      }
      accept(toLine(content, end, number));
      pos = lf < 0 ? s.length() : lf + 1;
    }
    return "";
  }

  private static boolean onlyLineEnds(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      if (s.charAt(i) != '\r' && s.charAt(i) != '\n') {
        return false;
      }
    }
    return true;
  }

  private static SdpLine toLine(String content, String end, int number) {
    if (content.length() < 2 || content.charAt(1) != '=') {
      throw new SdpParseException(
          number, SdpRule.LINE, "expected <type>=<value>, found " + SdpFields.quote(content));
    }
    char type = content.charAt(0);
    if (type < 'a' || type > 'z' || TYPES.indexOf(type) < 0) {
      throw new SdpParseException(
          number, SdpRule.LINE, "unknown type letter " + SdpChars.printable(type));
    }
    for (int i = 2; i < content.length(); i++) {
      char c = content.charAt(i);
      if (c == '\r' || c == 0) {
        throw new SdpParseException(
            number, SdpRule.LINE, SdpChars.printable(c) + " inside a line at column " + (i + 1));
      }
    }
    return new SdpLine(type, content.substring(2), end, number);
  }

  private void accept(SdpLine line) {
    char t = line.type();
    int n = line.lineNumber();
    switch (state) {
      case VERSION:
        expect(line, 'v', "a description starts with v=");
        sessionLines.add(line);
        state = State.ORIGIN;
        break;
      case ORIGIN:
        expect(line, 'o', "o= must follow v=");
        sessionLines.add(line);
        state = State.SESSION_NAME;
        break;
      case SESSION_NAME:
        expect(line, 's', "s= must follow o=");
        sessionLines.add(line);
        state = State.SESSION;
        break;
      case SESSION:
        if (t == 'm') {
          if (!timeSeen) {
            throw new SdpParseException(
                n, SdpRule.SESSION_DESCRIPTION, "no t= line before the first m= line");
          }
          startMedia(line);
          break;
        }
        if ("vos".indexOf(t) >= 0) {
          throw new SdpParseException(n, SdpRule.SESSION_DESCRIPTION, t + "= appears twice");
        }
        if (t == 'r' && !lastTypeIn(sessionLines, "tr")) {
          throw new SdpParseException(n, SdpRule.REPEAT_FIELD, "r= must follow t= or r=");
        }
        once(line, "iuckz");
        SdpFields.check(line);
        timeSeen |= t == 't';
        sessionLines.add(line);
        break;
      case MEDIA:
        if (t == 'm') {
          startMedia(line);
          break;
        }
        if ("icbka".indexOf(t) < 0) {
          throw new SdpParseException(
              n,
              SdpRule.SESSION_DESCRIPTION,
              t + "= is a session-level field and cannot appear in a media description");
        }
        once(line, "ik");
        SdpFields.check(line);
        current.add(line);
        break;
    }
  }

  private void startMedia(SdpLine line) {
    SdpFields.check(line);
    if (current != null) {
      media.add(MediaDescription.parsed(current));
    }
    current = new ArrayList<>();
    current.add(line);
    seenOnce = "";
    state = State.MEDIA;
  }

  private void once(SdpLine line, String singletons) {
    char t = line.type();
    if (singletons.indexOf(t) >= 0) {
      if (seenOnce.indexOf(t) >= 0) {
        throw new SdpParseException(
            line.lineNumber(),
            SdpRule.SESSION_DESCRIPTION,
            t
                + "= appears more than once "
                + (state == State.MEDIA ? "in a media description" : "at session level"));
      }
      seenOnce += t;
    }
  }

  private static boolean lastTypeIn(List<SdpLine> lines, String types) {
    return !lines.isEmpty() && types.indexOf(lines.get(lines.size() - 1).type()) >= 0;
  }

  private static void expect(SdpLine line, char type, String what) {
    if (line.type() != type) {
      throw new SdpParseException(
          line.lineNumber(), SdpRule.SESSION_DESCRIPTION, what + ", found " + line.type() + "=");
    }
    SdpFields.check(line);
  }

  private SessionDescription finish(String trailer) {
    if (state != State.SESSION && state != State.MEDIA) {
      String missing = state == State.VERSION ? "v=" : state == State.ORIGIN ? "o=" : "s=";
      throw new SdpParseException(
          sessionLines.size() + 1,
          SdpRule.SESSION_DESCRIPTION,
          "description ends before " + missing);
    }
    if (!timeSeen) {
      throw new SdpParseException(
          sessionLines.size(), SdpRule.SESSION_DESCRIPTION, "no t= line in the description");
    }
    if (current != null) {
      media.add(MediaDescription.parsed(current));
    }
    return new SessionDescription(List.copyOf(sessionLines), List.copyOf(media), trailer);
  }
}
