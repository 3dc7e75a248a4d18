import { sessionSdp, parseSessionSdp } from '../msrp/sdp.js';

/**
 * A SIP.js SessionDescriptionHandler for an MSRP session instead of WebRTC media: its
 * description is the SDP of a new session of our MsrpClient (its a=path: the relay's Use-Path,
 * then the session's own URI), and the peer's description gives that session its remote path.
 * Once both are known the session is handed to `ready(msrpSession, sipSession)`, which binds it.
 */
export class MsrpSessionDescriptionHandler {
  constructor(client, sipSession, ready, options = {}) {
    this.client = client;
    this.sipSession = sipSession;
    this.ready = ready;
    this.options = options;
    this.msrp = client.session([]);
    this.remote = null;
    this.handed = false;
  }

  async getDescription() {
    const body = sessionSdp(this.client.path(this.msrp), this.options);
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
      this.ready(this.msrp, this.sipSession, this.remote);
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
export function msrpSessionDescriptionHandlerFactory(client, ready, options) {
  return (sipSession) => new MsrpSessionDescriptionHandler(client, sipSession, ready, options);
}
