package org.parley.msrp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link MsrpUri}: RFC 4975 §6 syntax, §6.1 comparison, formatting and the builder. */
class MsrpUriTest {

  // ---------------------------------------------------------------------------------------------
  // Parsing: every URI form, with its parts
  // ---------------------------------------------------------------------------------------------

  /** A URI and the parts it must parse into; {@code port} -1 and null strings mean "absent". */
  static Stream<Arguments> validUris() {
    return Stream.of(
        // text, secure, userinfo, host, port, session-id, transport, parameters
        parts(
            "msrp://atlanta.example.com:7654/jshA7weztas;tcp",
            false,
            null,
            "atlanta.example.com",
            7654,
            "jshA7weztas",
            "tcp"),
        parts(
            "msrp://bob.example.com:8888/9di4eae923wzd;tcp",
            false,
            null,
            "bob.example.com",
            8888,
            "9di4eae923wzd",
            "tcp"),
        // RFC 4976: a relay URI with userinfo and neither port nor session-id.
        parts(
            "msrps://alice@intra.example.com;tcp",
            true,
            "alice",
            "intra.example.com",
            -1,
            null,
            "tcp"),
        parts("msrp://192.0.2.1:2855/s1;tcp", false, null, "192.0.2.1", 2855, "s1", "tcp"),
        parts("msrp://192.0.2.1/s1;tcp", false, null, "192.0.2.1", -1, "s1", "tcp"),
        parts(
            "msrp://[2001:db8::1]:2855/abc;tcp", false, null, "[2001:db8::1]", 2855, "abc", "tcp"),
        parts("msrp://[::]:2855/abc;tcp", false, null, "[::]", 2855, "abc", "tcp"),
        parts("msrp://[::1]/abc;tcp", false, null, "[::1]", -1, "abc", "tcp"),
        parts(
            "msrp://[2001:db8:0:0:0:0:2:1]/abc;tcp",
            false,
            null,
            "[2001:db8:0:0:0:0:2:1]",
            -1,
            "abc",
            "tcp"),
        parts(
            "msrp://[::ffff:192.0.2.1]:9/abc;tcp",
            false,
            null,
            "[::ffff:192.0.2.1]",
            9,
            "abc",
            "tcp"),
        parts(
            "msrp://[1:2:3:4:5:6:192.0.2.1]:9/abc;tcp",
            false,
            null,
            "[1:2:3:4:5:6:192.0.2.1]",
            9,
            "abc",
            "tcp"),
        parts(
            "msrp://[1:2:3:4:5:6:7::]/abc;tcp", false, null, "[1:2:3:4:5:6:7::]", -1, "abc", "tcp"),
        parts(
            "msrp://[::2:3:4:5:6:7:8]/abc;tcp", false, null, "[::2:3:4:5:6:7:8]", -1, "abc", "tcp"),
        parts(
            "msrp://h.example.com:2855/a+b=c/d;tcp",
            false,
            null,
            "h.example.com",
            2855,
            "a+b=c/d",
            "tcp"),
        parts(
            "msrp://h.example.com:2855/s-._~9;tcp",
            false,
            null,
            "h.example.com",
            2855,
            "s-._~9",
            "tcp"),
        parts("msrp://h.example.com:2855;tcp", false, null, "h.example.com", 2855, null, "tcp"),
        parts("msrp://h.example.com;tcp", false, null, "h.example.com", -1, null, "tcp"),
        parts("msrp://h.example.com/s;ws", false, null, "h.example.com", -1, "s", "ws"),
        parts("msrp://h.example.com/s;sctp", false, null, "h.example.com", -1, "s", "sctp"),
        parts("msrp://h:0/s;tcp", false, null, "h", 0, "s", "tcp"),
        parts("msrp://h:65535/s;tcp", false, null, "h", 65535, "s", "tcp"),
        parts("msrp://a-b_c.d~e/s;tcp", false, null, "a-b_c.d~e", -1, "s", "tcp"),
        parts("msrp://ex%41mple.com/s;tcp", false, null, "ex%41mple.com", -1, "s", "tcp"),
        parts("msrp://user.name-1_~@h:1/s;tcp", false, "user.name-1_~", "h", 1, "s", "tcp"),
        parts("msrp://us%41er@h:1/s;tcp", false, "us%41er", "h", 1, "s", "tcp"),
        parts("MSRPS://H.EXAMPLE.COM:1/Sid;TCP", true, null, "H.EXAMPLE.COM", 1, "Sid", "TCP"),
        parts("Msrp://h:1/s;Tcp", false, null, "h", 1, "s", "Tcp"));
  }

  private static Arguments parts(
      String text,
      boolean secure,
      String userinfo,
      String host,
      int port,
      String sessionId,
      String transport) {
    return Arguments.of(text, secure, userinfo, host, port, sessionId, transport);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validUris")
  void parsesEveryUriForm(
      String text,
      boolean secure,
      String userinfo,
      String host,
      int port,
      String sessionId,
      String transport) {
    MsrpUri u = MsrpUri.parse(text);
    assertThat(u.secure()).isEqualTo(secure);
    assertThat(u.scheme()).isEqualTo(secure ? "msrps" : "msrp");
    assertThat(u.userinfo()).isEqualTo(userinfo);
    assertThat(u.host()).isEqualTo(host);
    assertThat(u.port()).isEqualTo(port);
    assertThat(u.hasPort()).isEqualTo(port >= 0);
    assertThat(u.sessionId()).isEqualTo(sessionId);
    assertThat(u.transport()).isEqualTo(transport);
    assertThat(u.parameters()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validUris")
  void toStringWritesTheUriAsParsed(String text) {
    assertThat(MsrpUri.parse(text).toString()).isEqualTo(text);
    // A CharSequence that is not a String is formatted from the parts: same text.
    assertThat(MsrpUri.parse(new StringBuilder(text)).toString()).isEqualTo(text);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validUris")
  void parsingTheFormattedUriGivesAnEqualUri(String text) {
    MsrpUri u = MsrpUri.parse(text);
    MsrpUri again = MsrpUri.parse(u.toString());
    assertThat(again).isEqualTo(u).hasSameHashCodeAs(u);
    assertThat(u.toBuilder().build()).isEqualTo(u);
    // The builder keeps no scheme spelling: it writes the scheme in lower case.
    assertThat(u.toBuilder().build().toString())
        .isEqualTo(u.scheme() + text.substring(u.scheme().length()));
  }

  @Test
  void parametersAfterTheTransportKeepTheirOrderAndForm() {
    String text = "msrp://h.example.com:1/s;tcp;foo;bar=baz;x-y.z=1~2";
    MsrpUri u = MsrpUri.parse(text);
    assertThat(u.transport()).isEqualTo("tcp");
    assertThat(u.parameters()).containsExactly("foo", "bar=baz", "x-y.z=1~2");
    assertThat(u.toString()).isEqualTo(text);
    assertThat(u.parameters()).isUnmodifiable();
  }

  @Test
  void parameterWithTokenPunctuationOfRfc3261() {
    MsrpUri u = MsrpUri.parse("msrp://h/s;ws;a!b%c*d_e+f`g'h~i.j-k=l!m");
    assertThat(u.transport()).isEqualTo("ws");
    assertThat(u.parameters()).containsExactly("a!b%c*d_e+f`g'h~i.j-k=l!m");
  }

  /**
   * RFC 4975 §9 defines {@code token = 1*(%x21 / %x23-27 / %x2A-2B / %x2D-2E / %x30-39 / %x41-5A /
   * %x5E-7E)}: besides RFC 3261's token characters it has {@code # $ & ^ { | }}.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "msrp://h/s;tcp;a$b",
        "msrp://h/s;tcp;a&b",
        "msrp://h/s;tcp;a^b",
        "msrp://h/s;tcp;a|b",
        "msrp://h/s;tcp;a{b}",
        "msrp://h/s;tcp;a#b",
        "msrp://h/s;tcp;k=v$w"
      })
  void parameterTokensUseTheRfc4975TokenRule(String text) {
    MsrpUri u = MsrpUri.parse(text);
    assertThat(u.parameters()).containsExactly(text.substring("msrp://h/s;tcp;".length()));
    assertThat(u.toString()).isEqualTo(text);
  }

  // ---------------------------------------------------------------------------------------------
  // Bad URIs: the rule broken and the offset of the offending character
  // ---------------------------------------------------------------------------------------------

  @ParameterizedTest(name = "[{index}] \"{0}\" breaks {1} at {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        // scheme
        "``                                 | MSRP_SCHEME   | 0",
        "sip:alice@example.com              | MSRP_SCHEME   | 0",
        "http://example.com/s;tcp           | MSRP_SCHEME   | 0",
        "msrp:/example.com/s;tcp            | MSRP_SCHEME   | 0",
        "example.com:7654/s;tcp             | MSRP_SCHEME   | 0",
        "msrpx://h/s;tcp                    | MSRP_SCHEME   | 0",
        "` msrp://h/s;tcp`                  | MSRP_SCHEME   | 0",
        // userinfo
        "msrp://@h/s;tcp                    | USERINFO      | 7",
        "msrp://al ice@h/s;tcp              | USERINFO      | 9",
        "msrp://a%zz@h/s;tcp                | USERINFO      | 8",
        // host
        "msrp://                            | HOST          | 7",
        "msrp:///s;tcp                      | HOST          | 7",
        "msrp://:7654/s;tcp                 | HOST          | 7",
        "msrp://ex ample.com/s;tcp          | HOST          | 9",
        "msrp://exa%4gmple.com/s;tcp        | HOST          | 10",
        "msrp://exa%4/s;tcp                 | HOST          | 10",
        "msrp://h[x]/s;tcp                  | HOST          | 8",
        "msrp://[::1/s;tcp                  | HOST          | 7",
        "msrp://[::1;tcp                    | HOST          | 7",
        "msrp://[::g]:1/s;tcp               | HOST          | 8",
        "msrp://[]/s;tcp                    | HOST          | 8",
        "msrp://[1:2:3:4:5:6:7:8:9]/s;tcp   | HOST          | 8",
        "msrp://[1::2::3]/s;tcp             | HOST          | 8",
        "msrp://[:1::2]/s;tcp               | HOST          | 8",
        "msrp://[1:2:3:4:5:6:7:]/s;tcp      | HOST          | 8",
        "msrp://[1:2:3:4:5:6:7]/s;tcp       | HOST          | 8",
        "msrp://[12345::1]/s;tcp            | HOST          | 8",
        "msrp://[::1.2.3]/s;tcp             | HOST          | 8",
        "msrp://[::01.2.3.4]/s;tcp          | HOST          | 8",
        "msrp://[::256.2.3.4]/s;tcp         | HOST          | 8",
        "msrp://[1:2:3:4:5:6:7:1.2.3.4]/s;tcp | HOST        | 8",
        "msrp://[192.0.2.1]/s;tcp           | HOST          | 8",
        "msrp://[::1]x/s;tcp                | HOST          | 12",
        // port
        "msrp://h:/s;tcp                    | PORT          | 9",
        "msrp://h:12a4/s;tcp                | PORT          | 11",
        "msrp://h:65536/s;tcp               | PORT          | 9",
        "msrp://h:99999999999999/s;tcp      | PORT          | 9",
        "msrp://h:-1/s;tcp                  | PORT          | 9",
        "msrp://h:1:2/s;tcp                 | PORT          | 10",
        "msrp://[::1]:/s;tcp                | PORT          | 13",
        "msrp://[::1]:x/s;tcp               | PORT          | 13",
        // session-id
        "msrp://h/;tcp                      | SESSION_ID    | 9",
        "msrp://h/ab%20;tcp                 | SESSION_ID    | 11",
        "msrp://h/ab:c;tcp                  | SESSION_ID    | 11",
        "msrp://h/ab?c;tcp                  | SESSION_ID    | 11",
        "msrp://h/ab@c;tcp                  | SESSION_ID    | 11",
        // transport
        "msrp://h:1/s                       | TRANSPORT     | 12",
        "msrp://h                           | TRANSPORT     | 8",
        "msrp://h/s;                        | TRANSPORT     | 11",
        "msrp://h/s;;x                      | TRANSPORT     | 11",
        "msrp://h/s;t-p                     | TRANSPORT     | 12",
        "`msrp://h/s;tcp `                  | TRANSPORT     | 14",
        // URI-parameter
        "msrp://h/s;tcp;                    | URI_PARAMETER | 15",
        "msrp://h/s;tcp;;a                  | URI_PARAMETER | 15",
        "msrp://h/s;tcp;=v                  | URI_PARAMETER | 15",
        "msrp://h/s;tcp;n=                  | URI_PARAMETER | 17",
        "msrp://h/s;tcp;n=a=b               | URI_PARAMETER | 18",
        "msrp://h/s;tcp;a b                 | URI_PARAMETER | 16",
        "msrp://h/s;tcp;a(b                 | URI_PARAMETER | 16",
        "msrp://h/s;tcp;a\"b                | URI_PARAMETER | 16",
        "msrp://h/s;tcp;a@b                 | URI_PARAMETER | 16",
      })
  void rejectsBadUrisNamingRuleAndOffset(String text, MsrpRule rule, int offset) {
    MsrpSyntaxException e =
        catchThrowableOfType(MsrpSyntaxException.class, () -> MsrpUri.parse(text));
    assertThat(e).as("parse(\"%s\") must throw", text).isNotNull();
    assertThat(e.rule()).as("rule for \"%s\" (%s)", text, e.getMessage()).isEqualTo(rule);
    assertThat(e.offset()).as("offset for \"%s\" (%s)", text, e.getMessage()).isEqualTo(offset);
    assertThat(e.detail()).isNotBlank();
    assertThat(e.getMessage()).contains(rule.grammar()).contains("offset " + offset);
    assertThat(e).isInstanceOf(IllegalArgumentException.class);
  }

  // ---------------------------------------------------------------------------------------------
  // RFC 4975 §6.1 comparison
  // ---------------------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0} == {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // scheme, host and transport compare without case
        "msrp://h.example.com:1/s;tcp        | MSRP://H.Example.COM:1/s;TCP",
        "msrps://h.example.com:1/s;tcp       | MSRPS://h.example.com:1/s;tcp",
        "msrp://h.example.com/s;ws           | msrp://h.example.com/s;WS",
        // userinfo is not compared
        "msrp://alice@h.example.com:1/s;tcp  | msrp://bob@h.example.com:1/s;tcp",
        "msrp://alice@h.example.com:1/s;tcp  | msrp://h.example.com:1/s;tcp",
        // IPv6 by value
        "msrp://[2001:db8::1]:1/s;tcp        | msrp://[2001:DB8:0:0:0:0:0:1]:1/s;tcp",
        "msrp://[2001:db8::1]:1/s;tcp        | msrp://[2001:0db8:0000::0001]:1/s;tcp",
        "msrp://[::]:1/s;tcp                 | msrp://[0:0:0:0:0:0:0:0]:1/s;tcp",
        "msrp://[::1]:1/s;tcp                | msrp://[0::1]:1/s;tcp",
        "msrp://[::ffff:192.0.2.1]:1/s;tcp   | msrp://[::ffff:c000:201]:1/s;tcp",
        "msrp://[1:0:0:2:0:0:0:3]:1/s;tcp    | msrp://[1:0:0:2::3]:1/s;tcp",
        // percent-encoded unreserved characters in the host are decoded
        "msrp://%61tlanta.example.com/s;tcp  | msrp://atlanta.example.com/s;tcp",
        "msrp://%41TLANTA.example.com/s;tcp  | msrp://atlanta.example.com/s;tcp",
        "msrp://a%2Db.example.com/s;tcp      | msrp://a-b.example.com/s;tcp",
        "msrp://a%7eb/s;tcp                  | msrp://a~b/s;tcp",
        "msrp://a%2Cb/s;tcp                  | msrp://a%2cb/s;tcp",
        // parameters after the transport are not compared
        "msrp://h/s;tcp;foo=bar              | msrp://h/s;tcp",
      })
  void equalPerRfc4975Section6_1(String a, String b) {
    MsrpUri x = MsrpUri.parse(a);
    MsrpUri y = MsrpUri.parse(b);
    assertThat(x).isEqualTo(y);
    assertThat(y).isEqualTo(x);
    assertThat(x.hashCode()).isEqualTo(y.hashCode());
  }

  @ParameterizedTest(name = "{0} != {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // a URI with a port never equals one without, whatever the port
        "msrp://h.example.com:2855/s;tcp     | msrp://h.example.com/s;tcp",
        "msrp://h.example.com:1/s;tcp        | msrp://h.example.com:2/s;tcp",
        // session-id compares with case, and present never equals absent
        "msrp://h.example.com:1/abc;tcp      | msrp://h.example.com:1/ABC;tcp",
        "msrp://h.example.com:1/abc;tcp      | msrp://h.example.com:1;tcp",
        // scheme, host, transport
        "msrp://h.example.com:1/s;tcp        | msrps://h.example.com:1/s;tcp",
        "msrp://h.example.com:1/s;tcp        | msrp://g.example.com:1/s;tcp",
        "msrp://h.example.com:1/s;tcp        | msrp://h.example.com:1/s;ws",
        "msrp://[::1]:1/s;tcp                | msrp://[::2]:1/s;tcp",
        // a percent-encoded reserved character is not the character itself
        "msrp://a%2Cb/s;tcp                  | msrp://a,b/s;tcp",
      })
  void notEqualPerRfc4975Section6_1(String a, String b) {
    MsrpUri x = MsrpUri.parse(a);
    MsrpUri y = MsrpUri.parse(b);
    assertThat(x).isNotEqualTo(y);
    assertThat(y).isNotEqualTo(x);
  }

  @Test
  void equalsIsReflexiveAndRejectsOtherTypes() {
    MsrpUri u = MsrpUri.parse("msrp://h/s;tcp");
    assertThat(u.equals(u)).as("reflexive").isTrue();
    assertThat(u).isNotEqualTo(null);
    assertThat(u).isNotEqualTo("msrp://h/s;tcp");
  }

  // ---------------------------------------------------------------------------------------------
  // Builder
  // ---------------------------------------------------------------------------------------------

  @Nested
  class BuilderTest {
    @Test
    void defaultsAreMsrpNoPortTcp() {
      MsrpUri u = MsrpUri.builder("h.example.com").build();
      assertThat(u.toString()).isEqualTo("msrp://h.example.com;tcp");
      assertThat(u.secure()).isFalse();
      assertThat(u.port()).isEqualTo(-1);
      assertThat(u.sessionId()).isNull();
      assertThat(u.userinfo()).isNull();
      assertThat(u.transport()).isEqualTo("tcp");
      assertThat(u.parameters()).isEmpty();
    }

    @Test
    void buildsTheRfcExample() {
      MsrpUri u =
          MsrpUri.builder("atlanta.example.com").port(7654).sessionId("jshA7weztas").build();
      assertThat(u.toString()).isEqualTo("msrp://atlanta.example.com:7654/jshA7weztas;tcp");
      assertThat(u).isEqualTo(MsrpUri.parse("msrp://atlanta.example.com:7654/jshA7weztas;tcp"));
    }

    @Test
    void buildsEveryPart() {
      MsrpUri u =
          MsrpUri.builder("[2001:db8::1]")
              .secure(true)
              .userinfo("alice")
              .port(2855)
              .sessionId("a+b=c/d")
              .transport("ws")
              .parameters(List.of("foo", "bar=baz"))
              .build();
      String text = "msrps://alice@[2001:db8::1]:2855/a+b=c/d;ws;foo;bar=baz";
      assertThat(u.toString()).isEqualTo(text);
      assertThat(MsrpUri.parse(u.toString())).isEqualTo(u);
      assertThat(u.userinfo()).isEqualTo("alice");
      assertThat(u.host()).isEqualTo("[2001:db8::1]");
      assertThat(u.port()).isEqualTo(2855);
      assertThat(u.sessionId()).isEqualTo("a+b=c/d");
      assertThat(u.transport()).isEqualTo("ws");
      assertThat(u.parameters()).containsExactly("foo", "bar=baz");
    }

    @Test
    void parametersAreCopied() {
      List<String> params = new ArrayList<>(List.of("a"));
      MsrpUri.Builder b = MsrpUri.builder("h").parameters(params);
      params.add("b");
      assertThat(b.build().parameters()).containsExactly("a");
    }

    @Test
    void toBuilderChangesOnePart() {
      MsrpUri u = MsrpUri.parse("msrp://alice@h.example.com:1/s;tcp;x=y");
      MsrpUri v = u.toBuilder().port(2).build();
      assertThat(v.toString()).isEqualTo("msrp://alice@h.example.com:2/s;tcp;x=y");
      assertThat(u.toBuilder().port(-1).sessionId(null).build().toString())
          .isEqualTo("msrp://alice@h.example.com;tcp;x=y");
      assertThat(u.toBuilder().host("g.example.com").build().host()).isEqualTo("g.example.com");
    }

    @ParameterizedTest(name = "port {0}")
    @ValueSource(ints = {-2, 65536, Integer.MAX_VALUE, Integer.MIN_VALUE})
    void rejectsPortOutOfRange(int port) {
      assertThatThrownBy(() -> MsrpUri.builder("h").port(port).build())
          .isInstanceOfSatisfying(
              MsrpSyntaxException.class, e -> assertThat(e.rule()).isEqualTo(MsrpRule.PORT));
    }

    @Test
    void rejectsNullHostAndTransport() {
      assertThatThrownBy(() -> MsrpUri.builder(null).build())
          .isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> MsrpUri.builder("h").transport(null).build())
          .isInstanceOf(NullPointerException.class);
    }

    static Stream<Arguments> badParts() {
      return Stream.of(
          Arguments.of("empty host", MsrpUri.builder(""), MsrpRule.HOST),
          Arguments.of("space in host", MsrpUri.builder("a b"), MsrpRule.HOST),
          Arguments.of("bad IPv6", MsrpUri.builder("[::g]"), MsrpRule.HOST),
          Arguments.of("unclosed IPv6", MsrpUri.builder("[::1"), MsrpRule.HOST),
          Arguments.of("empty session-id", MsrpUri.builder("h").sessionId(""), MsrpRule.SESSION_ID),
          Arguments.of(
              "'%' in session-id", MsrpUri.builder("h").sessionId("a%b"), MsrpRule.SESSION_ID),
          Arguments.of("empty transport", MsrpUri.builder("h").transport(""), MsrpRule.TRANSPORT),
          Arguments.of(
              "'-' in transport", MsrpUri.builder("h").transport("t-p"), MsrpRule.TRANSPORT),
          Arguments.of("empty userinfo", MsrpUri.builder("h").userinfo(""), MsrpRule.USERINFO),
          Arguments.of(
              "space in userinfo", MsrpUri.builder("h").userinfo("a b"), MsrpRule.USERINFO),
          Arguments.of(
              "parameter without name",
              MsrpUri.builder("h").parameters(List.of("=x")),
              MsrpRule.URI_PARAMETER),
          Arguments.of(
              "empty parameter",
              MsrpUri.builder("h").parameters(List.of("")),
              MsrpRule.URI_PARAMETER),
          // A part holding a delimiter must not be re-read as other parts.
          Arguments.of(
              "';' in session-id", MsrpUri.builder("h").sessionId("abc;ws"), MsrpRule.SESSION_ID),
          Arguments.of("':' in host", MsrpUri.builder("h:80"), MsrpRule.HOST),
          Arguments.of("'/' in host", MsrpUri.builder("h/x").sessionId("s"), MsrpRule.HOST),
          Arguments.of("';' in host", MsrpUri.builder("h;x"), MsrpRule.HOST),
          Arguments.of(
              "';' in transport", MsrpUri.builder("h").transport("tcp;x"), MsrpRule.TRANSPORT),
          Arguments.of("'@' in userinfo", MsrpUri.builder("h").userinfo("a@b"), MsrpRule.USERINFO),
          Arguments.of(
              "';' in a parameter",
              MsrpUri.builder("h").parameters(List.of("a;b")),
              MsrpRule.URI_PARAMETER));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badParts")
    void rejectsBadParts(String what, MsrpUri.Builder builder, MsrpRule rule) {
      MsrpSyntaxException e = catchThrowableOfType(MsrpSyntaxException.class, builder::build);
      assertThat(e).as("%s must be rejected", what).isNotNull();
      assertThat(e.rule()).as("%s: %s", what, e.getMessage()).isEqualTo(rule);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Property: built from valid parts, a URI formats and parses back to itself
  // ---------------------------------------------------------------------------------------------

  /** The parts of a URI, generated independently. */
  record Parts(
      boolean secure,
      String userinfo,
      String host,
      int port,
      String sessionId,
      String transport,
      List<String> parameters) {}

  @Property(tries = 500)
  void builtUrisParseBackToThemselves(@ForAll("uriParts") Parts p) {
    MsrpUri built =
        MsrpUri.builder(p.host())
            .secure(p.secure())
            .userinfo(p.userinfo())
            .port(p.port())
            .sessionId(p.sessionId())
            .transport(p.transport())
            .parameters(p.parameters())
            .build();
    MsrpUri parsed = MsrpUri.parse(built.toString());
    assertThat(parsed).isEqualTo(built).hasSameHashCodeAs(built);
    assertThat(parsed.toString()).isEqualTo(built.toString());
    for (MsrpUri u : List.of(built, parsed)) {
      assertThat(u.secure()).isEqualTo(p.secure());
      assertThat(u.userinfo()).isEqualTo(p.userinfo());
      assertThat(u.host()).isEqualTo(p.host());
      assertThat(u.port()).isEqualTo(p.port());
      assertThat(u.sessionId()).isEqualTo(p.sessionId());
      assertThat(u.transport()).isEqualTo(p.transport());
      assertThat(u.parameters()).isEqualTo(p.parameters());
    }
  }

  private static final String ALNUM =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  private static final String UNRESERVED = ALNUM + "-._~";
  // The token characters RFC 3261 and RFC 4975 share.
  private static final String TOKEN = ALNUM + "-.!%*_+`'~";

  @Provide
  Arbitrary<Parts> uriParts() {
    Arbitrary<String> userinfo =
        Arbitraries.strings().withChars(UNRESERVED).ofMinLength(1).ofMaxLength(12).injectNull(0.5);
    Arbitrary<Integer> port =
        Arbitraries.oneOf(Arbitraries.just(-1), Arbitraries.integers().between(0, 65535));
    Arbitrary<String> sessionId =
        Arbitraries.strings()
            .withChars(UNRESERVED + "+=/")
            .ofMinLength(1)
            .ofMaxLength(24)
            .injectNull(0.2);
    Arbitrary<String> transport =
        Arbitraries.oneOf(
            Arbitraries.of("tcp", "TCP", "ws", "tls"),
            Arbitraries.strings().withChars(ALNUM).ofMinLength(1).ofMaxLength(6));
    Arbitrary<String> token = Arbitraries.strings().withChars(TOKEN).ofMinLength(1).ofMaxLength(6);
    Arbitrary<String> parameter =
        Arbitraries.oneOf(token, Combinators.combine(token, token).as((n, v) -> n + "=" + v));
    Arbitrary<List<String>> parameters = parameter.list().ofMaxSize(3);
    return Combinators.combine(
            Arbitraries.of(true, false), userinfo, hosts(), port, sessionId, transport, parameters)
        .as(Parts::new);
  }

  private static Arbitrary<String> hosts() {
    Arbitrary<String> label =
        Arbitraries.strings().withChars(ALNUM + "-_~").ofMinLength(1).ofMaxLength(10);
    Arbitrary<String> regName =
        label.list().ofMinSize(1).ofMaxSize(4).map(l -> String.join(".", l));
    Arbitrary<Integer> octet = Arbitraries.integers().between(0, 255);
    Arbitrary<String> ipv4 = octet.list().ofSize(4).map(MsrpUriTest::dotted);
    Arbitrary<String> ipv6Full =
        Arbitraries.integers()
            .between(0, 0xffff)
            .list()
            .ofSize(8)
            .map(g -> "[" + String.join(":", g.stream().map(Integer::toHexString).toList()) + "]");
    Arbitrary<String> ipv6Compressed =
        Combinators.combine(
                Arbitraries.integers().between(0, 0xffff).list().ofMaxSize(3),
                Arbitraries.integers().between(0, 0xffff).list().ofMaxSize(3))
            .as(
                (a, b) ->
                    "["
                        + String.join(":", a.stream().map(Integer::toHexString).toList())
                        + "::"
                        + String.join(":", b.stream().map(Integer::toHexString).toList())
                        + "]");
    Arbitrary<String> ipv6MappedV4 = octet.list().ofSize(4).map(o -> "[::ffff:" + dotted(o) + "]");
    return Arbitraries.oneOf(regName, ipv4, ipv6Full, ipv6Compressed, ipv6MappedV4);
  }

  private static String dotted(List<Integer> octets) {
    return String.join(".", octets.stream().map(String::valueOf).toList());
  }
}
