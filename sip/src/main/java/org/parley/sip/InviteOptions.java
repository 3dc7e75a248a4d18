package org.parley.sip;

import java.util.List;
import java.util.Objects;
import org.parley.im.FileDescription;
import org.parley.sdp.Setup;

/**
 * How {@link SipAgent#invite} sets up a session: the mode offered, the types, and who connects.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>Name</th><th>Default</th><th>Meaning</th></tr>
 *   <tr><td>mode</td><td>MSRP</td><td>MSRP, or the 2001 MESSAGE form.</td></tr>
 *   <tr><td>acceptTypes</td><td>the agent's</td><td>The types offered (a=accept-types).</td></tr>
 *   <tr><td>setup</td><td>ACTIVE</td><td>ACTIVE: this end (the offerer) connects, RFC 4975's
 *       default; ACTPASS or PASSIVE let the answerer connect.</td></tr>
 * </table>
 */
public final class InviteOptions {
  /** MSRP, the agent's types, the offerer connects. */
  public static final InviteOptions DEFAULT = builder().build();

  private final ChatMode mode;
  private final List<String> acceptTypes;
  private final Setup setup;
  private final FileDescription file;
  private final String fileTransferId;

  private InviteOptions(Builder b) {
    this.mode = b.mode;
    this.acceptTypes = b.acceptTypes;
    this.setup = b.setup;
    this.file = b.file;
    this.fileTransferId = b.fileTransferId;
  }

  /** The file pushed (RFC 5547), or null for a chat. */
  FileDescription file() {
    return file;
  }

  String fileTransferId() {
    return fileTransferId;
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

  public Setup setup() {
    return setup;
  }

  /** Builds {@link InviteOptions}. */
  public static final class Builder {
    private ChatMode mode = ChatMode.MSRP;
    private List<String> acceptTypes;
    private Setup setup = Setup.ACTIVE;
    private FileDescription file;
    private String fileTransferId;

    private Builder() {}

    /** Offers {@code file} as a sendonly push (RFC 5547); {@link SipAgent#sendFile} uses it. */
    Builder filePush(FileDescription file, String transferId) {
      this.file = file;
      this.fileTransferId = transferId;
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

    /** ACTIVE, PASSIVE or ACTPASS. */
    public Builder setup(Setup setup) {
      if (setup == Setup.HOLDCONN) {
        throw new IllegalArgumentException("holdconn is not valid for MSRP");
      }
      this.setup = Objects.requireNonNull(setup);
      return this;
    }

    public InviteOptions build() {
      return new InviteOptions(this);
    }
  }
}
