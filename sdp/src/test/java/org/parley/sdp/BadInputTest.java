package org.parley.sdp;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed descriptions: each names the line and the rule broken. Descriptions are written with
 * '|' for CRLF; {@code HEAD} is lines 1 to 4 and {@code MSG} line 5, so a message attribute after
 * them is line 6.
 */
class BadInputTest {
  private static final String HEAD = "v=0|o=- 1 1 IN IP4 h|s=-|t=0 0|";
  private static final String MSG = HEAD + "m=message 7 TCP/MSRP *|";

  static Stream<Arguments> cases() {
    return Stream.of(
        // RFC 8866 structure
        bad("", 1, SdpRule.SESSION_DESCRIPTION, "ends before v="),
        bad("o=- 1 1 IN IP4 h|v=0|", 1, SdpRule.SESSION_DESCRIPTION, "starts with v="),
        bad("v=1|o=- 1 1 IN IP4 h|s=-|t=0 0|", 1, SdpRule.VERSION_FIELD, "must be 0"),
        bad("v=0|s=-|t=0 0|", 2, SdpRule.SESSION_DESCRIPTION, "o= must follow v="),
        bad("v=0|o=- 1 1 IN IP4|s=-|t=0 0|", 2, SdpRule.ORIGIN_FIELD, "6 fields"),
        bad("v=0|o=- one 1 IN IP4 h|s=-|t=0 0|", 2, SdpRule.ORIGIN_FIELD, "sess-id"),
        bad("v=0|o=- 1 1 IN IP4 h|t=0 0|", 3, SdpRule.SESSION_DESCRIPTION, "s= must follow o="),
        bad(
            "v=0|o=- 1 1 IN IP4 h|s=-|m=message 7 TCP/MSRP *|",
            4,
            SdpRule.SESSION_DESCRIPTION,
            "no t="),
        bad("v=0|o=- 1 1 IN IP4 h|s=-|", 3, SdpRule.SESSION_DESCRIPTION, "no t="),
        bad(HEAD + "x=unknown|", 5, SdpRule.LINE, "unknown type letter 'x'"),
        bad(HEAD + "a foo|", 5, SdpRule.LINE, "expected <type>=<value>"),
        bad(HEAD + "A=foo|", 5, SdpRule.LINE, "unknown type letter 'A'"),
        bad("v=0|o=- 1 1 IN IP4 h||s=-|t=0 0|", 3, SdpRule.LINE, "empty line"),
        bad(HEAD + "a=tool:a\rb|", 5, SdpRule.LINE, "U+000D"),
        bad(
            "v=0|o=- 1 1 IN IP4 h|s=-|c=IN IP4|t=0 0|",
            4,
            SdpRule.CONNECTION_FIELD,
            "found 2 fields"),
        bad("v=0|o=- 1 1 IN IP4 h|s=-|b=AS|t=0 0|", 4, SdpRule.BANDWIDTH_FIELD, "bwtype"),
        bad("v=0|o=- 1 1 IN IP4 h|s=-|b=AS:fast|t=0 0|", 4, SdpRule.BANDWIDTH_FIELD, "bwtype"),
        bad("v=0|o=- 1 1 IN IP4 h|s=-|t=0|", 4, SdpRule.TIME_FIELD, "start-time SP stop-time"),
        bad(HEAD + "a=x|r=7d 1h 0|", 6, SdpRule.REPEAT_FIELD, "must follow t= or r="),
        bad(HEAD + "r=7d 1h|", 5, SdpRule.REPEAT_FIELD, "repeat-interval"),
        bad(HEAD + "r=7d 1h 0 2w|", 5, SdpRule.REPEAT_FIELD, "typed-time"),
        bad(HEAD + "z=2882844526|", 5, SdpRule.ZONE_FIELD, "pairs"),
        bad(HEAD + "k=:x|", 5, SdpRule.KEY_FIELD, "key method"),
        bad(HEAD + "a=:foo|", 5, SdpRule.ATTRIBUTE_FIELD, "token"),
        bad(HEAD + "a=|", 5, SdpRule.ATTRIBUTE_FIELD, "token"),
        bad(HEAD + "m=message 70000 TCP/MSRP *|", 5, SdpRule.MEDIA_FIELD, "0 to 65535"),
        bad(HEAD + "m=message 7 TCP/MSRP|", 5, SdpRule.MEDIA_FIELD, "found 3 fields"),
        bad(HEAD + "m=message 7  TCP/MSRP *|", 5, SdpRule.MEDIA_FIELD, "proto"),
        bad(HEAD + "m=message 7 TCP//MSRP *|", 5, SdpRule.MEDIA_FIELD, "proto"),
        bad(HEAD + "m=audio 7/0 RTP/AVP 0|", 5, SdpRule.MEDIA_FIELD, "number of ports"),
        bad(HEAD + "m=message 7 TCP/MSRP *  x|", 5, SdpRule.MEDIA_FIELD, "empty fmt"),
        bad(MSG + "u=http://example.com|", 6, SdpRule.SESSION_DESCRIPTION, "session-level"),
        bad("v=0|o=- 1 1 IN IP4 h|s=-|s=again|t=0 0|", 4, SdpRule.SESSION_DESCRIPTION, "twice"),
        bad(
            "v=0|o=- 1 1 IN IP4 h|s=-|i=a|i=b|t=0 0|",
            5,
            SdpRule.SESSION_DESCRIPTION,
            "more than once"),
        bad(
            "v=0|o=- 1 1 IN IP4 h|s=-|c=IN IP4 a|c=IN IP4 b|t=0 0|",
            5,
            SdpRule.SESSION_DESCRIPTION,
            "more than once"),
        bad(MSG + "k=prompt|k=prompt|", 7, SdpRule.SESSION_DESCRIPTION, "in a media description"),
        // message media (RFC 4975, 4145, 8122, 6714, 7701, 5547)
        bad(MSG + "a=path:http://h:1/s;tcp|", 6, SdpRule.PATH, "msrp-scheme"),
        bad(MSG + "a=path:msrp://h:1/s|", 6, SdpRule.PATH, "URI 1"),
        bad(MSG + "a=path:msrp://r:1;tcp msrp://h:99999/s;tcp|", 6, SdpRule.PATH, "URI 2"),
        bad(MSG + "a=path:|", 6, SdpRule.PATH, "needs a value"),
        bad(MSG + "a=accept-types:text|", 6, SdpRule.ACCEPT_TYPES, "format-entry"),
        bad(MSG + "a=accept-types:*/plain|", 6, SdpRule.ACCEPT_TYPES, "tokens"),
        bad(MSG + "a=accept-wrapped-types:text/|", 6, SdpRule.ACCEPT_WRAPPED_TYPES, "format-entry"),
        bad(MSG + "a=max-size:-1|", 6, SdpRule.MAX_SIZE, "number of octets"),
        bad(MSG + "a=max-size:99999999999999999999|", 6, SdpRule.MAX_SIZE, "number of octets"),
        bad(MSG + "a=setup:server|", 6, SdpRule.SETUP, "role must be"),
        bad(MSG + "a=connection:old|", 6, SdpRule.CONNECTION, "new or existing"),
        bad(MSG + "a=fingerprint:sha-256 AB:CD:E|", 6, SdpRule.FINGERPRINT, "column 8"),
        bad(MSG + "a=fingerprint:sha-256 AB;CD|", 6, SdpRule.FINGERPRINT, "column 3"),
        bad(MSG + "a=fingerprint:sha-256|", 6, SdpRule.FINGERPRINT, "hash-func SP fingerprint"),
        bad(
            MSG + "a=path:msrp://h:1/a;tcp|a=path:msrp://h:1/b;tcp|",
            7,
            SdpRule.DUPLICATE_ATTRIBUTE,
            "a=path appears twice"),
        bad(MSG + "a=sendonly|a=recvonly|", 7, SdpRule.DIRECTION, "second direction"),
        bad(MSG + "a=msrp-cema:yes|", 6, SdpRule.MSRP_CEMA, "no value"),
        bad(MSG + "a=chatroom:nick,name|", 6, SdpRule.CHATROOM, "token"),
        bad(MSG + "a=file-selector:name:\"cut|", 6, SdpRule.FILE_SELECTOR, "closing quote"),
        bad(MSG + "a=file-selector:size:big|", 6, SdpRule.FILE_SELECTOR, "size:"),
        bad(MSG + "a=file-selector:hash:sha-1:7|", 6, SdpRule.FILE_SELECTOR, "hex pairs"),
        bad(MSG + "a=file-selector:colour:red|", 6, SdpRule.FILE_SELECTOR, "unknown selector"),
        bad(MSG + "a=file-selector:name:\"a%zz\"|", 6, SdpRule.FILE_SELECTOR, "percent-encoding"),
        bad(MSG + "a=file-range:0-10|", 6, SdpRule.FILE_RANGE, "from 1"),
        bad(MSG + "a=file-range:10-5|", 6, SdpRule.FILE_RANGE, "before start-offset"),
        bad(MSG + "a=file-date:creation:Mon|", 6, SdpRule.FILE_DATE, "quoted"),
        bad(MSG + "a=file-icon:http://example.com/i.png|", 6, SdpRule.FILE_ICON, "cid:"),
        bad(MSG + "a=file-transfer-id:a b|", 6, SdpRule.FILE_TRANSFER_ID, "token"),
        // the 2001 form
        bad(HEAD + "m=message 5060 sip http://example.com|", 5, SdpRule.SIP_URI, "sip: or sips:"),
        bad(HEAD + "m=message 5060 sip sip:|", 5, SdpRule.SIP_URI, "no host"),
        bad(HEAD + "m=message 5060 sip sip:alice@host:99999|", 5, SdpRule.SIP_URI, "port"),
        bad(HEAD + "m=message 5060 sip sip:a@h sip:b@h|", 5, SdpRule.MEDIA_FIELD, "exactly one"),
        bad(HEAD + "m=message 5060 sip sip:alice@host;=x|", 5, SdpRule.SIP_URI, "empty parameter"),
        bad(HEAD + "m=message 5060 sip sip:alice@host?Call-ID|", 5, SdpRule.SIP_URI, "hname"),
        bad(
            HEAD + "m=message 5060 sip sip:al<ce@host|",
            5,
            SdpRule.SIP_URI,
            "not allowed in user"));
  }

  private static Arguments bad(String text, int line, SdpRule rule, String fragment) {
    return Arguments.of(text.replace("|", "\r\n"), line, rule, fragment);
  }

  @ParameterizedTest(name = "[{index}] line {1}, {2}: {3}")
  @MethodSource("cases")
  void namesLineAndRule(String text, int line, SdpRule rule, String fragment) {
    assertThatThrownBy(() -> readFully(text))
        .isInstanceOf(SdpParseException.class)
        .hasMessageContaining(fragment)
        .asInstanceOf(InstanceOfAssertFactories.type(SdpParseException.class))
        .satisfies(
            e -> {
              org.assertj.core.api.Assertions.assertThat(e.lineNumber()).isEqualTo(line);
              org.assertj.core.api.Assertions.assertThat(e.rule()).isEqualTo(rule);
              org.assertj.core.api.Assertions.assertThat(e.getMessage())
                  .startsWith("line " + line + ": ");
            });
  }

  /** Parses, then reads every message stream's attributes. */
  private static void readFully(String text) {
    SessionDescription sdp = SessionDescription.parse(text);
    for (int i = 0; i < sdp.media().size(); i++) {
      if (MessageMedia.isMessage(sdp.media().get(i))) {
        MessageMedia.of(sdp, i);
      }
    }
  }
}
