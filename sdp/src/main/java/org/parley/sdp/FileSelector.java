package org.parley.sdp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * {@code a=file-selector} (RFC 5547 §6, §10): which file a file-transfer stream carries.
 *
 * <pre>
 * file-selector-attr = "file-selector" [":" selector *(SP selector)]
 * selector           = filename-selector / filesize-selector / filetype-selector / hash-selector
 * filename-selector  = "name:" DQUOTE filename-string DQUOTE   ; '"', '%', CR, LF percent-encoded
 * filesize-selector  = "size:" filesize-value
 * filetype-selector  = "type:" type "/" subtype *(";" ft-parameter)
 * hash-selector      = "hash:" hash-algorithm ":" hash-value   ; hash-value = 2UHEX *(":" 2UHEX)
 * </pre>
 *
 * <p>Immutable; {@link #toString()} gives the value as written. {@link #parse} reads a peer's
 * value, {@link #builder} writes ours (RFC 5547's example order: name, type, size, hash), so that
 * what is written is read back by the same rules.
 */
public final class FileSelector {
  /** A {@code hash:} selector: algorithm ({@code sha-1}) and hex pairs. */
  public static final class Hash {
    private final String algorithm;
    private final String value;

    Hash(String algorithm, String value) {
      this.algorithm = algorithm;
      this.value = value;
    }

    public String algorithm() {
      return algorithm;
    }

    public String value() {
      return value;
    }

    @Override
    public String toString() {
      return algorithm + ':' + value;
    }
  }

  private final String name;
  private final String type;
  private final OptionalLong size;
  private final List<Hash> hashes;
  private final String text;

  private FileSelector(
      String name, String type, OptionalLong size, List<Hash> hashes, String text) {
    this.name = name;
    this.type = type;
    this.size = size;
    this.hashes = hashes;
    this.text = text;
  }

  /**
   * Parses the attribute value (after {@code "file-selector:"}); empty text gives a selector with
   * no parts.
   *
   * @throws SdpParseException when a selector breaks the rule
   */
  public static FileSelector parse(String value) {
    return parse(value, 0);
  }

  static FileSelector parse(String v, int line) {
    String name = null;
    String type = null;
    OptionalLong size = OptionalLong.empty();
    List<Hash> hashes = new ArrayList<>();
    int i = 0;
    while (i < v.length()) {
      if (v.charAt(i) == ' ') {
        i++;
        continue;
      }
      int colon = v.indexOf(':', i);
      if (colon < 0) {
        throw error(line, "selector without ':' at column " + (i + 1));
      }
      String selector = v.substring(i, colon);
      i = colon + 1;
      switch (selector) {
        case "name":
          if (name != null) {
            throw error(line, "name: appears twice");
          }
          if (i >= v.length() || v.charAt(i) != '"') {
            throw error(line, "name: must be a quoted string");
          }
          int close = v.indexOf('"', i + 1);
          if (close < 0) {
            throw error(line, "name: has no closing quote");
          }
          name = percentDecode(v.substring(i + 1, close), line);
          if (name.isEmpty()) {
            throw error(line, "name: is empty");
          }
          i = close + 1;
          break;
        case "size":
          if (size.isPresent()) {
            throw error(line, "size: appears twice");
          }
          int end = wordEnd(v, i);
          String digits = v.substring(i, end);
          if (!SdpChars.digits(digits) || digits.length() > 18) {
            throw error(
                line, "size: must be a decimal number of octets: " + SdpFields.quote(digits));
          }
          size = OptionalLong.of(Long.parseLong(digits));
          i = end;
          break;
        case "type":
          if (type != null) {
            throw error(line, "type: appears twice");
          }
          int typeEnd = typeEnd(v, i, line);
          type = v.substring(i, typeEnd);
          int semi = type.indexOf(';');
          AcceptType.parse(semi < 0 ? type : type.substring(0, semi), line, SdpRule.FILE_SELECTOR);
          i = typeEnd;
          break;
        case "hash":
          int algEnd = v.indexOf(':', i);
          int hashEnd = wordEnd(v, i);
          if (algEnd < 0 || algEnd > hashEnd || !SdpChars.token(v.substring(i, algEnd))) {
            throw error(line, "hash: must be hash-algorithm \":\" hash-value");
          }
          String hex = v.substring(algEnd + 1, hashEnd);
          int bad = SdpChars.hexPairs(hex);
          if (bad >= 0) {
            throw error(
                line, "hash-value must be hex pairs separated by ':' (column " + (bad + 1) + ")");
          }
          hashes.add(new Hash(v.substring(i, algEnd), hex));
          i = hashEnd;
          break;
        default:
          throw error(line, "unknown selector " + SdpFields.quote(selector));
      }
      if (i < v.length() && v.charAt(i) != ' ') {
        throw error(line, "expected a space after a selector at column " + (i + 1));
      }
    }
    return new FileSelector(name, type, size, List.copyOf(hashes), v);
  }

  private static int wordEnd(String v, int from) {
    int i = from;
    while (i < v.length() && v.charAt(i) != ' ') {
      i++;
    }
    return i;
  }

  /**
   * The end of {@code type/subtype *(";" attribute "=" value)}, where a quoted value may hold SP.
   */
  private static int typeEnd(String v, int from, int line) {
    boolean quoted = false;
    int i = from;
    while (i < v.length() && (quoted || v.charAt(i) != ' ')) {
      if (v.charAt(i) == '"') {
        quoted = !quoted;
      }
      i++;
    }
    if (quoted) {
      throw error(line, "type: parameter has no closing quote");
    }
    return i;
  }

  private static String percentDecode(String s, int line) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length()
            || !SdpChars.hex(s.charAt(i + 1))
            || !SdpChars.hex(s.charAt(i + 2))) {
          throw error(line, "bad percent-encoding in name:");
        }
        out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        int cp = s.codePointAt(i);
        byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
        i += Character.charCount(cp) - 1;
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static SdpParseException error(int line, String detail) {
    return new SdpParseException(line, SdpRule.FILE_SELECTOR, detail);
  }

  /** The file name, percent-decoded, or {@code null}. */
  public String name() {
    return name;
  }

  /** The file type with its parameters as written ({@code image/jpeg}), or {@code null}. */
  public String type() {
    return type;
  }

  /** The size in octets, if given. */
  public OptionalLong size() {
    return size;
  }

  /** The {@code hash:} selectors, in order. */
  public List<Hash> hashes() {
    return hashes;
  }

  /** The attribute value as written. */
  @Override
  public String toString() {
    return text;
  }

  /** A builder of a selector to write; every part is optional. */
  public static Builder builder() {
    return new Builder();
  }

  /** {@code "}, {@code %}, CR and LF as {@code %XX}; everything else as is (UTF-8 on the wire). */
  private static String percentEncode(String name) {
    StringBuilder sb = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '"' || c == '%' || c == '\r' || c == '\n') {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        sb.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /**
   * Builds the selector of a file to offer or ask for: {@code name:"..." type:... size:...
   * hash:sha-1:...} with the parts given, the name with {@code "}, {@code %}, CR and LF
   * percent-encoded as {@code filename-string} asks, hash values in upper case.
   */
  public static final class Builder {
    private String name;
    private String type;
    private long size = -1;
    private final List<Hash> hashes = new ArrayList<>(1);

    private Builder() {}

    /**
     * The file name; null for none.
     *
     * @throws IllegalArgumentException for an empty name, or one that is not well-formed UTF-16
     */
    public Builder name(String name) {
      if (name != null
          && (name.isEmpty() || !StandardCharsets.UTF_8.newEncoder().canEncode(name))) {
        throw new IllegalArgumentException("not a file name: '" + name + "'");
      }
      this.name = name;
      return this;
    }

    /**
     * The media type, {@code type/subtype} with optional parameters and no white space or control
     * character outside quotes; null for none. The rest of the rule is checked by {@link #build}.
     *
     * @throws IllegalArgumentException for a type without '/', or with white space or a control
     *     character outside quotes
     */
    public Builder type(String type) {
      if (type != null) {
        boolean ok = type.indexOf('/') > 0;
        boolean quoted = false;
        for (int i = 0; i < type.length(); i++) {
          char c = type.charAt(i);
          quoted ^= c == '"';
          if ((c <= ' ' && !quoted) || c == 0x7f) {
            ok = false;
          }
        }
        if (!ok || quoted) {
          throw new IllegalArgumentException("not a type for file-selector: '" + type + "'");
        }
      }
      this.type = type;
      return this;
    }

    /**
     * The size in octets; -1 for none.
     *
     * @throws IllegalArgumentException below -1
     */
    public Builder size(long size) {
      if (size < -1) {
        throw new IllegalArgumentException("size: " + size);
      }
      this.size = size;
      return this;
    }

    /**
     * Adds {@code hash:algorithm:value}; nothing when {@code hashValue} is null. A {@code sha-1}
     * value must have its 20 pairs.
     *
     * @param hashValue hex pairs joined by ':', either case (written in upper case)
     * @throws IllegalArgumentException for a {@code sha-1} value of another length
     */
    public Builder hash(String algorithm, String hashValue) {
      if (hashValue == null) {
        return this;
      }
      String upper = hashValue.toUpperCase(Locale.ROOT);
      if (algorithm.equalsIgnoreCase("sha-1") && upper.length() != 20 * 3 - 1) {
        throw new IllegalArgumentException("not a SHA-1 hash-value: " + hashValue);
      }
      hashes.add(new Hash(algorithm, upper));
      return this;
    }

    /**
     * The selector, written and read back.
     *
     * @throws SdpParseException when a part breaks the rule
     */
    public FileSelector build() {
      StringBuilder sb = new StringBuilder(128);
      if (name != null) {
        sb.append("name:\"").append(percentEncode(name)).append('"');
      }
      if (type != null) {
        space(sb).append("type:").append(type);
      }
      if (size >= 0) {
        space(sb).append("size:").append(size);
      }
      for (Hash h : hashes) {
        space(sb).append("hash:").append(h);
      }
      return parse(sb.toString(), 0);
    }

    private static StringBuilder space(StringBuilder sb) {
      return sb.length() > 0 ? sb.append(' ') : sb;
    }
  }
}
