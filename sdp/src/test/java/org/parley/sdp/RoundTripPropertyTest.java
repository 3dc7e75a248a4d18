package org.parley.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** write(parse(x)) == x for generated descriptions: every field, sloppy line ends, any text. */
class RoundTripPropertyTest {
  private static final String[] ENDS = {"\r\n", "\r\n", "\r\n", "\n"};
  private static final String TEXT_CHARS = "abcXYZ019 -_.!~*'()/:;=@?&%+$,#[]<>\"{}|\\^`\té€☕";

  @Property(tries = 500)
  void writeOfParseIsIdentity(@ForAll("descriptions") String text) {
    SessionDescription sdp = SessionDescription.parse(text);

    assertThat(sdp.toString()).isEqualTo(text);
    assertThat(SessionDescription.parse(sdp.toString()).lines()).isEqualTo(sdp.lines());
  }

  @Property(tries = 200)
  void messageStreamsReadBackWhatWasWritten(@ForAll("descriptions") String text) {
    SessionDescription sdp = SessionDescription.parse(text);

    for (int i = 0; i < sdp.media().size(); i++) {
      if (MessageMedia.isMessage(sdp.media().get(i))) {
        MessageMedia m = MessageMedia.of(sdp, i);
        assertThat(m.path()).isNotEmpty();
        assertThat(m.acceptTypes()).isNotEmpty();
      }
    }
  }

  @Provide
  Arbitrary<String> descriptions() {
    return Arbitraries.randomValue(RoundTripPropertyTest::generate);
  }

  static String generate(Random r) {
    StringBuilder sb = new StringBuilder();
    line(sb, r, "v=0");
    line(sb, r, "o=" + token(r) + " " + digits(r) + " " + digits(r) + " IN IP4 " + host(r));
    line(sb, r, "s=" + text(r, 0));
    if (r.nextBoolean()) {
      line(sb, r, "i=" + text(r, 1));
    }
    if (r.nextInt(4) == 0) {
      line(sb, r, "u=http://" + host(r) + "/" + token(r));
    }
    for (int i = r.nextInt(3); i > 0; i--) {
      line(sb, r, "e=" + token(r) + "@" + host(r) + " (" + text(r, 1) + ")");
    }
    for (int i = r.nextInt(2); i > 0; i--) {
      line(sb, r, "p=+1 617 555-" + r.nextInt(10000));
    }
    if (r.nextBoolean()) {
      line(sb, r, "c=IN IP4 " + host(r));
    }
    for (int i = r.nextInt(3); i > 0; i--) {
      line(sb, r, "b=" + (r.nextBoolean() ? "AS" : "CT") + ":" + r.nextInt(100000));
    }
    for (int t = 1 + r.nextInt(2); t > 0; t--) {
      line(sb, r, "t=" + digits(r) + " " + digits(r));
      for (int i = r.nextInt(2); i > 0; i--) {
        line(sb, r, "r=7d 1h 0 25h");
      }
    }
    if (r.nextInt(4) == 0) {
      line(sb, r, "z=2882844526 -1h 2898848070 0");
    }
    if (r.nextInt(4) == 0) {
      line(sb, r, "k=" + (r.nextBoolean() ? "prompt" : "clear:" + text(r, 1)));
    }
    attributes(sb, r);
    for (int m = r.nextInt(4); m > 0; m--) {
      if (r.nextBoolean()) {
        line(sb, r, "m=message " + r.nextInt(65536) + " TCP/MSRP *");
        if (r.nextBoolean()) {
          line(sb, r, "c=IN IP4 " + host(r));
        }
        line(sb, r, "a=accept-types:text/plain " + alnum(r) + "/*");
        line(
            sb,
            r,
            "a=path:msrp://" + host(r) + ":" + (1 + r.nextInt(65535)) + "/" + alnum(r) + ";tcp");
        if (r.nextBoolean()) {
          line(sb, r, "a=setup:" + Setup.values()[r.nextInt(4)].token());
        }
      } else {
        line(sb, r, "m=audio " + r.nextInt(65536) + " RTP/AVP 0 " + r.nextInt(128));
        if (r.nextBoolean()) {
          line(sb, r, "i=" + text(r, 1));
        }
        for (int i = r.nextInt(3); i > 0; i--) {
          line(sb, r, "c=IN IP4 " + host(r));
        }
        if (r.nextBoolean()) {
          line(sb, r, "b=AS:" + r.nextInt(1000));
        }
        if (r.nextInt(5) == 0) {
          line(sb, r, "k=prompt");
        }
      }
      attributes(sb, r);
    }
    if (r.nextInt(5) == 0) {
      // A last line without its line end.
      int cut = sb.charAt(sb.length() - 2) == '\r' ? 2 : 1;
      sb.setLength(sb.length() - cut);
    } else if (r.nextInt(10) == 0) {
      sb.append("\r\n");
    }
    return sb.toString();
  }

  private static void attributes(StringBuilder sb, Random r) {
    for (int i = r.nextInt(4); i > 0; i--) {
      String name = "x-" + token(r);
      line(sb, r, "a=" + name + (r.nextBoolean() ? ":" + text(r, 0) : ""));
    }
  }

  private static void line(StringBuilder sb, Random r, String content) {
    sb.append(content);
    if (r.nextInt(6) == 0) {
      sb.append(r.nextBoolean() ? " " : "  ");
    }
    sb.append(ENDS[r.nextInt(ENDS.length)]);
  }

  private static String token(Random r) {
    StringBuilder sb = new StringBuilder();
    String chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.!%*_+`'~";
    for (int i = 1 + r.nextInt(10); i > 0; i--) {
      sb.append(chars.charAt(r.nextInt(chars.length())));
    }
    return sb.toString();
  }

  private static String alnum(Random r) {
    StringBuilder sb = new StringBuilder();
    for (int i = 1 + r.nextInt(10); i > 0; i--) {
      sb.append((char) ('a' + r.nextInt(26)));
    }
    return sb.toString();
  }

  private static String text(Random r, int min) {
    StringBuilder sb = new StringBuilder();
    for (int i = min + r.nextInt(20); i > 0; i--) {
      sb.append(TEXT_CHARS.charAt(r.nextInt(TEXT_CHARS.length())));
    }
    return sb.toString();
  }

  private static String digits(Random r) {
    return Long.toString(r.nextLong() & Long.MAX_VALUE);
  }

  private static String host(Random r) {
    return r.nextBoolean()
        ? r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256)
        : "h" + r.nextInt(1000) + ".example.com";
  }
}
