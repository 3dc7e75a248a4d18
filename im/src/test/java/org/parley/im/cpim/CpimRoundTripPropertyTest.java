package org.parley.im.cpim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Generated messages: every kind of header, text with control characters, backslashes, quotes and
 * characters outside the BMP, binary content that holds empty lines. What is written reads back
 * equal, and what is read writes back byte for byte; damaged input fails only with {@link
 * CpimSyntaxException}.
 */
class CpimRoundTripPropertyTest {
  private static final String TEXT =
      "abcXYZ019 -_.!~*'()/:;=@?&%+$,#[]<>{}|^`é€\\\"\t\n\r\u0000\u0001\u001f\u007f\u0080ü";
  private static final String[] LANGS = {"en", "fr", "de-CH", "x-klingon", "zh-Hant-TW"};
  private static final String[] URIS = {
    "im:piglet@100akerwood.com", "sip:bob@example.com;transport=tcp", "tel:+15551234",
    "urn:ietf:params:imdn", "mid:MessageFeatures@id.foo.com", "sip:%61lice@[2001:db8::1]:5061"
  };

  @Property(tries = 400)
  void parseOfWriteIsTheMessage(@ForAll("messages") CpimMessage m) {
    byte[] wire = m.toBytes();
    CpimMessage back = CpimMessage.parse(wire);

    assertThat(back).isEqualTo(m);
    assertThat(back.hashCode()).isEqualTo(m.hashCode());
    assertThat(back.from()).isEqualTo(m.from());
    assertThat(back.to()).isEqualTo(m.to());
    assertThat(back.cc()).isEqualTo(m.cc());
    assertThat(back.dateTime()).isEqualTo(m.dateTime());
    assertThat(back.subjects()).isEqualTo(m.subjects());
    assertThat(back.namespaces()).isEqualTo(m.namespaces());
    assertThat(back.required()).isEqualTo(m.required());
    for (int i = 0; i < m.headers().size(); i++) {
      assertThat(back.headers().get(i).value()).isEqualTo(m.headers().get(i).value());
      assertThat(back.headers().get(i).name().namespaceUri())
          .isEqualTo(m.headers().get(i).name().namespaceUri());
    }
    assertThat(back.body()).isEqualTo(m.body());
    assertThat(back.toBytes()).isEqualTo(wire);
  }

  @Property(tries = 300)
  void damagedInputFailsOnlyWithASyntaxError(
      @ForAll("messages") CpimMessage m, @ForAll("seeds") long seed) {
    Random r = new Random(seed);
    byte[] wire = m.toBytes();
    byte[] damaged = damage(wire, r);
    try {
      CpimMessage back = CpimMessage.parse(damaged);
      assertThat(CpimMessage.parse(back.toBytes())).isEqualTo(back);
    } catch (CpimSyntaxException e) {
      assertThat(e.offset()).isBetween(0, damaged.length);
    }
  }

  private static byte[] damage(byte[] wire, Random r) {
    List<Byte> bytes = new ArrayList<>();
    for (byte b : wire) {
      bytes.add(b);
    }
    int edits = 1 + r.nextInt(4);
    byte[] interesting = {
      '\r', '\n', ':', ';', '.', '"', '\\', '<', '>', ' ', 0, (byte) 0xC3, (byte) 0xFF
    };
    for (int k = 0; k < edits && !bytes.isEmpty(); k++) {
      int at = r.nextInt(bytes.size());
      byte b = r.nextBoolean() ? interesting[r.nextInt(interesting.length)] : (byte) r.nextInt(256);
      switch (r.nextInt(3)) {
        case 0:
          bytes.set(at, b);
          break;
        case 1:
          bytes.add(at, b);
          break;
        default:
          bytes.remove(at);
      }
    }
    if (r.nextInt(5) == 0) {
      bytes = bytes.subList(0, r.nextInt(bytes.size() + 1));
    }
    byte[] out = new byte[bytes.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = bytes.get(i);
    }
    return out;
  }

  @Provide
  Arbitrary<Long> seeds() {
    return Arbitraries.longs();
  }

  @Provide
  Arbitrary<CpimMessage> messages() {
    return Arbitraries.randomValue(CpimRoundTripPropertyTest::generate);
  }

  static CpimMessage generate(Random r) {
    CpimMessage.Builder b = CpimMessage.builder();
    List<String> prefixes = new ArrayList<>();
    Set<String> langs = new HashSet<>();
    boolean from = false;
    boolean dateTime = false;
    for (int n = r.nextInt(12); n > 0; n--) {
      switch (r.nextInt(9)) {
        case 0:
          if (!from) {
            b.from(address(r));
            from = true;
          }
          break;
        case 1:
          b.to(address(r));
          break;
        case 2:
          b.cc(address(r));
          break;
        case 3:
          if (!dateTime) {
            b.dateTime(dateTime(r));
            dateTime = true;
          }
          break;
        case 4:
          String lang = r.nextInt(3) == 0 ? "" : LANGS[r.nextInt(LANGS.length)];
          if (langs.add(lang)) {
            if (lang.isEmpty()) {
              b.subject(text(r));
            } else {
              b.subject(lang, text(r));
            }
          }
          break;
        case 5:
          String prefix = name(r);
          b.namespace(prefix, URIS[r.nextInt(URIS.length)]);
          prefixes.add(prefix);
          break;
        case 6:
          if (!prefixes.isEmpty()) {
            b.require(prefixes.get(r.nextInt(prefixes.size())) + '.' + name(r), name(r));
          }
          break;
        default:
          String headerName =
              prefixes.isEmpty() || r.nextBoolean()
                  ? name(r)
                  : prefixes.get(r.nextInt(prefixes.size())) + '.' + name(r);
          List<CpimParameter> params = new ArrayList<>();
          for (int p = r.nextInt(3); p > 0; p--) {
            params.add(
                r.nextInt(4) == 0
                    ? CpimParameter.lang(LANGS[r.nextInt(LANGS.length)])
                    : CpimParameter.of(name(r), r.nextBoolean() ? name(r) : text(r)));
          }
          if (isStandard(headerName)) {
            headerName = "X-" + headerName;
          }
          b.header(headerName, params, text(r));
      }
    }
    for (int n = r.nextInt(4); n > 0; n--) {
      if (r.nextInt(3) == 0) {
        b.contentType(r.nextBoolean() ? "text/plain; charset=utf-8" : "application/octet-stream");
      } else {
        b.mimeHeader("X-" + name(r), text(r).replaceAll("[\\x00-\\x08\\x0a-\\x1f\\x7f]", "?"));
      }
    }
    byte[] body = new byte[r.nextInt(5) == 0 ? 0 : r.nextInt(300)];
    r.nextBytes(body);
    if (body.length > 8 && r.nextBoolean()) {
      System.arraycopy(new byte[] {'\r', '\n', '\r', '\n'}, 0, body, r.nextInt(body.length - 4), 4);
    }
    return b.body(body).build();
  }

  private static boolean isStandard(String name) {
    return List.of("from", "to", "cc", "datetime", "subject", "ns", "require")
        .contains(name.toLowerCase(java.util.Locale.ROOT));
  }

  private static CpimAddress address(Random r) {
    String uri = URIS[r.nextInt(URIS.length)];
    switch (r.nextInt(3)) {
      case 0:
        return CpimAddress.of(uri);
      case 1:
        return CpimAddress.of(name(r) + " " + name(r), uri);
      default:
        String display = text(r);
        return CpimAddress.of(display.isEmpty() ? "x" : display, uri);
    }
  }

  private static OffsetDateTime dateTime(Random r) {
    return OffsetDateTime.of(
        1970 + r.nextInt(100),
        1 + r.nextInt(12),
        1 + r.nextInt(28),
        r.nextInt(24),
        r.nextInt(60),
        r.nextInt(60),
        r.nextBoolean() ? 0 : r.nextInt(1_000_000_000),
        ZoneOffset.ofTotalSeconds((r.nextInt(24 * 4) - 48) * 15 * 60));
  }

  private static String name(Random r) {
    String chars = "abcXYZ019!#$%&'*+-^_`|~";
    StringBuilder sb = new StringBuilder();
    for (int n = 1 + r.nextInt(10); n > 0; n--) {
      sb.append(chars.charAt(r.nextInt(chars.length())));
    }
    return sb.toString();
  }

  private static String text(Random r) {
    StringBuilder sb = new StringBuilder();
    for (int n = r.nextInt(30); n > 0; n--) {
      if (r.nextInt(20) == 0) {
        sb.appendCodePoint(0x1F600 + r.nextInt(50));
      } else {
        sb.append(TEXT.charAt(r.nextInt(TEXT.length())));
      }
    }
    return sb.toString();
  }
}
