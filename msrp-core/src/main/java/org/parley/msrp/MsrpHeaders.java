package org.parley.msrp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The header block of a request or response: every header in the order it was written, and typed
 * views of the headers RFC 4975 and RFC 4976 define. Immutable; the typed values are checked when a
 * header is {@linkplain Builder#add added}, so a built {@code MsrpHeaders} is always valid.
 */
// The typed values live on the headers (MsrpHeader.typed) and are found by a scan: a head holds a
// handful of headers, and a head is made per frame, so one array is all it allocates.
public final class MsrpHeaders {
  /** No headers. */
  public static final MsrpHeaders EMPTY = new Builder().build();

  private final MsrpHeader[] headers;

  private MsrpHeaders(MsrpHeader[] headers) {
    this.headers = headers;
  }

  /** A block of just To-Path and From-Path, from URIs already parsed (a response's headers). */
  static MsrpHeaders ofPaths(List<MsrpUri> to, List<MsrpUri> from) {
    MsrpHeader[] h = {
      new MsrpHeader(HeaderName.TO_PATH, Paths.format(to), KnownHeader.TO_PATH, List.copyOf(to)),
      new MsrpHeader(
          HeaderName.FROM_PATH, Paths.format(from), KnownHeader.FROM_PATH, List.copyOf(from))
    };
    return new MsrpHeaders(h);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these headers, to add to or replace. */
  public Builder toBuilder() {
    Builder b = new Builder();
    for (int i = 0; i < headers.length; i++) {
      b.addFrom(this, i);
    }
    return b;
  }

  public int size() {
    return headers.length;
  }

  /** The header at {@code index}, in wire order. */
  public MsrpHeader get(int index) {
    return headers[index];
  }

  /** Every header in wire order. */
  public List<MsrpHeader> all() {
    return Collections.unmodifiableList(Arrays.asList(headers));
  }

  /** The value of the first header with that name (compared without case), or null. */
  public @Nullable String value(String name) {
    for (MsrpHeader h : headers) {
      if (h.name().equalsIgnoreCase(name)) {
        return h.value();
      }
    }
    return null;
  }

  /** The values of every header with that name (compared without case), in wire order. */
  public List<String> values(String name) {
    List<String> out = new ArrayList<>(2);
    for (MsrpHeader h : headers) {
      if (h.name().equalsIgnoreCase(name)) {
        out.add(h.value());
      }
    }
    return out;
  }

  /**
   * These headers as a relay passes them on after taking the first {@code n} URIs of To-Path, its
   * own (RFC 4976 §3): those URIs leave To-Path and go first in From-Path, the last taken first.
   * Both paths keep their URIs as written and nothing is parsed or checked again: a built block is
   * valid, and so is this one.
   *
   * @throws IllegalArgumentException when To-Path does not hold more than {@code n} URIs
   */
  public MsrpHeaders relayed(int n) {
    if (n < 1 || n >= toPath().size() || fromPath().isEmpty()) {
      throw new IllegalArgumentException("To-Path does not hold more than " + n + " URIs");
    }
    MsrpHeader[] h = headers.clone();
    int toAt = indexOf(KnownHeader.TO_PATH);
    int fromAt = indexOf(KnownHeader.FROM_PATH);
    MsrpHeader to = h[toAt];
    MsrpHeader from = h[fromAt];
    Derived d = to.derived;
    Relayed r = d == null ? null : d.relayed();
    if (r == null || r.n() != n || r.from() != from) {
      r = relay(n, from);
      to.derived = new Derived(r, d == null ? null : d.answering());
    }
    h[toAt] = r.toPath();
    h[fromAt] = r.fromPath();
    return new MsrpHeaders(h);
  }

  /** {@link #relayed} made anew, for this block's To-Path and {@code from}. */
  private Relayed relay(int n, MsrpHeader from) {
    List<MsrpUri> to = toPath();
    List<MsrpUri> fromUris = fromPath();
    MsrpHeader toHeader = headers[indexOf(KnownHeader.TO_PATH)];
    // Path values hold their URIs separated by exactly one space (HeaderValues.path).
    String toText = toHeader.value();
    int cut = -1;
    for (int i = 0; i < n; i++) {
      cut = toText.indexOf(' ', cut + 1);
    }
    String taken;
    if (n == 1) {
      taken = toText.substring(0, cut);
    } else {
      StringBuilder b = new StringBuilder(cut);
      for (int i = n - 1; i >= 0; i--) {
        b.append(to.get(i)).append(i > 0 ? " " : "");
      }
      taken = b.toString();
    }
    MsrpUri[] f = new MsrpUri[n + fromUris.size()];
    for (int i = 0; i < n; i++) {
      f[i] = to.get(n - 1 - i);
    }
    for (int i = 0; i < fromUris.size(); i++) {
      f[n + i] = fromUris.get(i);
    }
    return new Relayed(
        n,
        from,
        new MsrpHeader(
            toHeader.name(),
            toText.substring(cut + 1),
            KnownHeader.TO_PATH,
            to.subList(n, to.size())),
        new MsrpHeader(
            from.name(),
            taken + ' ' + from.value(),
            KnownHeader.FROM_PATH,
            Collections.unmodifiableList(Arrays.asList(f))));
  }

  /** What {@link #relayed} made of a To-Path with {@code from}. */
  record Relayed(int n, MsrpHeader from, MsrpHeader toPath, MsrpHeader fromPath) {}

  /**
   * The headers of a response to a request with these headers (RFC 4975 §7.2): To-Path the first
   * URI of its From-Path, From-Path the first of its To-Path.
   */
  MsrpHeaders answering() {
    MsrpHeader to = headers[indexOf(KnownHeader.TO_PATH)];
    MsrpHeader from = headers[indexOf(KnownHeader.FROM_PATH)];
    Derived d = to.derived;
    Answering a = d == null ? null : d.answering();
    if (a == null || a.from() != from) {
      a = new Answering(from, ofPaths(List.of(fromPath().get(0)), List.of(toPath().get(0))));
      to.derived = new Derived(d == null ? null : d.relayed(), a);
    }
    return a.headers();
  }

  /** What {@link #answering} made of a To-Path with {@code from}. */
  record Answering(MsrpHeader from, MsrpHeaders headers) {}

  /** What was made of a To-Path header ({@link MsrpHeader#derived}): one field for both. */
  record Derived(@Nullable Relayed relayed, @Nullable Answering answering) {}

  private int indexOf(KnownHeader k) {
    for (int i = 0; i < headers.length; i++) {
      if (headers[i].known == k) {
        return i;
      }
    }
    throw new IllegalStateException(k.spelling + " is absent");
  }

  /** The typed value of {@code k}, or null when absent (a known header appears at most once). */
  private @Nullable Object typed(KnownHeader k) {
    for (MsrpHeader h : headers) {
      if (h.known == k) {
        return h.typed;
      }
    }
    return null;
  }

  /** To-Path, or an empty list when absent. */
  public List<MsrpUri> toPath() {
    return path(KnownHeader.TO_PATH);
  }

  /** From-Path, or an empty list when absent. */
  public List<MsrpUri> fromPath() {
    return path(KnownHeader.FROM_PATH);
  }

  /** Use-Path (RFC 4976), or an empty list when absent. */
  public List<MsrpUri> usePath() {
    return path(KnownHeader.USE_PATH);
  }

  /** Message-ID, or null. */
  public @Nullable String messageId() {
    return (String) typed(KnownHeader.MESSAGE_ID);
  }

  /** Success-Report, or null when absent (which means no). */
  public @Nullable SuccessReport successReport() {
    return (SuccessReport) typed(KnownHeader.SUCCESS_REPORT);
  }

  /** Failure-Report, or null when absent (which means yes). */
  public @Nullable FailureReport failureReport() {
    return (FailureReport) typed(KnownHeader.FAILURE_REPORT);
  }

  /** Byte-Range, or null. */
  public @Nullable ByteRange byteRange() {
    return (ByteRange) typed(KnownHeader.BYTE_RANGE);
  }

  /** Status (in REPORTs), or null. */
  public @Nullable MsrpStatus status() {
    return (MsrpStatus) typed(KnownHeader.STATUS);
  }

  /** Content-Type as written, or null. */
  public @Nullable String contentType() {
    return (String) typed(KnownHeader.CONTENT_TYPE);
  }

  /** Expires in seconds, or -1. */
  public long expires() {
    return seconds(KnownHeader.EXPIRES);
  }

  /** Min-Expires in seconds, or -1. */
  public long minExpires() {
    return seconds(KnownHeader.MIN_EXPIRES);
  }

  /** Max-Expires in seconds, or -1. */
  public long maxExpires() {
    return seconds(KnownHeader.MAX_EXPIRES);
  }

  @SuppressWarnings(
      "unchecked") // KnownHeader's path parser is all that stores there: List<MsrpUri>
  private List<MsrpUri> path(KnownHeader k) {
    Object v = typed(k);
    return v == null ? List.of() : (List<MsrpUri>) v;
  }

  private long seconds(KnownHeader k) {
    Object v = typed(k);
    return v == null ? -1 : (Long) v;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MsrpHeaders && Arrays.equals(headers, ((MsrpHeaders) o).headers);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(headers);
  }

  @Override
  public String toString() {
    return Arrays.toString(headers);
  }

  /** Collects headers in order, checking each typed header's value as it is added. */
  public static final class Builder {
    private MsrpHeader[] headers = new MsrpHeader[8];
    private int size;

    /** The known headers added, a bit per {@link KnownHeader#bit}. */
    private int present;

    private Builder() {}

    /**
     * Adds a header at the end.
     *
     * @throws MsrpSyntaxException when the name breaks RFC 4975's header-name rule, the value is
     *     not {@code utf8text}, a typed header's value breaks its rule, or a header that may appear
     *     only once is already there; the offset counts from the value's first character (-1 for
     *     the name)
     */
    public Builder add(String name, String value) {
      checkName(name);
      checkValue(value);
      return addChecked(name, value);
    }

    /**
     * Like {@link #add} for a name already checked and a value already known to be {@code
     * utf8text}: for {@link MsrpHeadParser}, which checks both as it reads the bytes.
     */
    Builder addChecked(String name, String value) {
      KnownHeader known = KnownHeader.of(name);
      Object typed = null;
      if (known != null) {
        once(known);
        typed = known.parse(value);
      }
      append(new MsrpHeader(name, value, known, typed));
      return this;
    }

    /**
     * Adds header {@code index} of {@code from} with its typed value as {@code from} holds it:
     * nothing is checked or parsed again but the once-only rule (a built block is valid). For a
     * parser that sees the same header line again.
     *
     * @throws MsrpSyntaxException when the header may appear only once and is already here
     */
    Builder addFrom(MsrpHeaders from, int index) {
      MsrpHeader h = from.headers[index];
      KnownHeader known = h.known;
      if (known != null) {
        once(known);
      }
      append(h);
      return this;
    }

    /** Adds {@code h} at the end (and marks its known header present). */
    private void append(MsrpHeader h) {
      if (h.known != null) {
        present |= h.known.bit;
      }
      if (size == headers.length) {
        headers = Arrays.copyOf(headers, size * 2);
      }
      headers[size++] = h;
    }

    /** Removes every header with that name (compared without case) and its typed value. */
    public Builder remove(String name) {
      int w = 0;
      for (int r = 0; r < size; r++) {
        if (!headers[r].name().equalsIgnoreCase(name)) {
          headers[w++] = headers[r];
        }
      }
      Arrays.fill(headers, w, size, null);
      size = w;
      KnownHeader known = KnownHeader.of(name);
      if (known != null) {
        present &= ~known.bit;
      }
      return this;
    }

    /**
     * Replaces the headers with that name by one with this value, in the place of the first of
     * them, or adds it at the end when there is none.
     */
    public Builder set(String name, String value) {
      return place(name, value, null);
    }

    /**
     * Sets To-Path, From-Path or Use-Path from URIs already parsed: written as text, not parsed
     * again (the hot path of every request a stack sends).
     */
    Builder setPath(String name, List<MsrpUri> path) {
      return place(name, Paths.format(path), List.copyOf(path));
    }

    /** {@link #set}, with {@code path} as the typed value of a path header when not null. */
    private Builder place(String name, String value, @Nullable List<MsrpUri> path) {
      int at = -1;
      for (int i = 0; i < size; i++) {
        if (headers[i].name().equalsIgnoreCase(name)) {
          at = i;
          break;
        }
      }
      if (at >= 0) {
        remove(name);
      }
      if (path == null) {
        add(name, value);
      } else {
        KnownHeader known = KnownHeader.of(name);
        if (known != KnownHeader.TO_PATH
            && known != KnownHeader.FROM_PATH
            && known != KnownHeader.USE_PATH) {
          throw new IllegalArgumentException(name + " is not a path header");
        }
        append(new MsrpHeader(name, value, known, path));
      }
      if (at >= 0) {
        MsrpHeader added = headers[size - 1];
        System.arraycopy(headers, at, headers, at + 1, size - 1 - at);
        headers[at] = added;
      }
      return this;
    }

    /** {@code true} when a header with that name (compared without case) was added. */
    public boolean has(String name) {
      for (int i = 0; i < size; i++) {
        if (headers[i].name().equalsIgnoreCase(name)) {
          return true;
        }
      }
      return false;
    }

    /** Content-Type added so far, or null. */
    public @Nullable String contentType() {
      if ((present & KnownHeader.CONTENT_TYPE.bit) == 0) {
        return null;
      }
      for (int i = 0; i < size; i++) {
        if (headers[i].known == KnownHeader.CONTENT_TYPE) {
          return (String) headers[i].typed;
        }
      }
      return null;
    }

    /** Whether a Content-Type header was added. */
    boolean hasContentType() {
      return (present & KnownHeader.CONTENT_TYPE.bit) != 0;
    }

    /** Number of headers so far. */
    public int size() {
      return size;
    }

    public MsrpHeaders build() {
      return new MsrpHeaders(Arrays.copyOf(headers, size));
    }

    /** Empties the builder for reuse. */
    public Builder clear() {
      Arrays.fill(headers, 0, size, null);
      size = 0;
      present = 0;
      return this;
    }

    /**
     * Throws when {@code known} was added already. Only {@link #append} marks a header added: an
     * add whose value fails its rule leaves the builder as it was.
     */
    private void once(KnownHeader known) {
      if ((present & known.bit) != 0) {
        throw new MsrpSyntaxException(
            MsrpRule.DUPLICATE_HEADER, -1, known.spelling + " may appear only once");
      }
    }

    /** {@code hname = ALPHA *token-char}. */
    static void checkName(String name) {
      if (name.isEmpty() || !Chars.alpha(name.charAt(0))) {
        throw new MsrpSyntaxException(MsrpRule.HNAME, -1, "a header name starts with a letter");
      }
      for (int i = 1; i < name.length(); i++) {
        if (!Chars.tokenChar(name.charAt(i))) {
          throw new MsrpSyntaxException(
              MsrpRule.HNAME,
              -1,
              "character " + Chars.printable(name.charAt(i)) + " in header name " + name);
        }
      }
    }

    /** {@code utf8text = *(HTAB / %x20-7E / UTF8-NONASCII)}: no control characters. */
    static void checkValue(String value) {
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if ((c < 0x20 && c != '\t') || c == 0x7f) {
          throw new MsrpSyntaxException(
              MsrpRule.HVAL, i, "control character " + Chars.printable(c) + " in header value");
        }
      }
    }
  }
}
