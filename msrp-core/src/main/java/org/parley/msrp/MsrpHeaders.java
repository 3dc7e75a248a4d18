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
public final class MsrpHeaders {
  /** No headers. */
  public static final MsrpHeaders EMPTY = new Builder().build();

  private static final int TO_PATH = 0;
  private static final int FROM_PATH = 1;
  private static final int MESSAGE_ID = 2;
  private static final int SUCCESS_REPORT = 3;
  private static final int FAILURE_REPORT = 4;
  private static final int BYTE_RANGE = 5;
  private static final int STATUS = 6;
  private static final int CONTENT_TYPE = 7;
  private static final int USE_PATH = 11;
  private static final int EXPIRES = 12;
  private static final int MIN_EXPIRES = 13;
  private static final int MAX_EXPIRES = 14;

  private final MsrpHeader[] headers;
  private final List<MsrpUri> toPath;
  private final List<MsrpUri> fromPath;
  private final List<MsrpUri> usePath;
  private final @Nullable String messageId;
  private final @Nullable SuccessReport successReport;
  private final @Nullable FailureReport failureReport;
  private final @Nullable ByteRange byteRange;
  private final @Nullable MsrpStatus status;
  private final @Nullable String contentType;
  private final long expires;
  private final long minExpires;
  private final long maxExpires;

  private MsrpHeaders(Builder b) {
    this.headers = Arrays.copyOf(b.headers, b.size);
    this.toPath = b.toPath;
    this.fromPath = b.fromPath;
    this.usePath = b.usePath;
    this.messageId = b.messageId;
    this.successReport = b.successReport;
    this.failureReport = b.failureReport;
    this.byteRange = b.byteRange;
    this.status = b.status;
    this.contentType = b.contentType;
    this.expires = b.expires;
    this.minExpires = b.minExpires;
    this.maxExpires = b.maxExpires;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these headers, to add to or replace. */
  public Builder toBuilder() {
    Builder b = new Builder();
    for (MsrpHeader h : headers) {
      b.add(h.name(), h.value());
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

  /** To-Path, or an empty list when absent. */
  public List<MsrpUri> toPath() {
    return toPath;
  }

  /** From-Path, or an empty list when absent. */
  public List<MsrpUri> fromPath() {
    return fromPath;
  }

  /** Use-Path (RFC 4976), or an empty list when absent. */
  public List<MsrpUri> usePath() {
    return usePath;
  }

  /** Message-ID, or null. */
  public @Nullable String messageId() {
    return messageId;
  }

  /** Success-Report, or null when absent (which means no). */
  public @Nullable SuccessReport successReport() {
    return successReport;
  }

  /** Failure-Report, or null when absent (which means yes). */
  public @Nullable FailureReport failureReport() {
    return failureReport;
  }

  /** Byte-Range, or null. */
  public @Nullable ByteRange byteRange() {
    return byteRange;
  }

  /** Status (in REPORTs), or null. */
  public @Nullable MsrpStatus status() {
    return status;
  }

  /** Content-Type as written, or null. */
  public @Nullable String contentType() {
    return contentType;
  }

  /** Expires in seconds, or -1. */
  public long expires() {
    return expires;
  }

  /** Min-Expires in seconds, or -1. */
  public long minExpires() {
    return minExpires;
  }

  /** Max-Expires in seconds, or -1. */
  public long maxExpires() {
    return maxExpires;
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
    private List<MsrpUri> toPath = List.of();
    private List<MsrpUri> fromPath = List.of();
    private List<MsrpUri> usePath = List.of();
    private @Nullable String messageId;
    private @Nullable SuccessReport successReport;
    private @Nullable FailureReport failureReport;
    private @Nullable ByteRange byteRange;
    private @Nullable MsrpStatus status;
    private @Nullable String contentType;
    private long expires = -1;
    private long minExpires = -1;
    private long maxExpires = -1;

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
      int known = HeaderName.known(name);
      if (known >= 0) {
        typed(known, value);
      }
      if (size == headers.length) {
        headers = Arrays.copyOf(headers, size * 2);
      }
      headers[size++] = new MsrpHeader(name, value, known);
      return this;
    }

    /**
     * Like {@link #add} for a name already checked and a value already known to be {@code
     * utf8text}; for the decoder, which checks both as it reads the bytes.
     */
    public Builder addChecked(String name, String value) {
      int known = HeaderName.known(name);
      if (known >= 0) {
        typed(known, value);
      }
      if (size == headers.length) {
        headers = Arrays.copyOf(headers, size * 2);
      }
      headers[size++] = new MsrpHeader(name, value, known);
      return this;
    }

    /**
     * Adds header {@code index} of {@code from}, with its typed value as {@code from} holds it:
     * nothing is checked or parsed again but the once-only rule. For a decoder that sees the same
     * header line again.
     *
     * @throws MsrpSyntaxException when the header may appear only once and is already here
     */
    public Builder addFrom(MsrpHeaders from, int index) {
      MsrpHeader h = from.headers[index];
      int known = h.known;
      if (known >= 0) {
        copyTyped(known, from);
      }
      if (size == headers.length) {
        headers = Arrays.copyOf(headers, size * 2);
      }
      headers[size++] = h;
      return this;
    }

    private void copyTyped(int known, MsrpHeaders from) {
      switch (known) {
        case TO_PATH:
          once(!toPath.isEmpty(), HeaderName.TO_PATH);
          toPath = from.toPath;
          break;
        case FROM_PATH:
          once(!fromPath.isEmpty(), HeaderName.FROM_PATH);
          fromPath = from.fromPath;
          break;
        case USE_PATH:
          once(!usePath.isEmpty(), HeaderName.USE_PATH);
          usePath = from.usePath;
          break;
        case MESSAGE_ID:
          once(messageId != null, HeaderName.MESSAGE_ID);
          messageId = from.messageId;
          break;
        case SUCCESS_REPORT:
          once(successReport != null, HeaderName.SUCCESS_REPORT);
          successReport = from.successReport;
          break;
        case FAILURE_REPORT:
          once(failureReport != null, HeaderName.FAILURE_REPORT);
          failureReport = from.failureReport;
          break;
        case BYTE_RANGE:
          once(byteRange != null, HeaderName.BYTE_RANGE);
          byteRange = from.byteRange;
          break;
        case STATUS:
          once(status != null, HeaderName.STATUS);
          status = from.status;
          break;
        case CONTENT_TYPE:
          once(contentType != null, HeaderName.CONTENT_TYPE);
          contentType = from.contentType;
          break;
        case EXPIRES:
          once(expires >= 0, HeaderName.EXPIRES);
          expires = from.expires;
          break;
        case MIN_EXPIRES:
          once(minExpires >= 0, HeaderName.MIN_EXPIRES);
          minExpires = from.minExpires;
          break;
        case MAX_EXPIRES:
          once(maxExpires >= 0, HeaderName.MAX_EXPIRES);
          maxExpires = from.maxExpires;
          break;
        default:
          break;
      }
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
      int known = HeaderName.known(name);
      if (known >= 0) {
        clearTyped(known);
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
        switch (HeaderName.known(name)) {
          case TO_PATH:
            toPath = path;
            break;
          case FROM_PATH:
            fromPath = path;
            break;
          case USE_PATH:
            usePath = path;
            break;
          default:
            throw new IllegalArgumentException(name + " is not a path header");
        }
        if (size == headers.length) {
          headers = Arrays.copyOf(headers, size * 2);
        }
        headers[size++] = new MsrpHeader(name, value, HeaderName.known(name));
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
      return contentType;
    }

    /** Number of headers so far. */
    public int size() {
      return size;
    }

    public MsrpHeaders build() {
      return new MsrpHeaders(this);
    }

    /** Empties the builder for reuse. */
    public Builder clear() {
      Arrays.fill(headers, 0, size, null);
      size = 0;
      toPath = List.of();
      fromPath = List.of();
      usePath = List.of();
      messageId = null;
      successReport = null;
      failureReport = null;
      byteRange = null;
      status = null;
      contentType = null;
      expires = -1;
      minExpires = -1;
      maxExpires = -1;
      return this;
    }

    private void typed(int known, String value) {
      switch (known) {
        case TO_PATH:
          once(!toPath.isEmpty(), HeaderName.TO_PATH);
          toPath = HeaderValues.path(value, MsrpRule.TO_PATH);
          break;
        case FROM_PATH:
          once(!fromPath.isEmpty(), HeaderName.FROM_PATH);
          fromPath = HeaderValues.path(value, MsrpRule.FROM_PATH);
          break;
        case USE_PATH:
          once(!usePath.isEmpty(), HeaderName.USE_PATH);
          usePath = HeaderValues.path(value, MsrpRule.USE_PATH);
          break;
        case MESSAGE_ID:
          once(messageId != null, HeaderName.MESSAGE_ID);
          HeaderValues.ident(value, MsrpRule.MESSAGE_ID);
          messageId = value;
          break;
        case SUCCESS_REPORT:
          once(successReport != null, HeaderName.SUCCESS_REPORT);
          successReport = HeaderValues.successReport(value);
          break;
        case FAILURE_REPORT:
          once(failureReport != null, HeaderName.FAILURE_REPORT);
          failureReport = HeaderValues.failureReport(value);
          break;
        case BYTE_RANGE:
          once(byteRange != null, HeaderName.BYTE_RANGE);
          byteRange = HeaderValues.byteRange(value);
          break;
        case STATUS:
          once(status != null, HeaderName.STATUS);
          status = HeaderValues.status(value);
          break;
        case CONTENT_TYPE:
          once(contentType != null, HeaderName.CONTENT_TYPE);
          HeaderValues.mediaType(value);
          contentType = value;
          break;
        case EXPIRES:
          once(expires >= 0, HeaderName.EXPIRES);
          expires = HeaderValues.expires(value);
          break;
        case MIN_EXPIRES:
          once(minExpires >= 0, HeaderName.MIN_EXPIRES);
          minExpires = HeaderValues.expires(value);
          break;
        case MAX_EXPIRES:
          once(maxExpires >= 0, HeaderName.MAX_EXPIRES);
          maxExpires = HeaderValues.expires(value);
          break;
        default:
          break;
      }
    }

    private void clearTyped(int known) {
      switch (known) {
        case TO_PATH:
          toPath = List.of();
          break;
        case FROM_PATH:
          fromPath = List.of();
          break;
        case USE_PATH:
          usePath = List.of();
          break;
        case MESSAGE_ID:
          messageId = null;
          break;
        case SUCCESS_REPORT:
          successReport = null;
          break;
        case FAILURE_REPORT:
          failureReport = null;
          break;
        case BYTE_RANGE:
          byteRange = null;
          break;
        case STATUS:
          status = null;
          break;
        case CONTENT_TYPE:
          contentType = null;
          break;
        case EXPIRES:
          expires = -1;
          break;
        case MIN_EXPIRES:
          minExpires = -1;
          break;
        case MAX_EXPIRES:
          maxExpires = -1;
          break;
        default:
          break;
      }
    }

    private static void once(boolean seen, String name) {
      if (seen) {
        throw new MsrpSyntaxException(
            MsrpRule.DUPLICATE_HEADER, -1, name + " may appear only once");
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
