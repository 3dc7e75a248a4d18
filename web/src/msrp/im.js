import { MsrpError } from './errors.js';
import { formatCpim, cpimHeader } from './cpim.js';
import { randomToken } from './uri.js';

/**
 * Instant-messaging documents a chat page exchanges inside MSRP: text in message/cpim asking for
 * delivery and display notifications (IMDN, RFC 5438), the notifications themselves
 * (message/imdn+xml in CPIM), and is-composing statuses (application/im-iscomposing+xml, RFC
 * 3994). The XML read here is the small, fixed vocabulary of those RFCs: elements are found by
 * name in at most 16 KiB of text, never evaluated.
 */
export const CPIM = 'message/cpim';
export const IMDN = 'message/imdn+xml';
export const IS_COMPOSING = 'application/im-iscomposing+xml';
const IMDN_NS = 'urn:ietf:params:imdn';
const MAX_XML = 16384;

function now() {
  return new Date().toISOString();
}

function xmlText(s) {
  return String(s).replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function xml(bytes, rule) {
  if (bytes.length > MAX_XML) {
    throw new MsrpError(rule, `a document of ${bytes.length} bytes (at most ${MAX_XML})`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new MsrpError(rule, 'the document is not UTF-8');
  }
}

/** The text of the first element named `name` (no prefix, any namespace prefix), or null. */
function element(text, name) {
  const m = new RegExp(`<(?:[A-Za-z_][\\w.-]*:)?${name}(?:\\s[^>]*)?>([^<]*)</(?:[A-Za-z_][\\w.-]*:)?${name}\\s*>`).exec(text);
  return m ? m[1].trim().replace(/&#(\d+);|&(lt|gt|amp|apos|quot);/g, (_, n, e) => (n ? String.fromCharCode(Number(n)) : { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' }[e])) : null;
}

/**
 * A text message in CPIM asking for delivery and display notifications: { id, bytes }. `from`
 * and `to` are SIP URIs.
 */
export function imdnMessage(from, to, text) {
  const id = randomToken(16);
  const bytes = formatCpim(
    [
      ['From', `<${from}>`],
      ['To', `<${to}>`],
      ['NS', `imdn <${IMDN_NS}>`],
      ['imdn.Message-ID', id],
      ['DateTime', now()],
      ['imdn.Disposition-Notification', 'positive-delivery, display'],
    ],
    'text/plain;charset=UTF-8',
    text,
  );
  return { id, bytes };
}

/**
 * What a received CPIM message asks for: { id, dateTime, delivery, display, from } when it has an
 * imdn.Message-ID, else null. Headers as parseCpim gives them.
 */
export function imdnRequest(headers) {
  const prefix = headers
    .filter(([n]) => n.toLowerCase() === 'ns')
    .map(([, v]) => /^\s*([\w.-]+)\s*<urn:ietf:params:imdn>\s*$/i.exec(v))
    .find(Boolean)?.[1];
  if (!prefix) {
    return null;
  }
  const id = cpimHeader(headers, `${prefix}.Message-ID`);
  if (!id) {
    return null;
  }
  const asked = (cpimHeader(headers, `${prefix}.Disposition-Notification`) ?? '').toLowerCase().split(',').map((s) => s.trim());
  return {
    id,
    dateTime: cpimHeader(headers, 'DateTime'),
    delivery: asked.includes('positive-delivery'),
    display: asked.includes('display'),
    from: cpimHeader(headers, 'From'),
  };
}

/**
 * The notification (`'delivered'` or `'displayed'`) for a message whose request is `request`,
 * from `self`: a CPIM body wrapping message/imdn+xml, sent back to the message's From.
 */
export function imdnNotification(request, self, status) {
  const kind = status === 'displayed' ? 'display-notification' : 'delivery-notification';
  const doc =
    '<?xml version="1.0" encoding="UTF-8"?>\r\n' +
    '<imdn xmlns="urn:ietf:params:xml:ns:imdn">\r\n' +
    `<message-id>${xmlText(request.id)}</message-id>\r\n` +
    `<datetime>${xmlText(request.dateTime ?? now())}</datetime>\r\n` +
    `<recipient-uri>${xmlText(self)}</recipient-uri>\r\n` +
    `<${kind}><status><${status}/></status></${kind}>\r\n` +
    '</imdn>\r\n';
  return formatCpim(
    [
      ['From', `<${self}>`],
      ['To', request.from ?? `<${self}>`],
      ['NS', `imdn <${IMDN_NS}>`],
      ['imdn.Message-ID', randomToken(16)],
      ['DateTime', now()],
    ],
    IMDN,
    doc,
    [['Content-Disposition', 'notification']],
  );
}

/** Reads a message/imdn+xml document: { id, status } (status: delivered, displayed, failed, …). */
export function parseImdn(bytes) {
  const text = xml(bytes, 'imdn');
  const id = element(text, 'message-id');
  if (!id) {
    throw new MsrpError('imdn', 'the notification has no <message-id>');
  }
  const m = /<(?:[\w.-]+:)?status\s*>\s*<(?:[\w.-]+:)?([A-Za-z-]+)\s*\/?>/.exec(text);
  if (!m) {
    throw new MsrpError('imdn', 'the notification has no <status>');
  }
  return { id, status: m[1] };
}

/** An is-composing status (RFC 3994): `active` (refreshed every `refresh` seconds) or `idle`. */
export function isComposing(state, refresh = 60) {
  return new TextEncoder().encode(
    '<?xml version="1.0" encoding="UTF-8"?>\r\n' +
      '<isComposing xmlns="urn:ietf:params:xml:ns:im-iscomposing">\r\n' +
      `<state>${state === 'active' ? 'active' : 'idle'}</state>\r\n` +
      '<contenttype>text/plain</contenttype>\r\n' +
      (state === 'active' ? `<refresh>${refresh}</refresh>\r\n` : '') +
      '</isComposing>\r\n',
  );
}

/** Reads an is-composing status: { state: 'active'|'idle', refresh (seconds or null) }. */
export function parseIsComposing(bytes) {
  const text = xml(bytes, 'iscomposing');
  const state = element(text, 'state');
  if (state !== 'active' && state !== 'idle') {
    throw new MsrpError('iscomposing', `<state> is ${state === null ? 'missing' : `"${state.slice(0, 20)}"`}`);
  }
  const refresh = element(text, 'refresh');
  return { state, refresh: refresh !== null && /^\d{1,5}$/.test(refresh) ? Number(refresh) : null };
}
