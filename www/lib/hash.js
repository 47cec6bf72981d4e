// The URL hash holds the route and the open station's state: #/<station>?key=value&...
// Stations read and write only their own params; writing replaces history (no back-button spam).

/** Splits location.hash into { id, params }. */
export function parseHash(hash = location.hash) {
  const body = hash.replace(/^#\/?/, '');
  const q = body.indexOf('?');
  const id = decodeURIComponent(q < 0 ? body : body.slice(0, q));
  const params = new URLSearchParams(q < 0 ? '' : body.slice(q + 1));
  return { id, params };
}

/** The `ctx.hash` a station gets: get() its params, set(params) to replace them. */
export function stationHash(id) {
  return {
    get: () => parseHash().params,
    set(params) {
      const qs = new URLSearchParams(params).toString();
      const next = `#/${id}${qs ? '?' + qs : ''}`;
      if (next !== location.hash) history.replaceState(null, '', next);
    },
  };
}
