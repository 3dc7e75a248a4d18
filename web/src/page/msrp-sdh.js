import { sessionSdp, parseSessionSdp } from '../msrp/sdp.js';
import { CPIM, IMDN, IS_COMPOSING } from '../msrp/im.js';

/** What a chat session of the page takes: text in CPIM with notifications, typing statuses. */
const CHAT = { acceptTypes: [CPIM, 'text/plain', IS_COMPOSING], acceptWrapped: ['text/plain', IMDN, IS_COMPOSING] };

/**
 * A SIP.js SessionDescriptionHandler for an MSRP session instead of WebRTC media: its
 * description is the SDP of a new session of our MsrpClient (its a=path: the relay's Use-Path,
 * then the session's own URI), and the peer's description gives that session its remote path.
 * Three kinds of session: a chat; a file pushed by this end (RFC 5547: options.file = { name,
 * type, size, sha1 }, offered sendonly); a file pushed by the peer (its offer sendonly with an
 * a=file-selector, answered recvonly). Once both descriptions are known the session is handed to
 * `ready(msrpSession, sipSession, remote, kind)`; `msrpSession.active` says whether this end
 * sends first (binds) or waits for the peer's first SEND.
 */
export class MsrpSessionDescriptionHandler {
  constructor(client, sipSession, ready) {
    this.client = client;
    this.sipSession = sipSession;
    this.ready = ready;
    this.msrp = client.session([]);
    this.remote = null;
    this.file = null;
    this.handed = false;
  }

  kind() {
    if (this.file) {
      return 'file-send';
    }
    return this.remote?.file && this.remote.direction === 'sendonly' ? 'file-receive' : 'chat';
  }

  async getDescription(options = {}) {
    this.file = options?.file ?? this.file;
    let sdp;
    switch (this.kind()) {
      case 'file-send':
        sdp = { acceptTypes: [this.file.type || 'application/octet-stream'], direction: 'sendonly', file: this.file, fileTransferId: options.fileTransferId };
        break;
      case 'file-receive':
        sdp = { acceptTypes: this.remote.acceptTypes, direction: 'recvonly', file: this.remote.file, fileTransferId: this.remote.fileTransferId };
        break;
      default:
        sdp = CHAT;
    }
    // RFC 6135 (and RFC 4975 §5.4 without a=setup: the offerer is active): answering an active
    // offer, this end is passive and the peer sends first; otherwise this end is active.
    this.msrp.active = !this.remote || (this.remote.setup ?? 'active') !== 'active';
    const body = sessionSdp(this.client.path(this.msrp), { ...sdp, setup: this.msrp.active ? 'active' : 'passive' });
    this.hand();
    return { body, contentType: 'application/sdp' };
  }

  hasDescription(contentType) {
    return contentType === 'application/sdp';
  }

  async setDescription(sdp) {
    this.remote = parseSessionSdp(sdp);
    this.msrp.remotePath = this.remote.path;
    this.hand();
  }

  /** Hands the session on once both descriptions are known (offer then answer, either way). */
  hand() {
    if (this.remote && !this.handed) {
      this.handed = true;
      this.ready(this.msrp, this.sipSession, this.remote, this.kind());
    }
  }

  sendDtmf() {
    return false;
  }

  close() {
    this.msrp.close();
  }
}

/** The factory SIP.js's UserAgent takes: `sessionDescriptionHandlerFactory`. */
export function msrpSessionDescriptionHandlerFactory(client, ready) {
  return (sipSession) => new MsrpSessionDescriptionHandler(client, sipSession, ready);
}
