package org.parley.sip;

import java.util.List;
import java.util.Objects;
import org.parley.sdp.FileDate;
import org.parley.sdp.FileRange;
import org.parley.sdp.FileSelector;
import org.parley.sdp.Setup;
import org.parley.sip.file.FileSink;

/**
 * How {@link SipAgent#invite} sets up a session: the mode offered, the types, and who connects.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>Name</th><th>Default</th><th>Meaning</th></tr>
 *   <tr><td>mode</td><td>MSRP</td><td>MSRP, or the 2001 MESSAGE form.</td></tr>
 *   <tr><td>acceptTypes</td><td>the agent's</td><td>The types offered (a=accept-types).</td></tr>
 *   <tr><td>acceptWrappedTypes</td><td>none</td><td>The types offered inside a wrapper such as
 *       message/cpim (a=accept-wrapped-types, RFC 4975 §8.6).</td></tr>
 *   <tr><td>setup</td><td>ACTIVE</td><td>ACTIVE: this end (the offerer) connects, RFC 4975's
 *       default; ACTPASS or PASSIVE let the answerer connect.</td></tr>
 *   <tr><td>progress</td><td>none</td><td>Told while nothing answers the INVITE ({@link
 *       InviteProgress}).</td></tr>
 * </table>
 */
public final class InviteOptions {
  /** MSRP, the agent's types, the offerer connects. */
  public static final InviteOptions DEFAULT = builder().build();

  private final ChatMode mode;
  private final List<String> acceptTypes;
  private final List<String> acceptWrappedTypes;
  private final Setup setup;
  private final FileSelector pushSelector;
  private final FileDate pushDate;
  private final String fileTransferId;
  private final FileSelector pullSelector;
  private final FileRange pullRange;
  private final FileSink pullSink;
  private final InviteProgress progress;

  private InviteOptions(Builder b) {
    this.mode = b.mode;
    this.acceptTypes = b.acceptTypes;
    this.acceptWrappedTypes = b.acceptWrappedTypes;
    this.setup = b.setup;
    this.pushSelector = b.pushSelector;
    this.pushDate = b.pushDate;
    this.fileTransferId = b.fileTransferId;
    this.pullSelector = b.pullSelector;
    this.pullRange = b.pullRange;
    this.pullSink = b.pullSink;
    this.progress = b.progress;
  }

  /** Told while nothing answers the INVITE, or null. */
  public InviteProgress progress() {
    return progress;
  }

  /** The file-selector of a push (RFC 5547 sendonly offer), or null. */
  FileSelector pushSelector() {
    return pushSelector;
  }

  /** The file-date of a push, or null. */
  FileDate pushDate() {
    return pushDate;
  }

  String fileTransferId() {
    return fileTransferId;
  }

  /** The file-selector of a pull (RFC 5547 recvonly offer), or null. */
  FileSelector pullSelector() {
    return pullSelector;
  }

  /** The file-range a pull asks for, or null for the whole file. */
  FileRange pullRange() {
    return pullRange;
  }

  /** Where a pulled file goes, or null. */
  FileSink pullSink() {
    return pullSink;
  }

  public static Builder builder() {
    return new Builder();
  }

  public ChatMode mode() {
    return mode;
  }

  /** The types to offer, or null for the agent's. */
  public List<String> acceptTypes() {
    return acceptTypes;
  }

  /** The wrapped types to offer, or empty for none. */
  public List<String> acceptWrappedTypes() {
    return acceptWrappedTypes;
  }

  public Setup setup() {
    return setup;
  }

  /** Builds {@link InviteOptions}. */
  public static final class Builder {
    private ChatMode mode = ChatMode.MSRP;
    private List<String> acceptTypes;
    private List<String> acceptWrappedTypes = List.of();
    private Setup setup = Setup.ACTIVE;
    private FileSelector pushSelector;
    private FileDate pushDate;
    private String fileTransferId;
    private FileSelector pullSelector;
    private FileRange pullRange;
    private FileSink pullSink;
    private InviteProgress progress;

    private Builder() {}

    /**
     * Offers the file {@code selector} names as a sendonly push (RFC 5547), with its {@code date}
     * (or null); {@link SipAgent#sendFile} uses it.
     */
    Builder filePush(FileSelector selector, FileDate date, String transferId) {
      this.pushSelector = selector;
      this.pushDate = date;
      this.fileTransferId = transferId;
      return this;
    }

    /**
     * Asks for a file (RFC 5547 pull: a {@code recvonly} stream with {@code file-selector} and, to
     * resume, {@code file-range}); {@link SipAgent#pullFile} uses it.
     */
    Builder filePull(FileSelector selector, String transferId, FileRange range, FileSink sink) {
      this.pullSelector = selector;
      this.fileTransferId = transferId;
      this.pullRange = range;
      this.pullSink = sink;
      return this;
    }

    public Builder mode(ChatMode mode) {
      this.mode = Objects.requireNonNull(mode);
      return this;
    }

    public Builder acceptTypes(String... types) {
      this.acceptTypes = List.of(types);
      return this;
    }

    /**
     * The types accepted inside a wrapper ({@code a=accept-wrapped-types}), e.g. {@code
     * "text/plain", "message/imdn+xml"} beside {@code message/cpim} in the accept-types.
     */
    public Builder acceptWrappedTypes(String... types) {
      this.acceptWrappedTypes = List.of(types);
      return this;
    }

    /** ACTIVE, PASSIVE or ACTPASS. */
    public Builder setup(Setup setup) {
      if (setup == Setup.HOLDCONN) {
        throw new IllegalArgumentException("holdconn is not valid for MSRP");
      }
      this.setup = Objects.requireNonNull(setup);
      return this;
    }

    /** Told while nothing answers the INVITE: over UDP, while SIP sends it again. */
    public Builder progress(InviteProgress progress) {
      this.progress = progress;
      return this;
    }

    public InviteOptions build() {
      return new InviteOptions(this);
    }
  }
}
