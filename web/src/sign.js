// Entries signed in the browser (docs/PROTOCOL.md §1 and §3): the body's RFC 8785 form and its SHA-256, the envelope,
// and an Ed25519 signature made by WebCrypto with the party's key. The key's seed is read from what the member pastes
// or picks (a party's keys/PARTY.key) and imported as a non-extractable key kept in this page's memory: it is never
// sent, stored or written anywhere, and a reload forgets it. The server only ever sees the signed envelope.

const encoder = new TextEncoder();

/** RFC 8785: members sorted by UTF-16 code units (what Array.prototype.sort does), strings and numbers as
 * ECMAScript's JSON.stringify writes them, no whitespace. */
export function canonical(value) {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('a number must be finite');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const names = Object.keys(value).filter((k) => value[k] !== undefined).sort();
  return `{${names.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
}

const hex = (bytes) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');
const base64 = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes)));
const fromBase64Url = (s) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));

export async function sha256Hex(text) {
  return hex(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
}

// PKCS #8 wrapping of a raw Ed25519 seed (RFC 8410): WebCrypto imports private keys only in PKCS #8 or JWK.
const pkcs8Prefix = [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20];

/** A party's key from its seed in base64: { id, publicKey (base64), privateKey (non-extractable CryptoKey) }. */
export async function importSeed(seedBase64) {
  let seed;
  try {
    seed = Uint8Array.from(atob(seedBase64.trim()), (c) => c.charCodeAt(0));
  } catch {
    throw new Error('the key is not base64');
  }
  if (seed.length !== 32) throw new Error('the key must be a 32-byte Ed25519 seed in base64 (a keys/PARTY.key file)');
  const pkcs8 = new Uint8Array([...pkcs8Prefix, ...seed]);
  // Imported once extractable only to read its public half (JWK "x"); the key kept is imported again, not extractable.
  const readable = await crypto.subtle.importKey('pkcs8', pkcs8, { name: 'Ed25519' }, true, ['sign']);
  const publicKey = fromBase64Url((await crypto.subtle.exportKey('jwk', readable)).x);
  const privateKey = await crypto.subtle.importKey('pkcs8', pkcs8, { name: 'Ed25519' }, false, ['sign']);
  seed.fill(0);
  pkcs8.fill(0);
  const id = `k${hex(await crypto.subtle.digest('SHA-256', publicKey)).slice(0, 16)}`;
  return { id, publicKey: base64(publicKey), privateKey };
}

function clientId() {
  // Time first, then randomness, as the CLI's UUIDv7 ids: time-ordered ids are cheaper for the server to index.
  const random = crypto.getRandomValues(new Uint8Array(10));
  return Date.now().toString(16).padStart(12, '0') + hex(random);
}

/** A random nonce for a body that is not public (PROTOCOL §3: its digest must not be guessable). */
export function nonce() {
  return base64(crypto.getRandomValues(new Uint8Array(18)));
}

/** The envelope and body of one entry, signed with the key. `to` only for a restricted audience. */
export async function signEntry({ origin, kind, party, key, body, vis, to }) {
  const content = vis === 'public' ? body : { ...body, nonce: body.nonce ?? nonce() };
  const envelope = {
    v: 1, log: origin, kind, party, key: key.id, time: new Date().toISOString(), cid: clientId(),
    body: await sha256Hex(canonical(content)), vis,
  };
  if (vis === 'restricted') envelope.to = to;
  const signed = encoder.encode(`truce-entry/v1\n${canonical(envelope)}`);
  envelope.sig = base64(await crypto.subtle.sign({ name: 'Ed25519' }, key.privateKey, signed));
  return { envelope, body: content };
}
