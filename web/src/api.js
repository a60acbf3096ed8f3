// What every page's script shares: the page's words (Pages/Texts, in a script element), and calls to the API as the
// signed-in member (the token the dashboard keeps in sessionStorage) whose refusals come back as errors naming the
// problem, as the server's problem details say it.

/** The words of the page, with {0}, {1}… filled from the arguments. */
export function translator() {
  const texts = JSON.parse(document.getElementById('truce-texts').textContent);
  return (key, ...args) => (texts[key] ?? key).replace(/\{(\d+)\}/g, (_, i) => String(args[Number(i)]));
}

/** A GET (or, with a body, a POST of JSON) to the API, with the token <tokenOf> gives when there is one. */
export function apiWith(tokenOf) {
  return async function api(path, body) {
    const token = tokenOf();
    const headers = token ? { Authorization: `Bearer ${token}` } : {};
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const r = await fetch(path, body === undefined ? { headers } : { method: 'POST', headers, body: JSON.stringify(body) });
    if (!r.ok) {
      const problem = await r.json().catch(() => ({}));
      throw new Error(problem.detail ?? `${path}: ${r.status}`);
    }
    return r.json();
  };
}
