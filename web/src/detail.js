// A detail page of its own (/incidents/I-12, /hazards/CHA-1, /compliance, /movements): what the map's panel shows of
// a record or a view, on a page that can be linked, bookmarked and printed. It reads as the member signed in on the
// map (the token in sessionStorage), or as the public, and names places in the convention chosen there.
import { apiWith, translator } from './api.js';
import { showDetails, showView } from './details.js';
import { showCompliance, showMovements } from './mandate.js';

const t = translator();
const page = JSON.parse(document.getElementById('truce-page').textContent);
const api = apiWith(() => sessionStorage.getItem('truce-token'));
const naming = sessionStorage.getItem('truce-naming') ?? 'neutral';
const views = { compliance: showCompliance, movements: showMovements };

if (views[page.view]) await showView(api, (size) => views[page.view](api, t, size));
else await showDetails(api, t, page.view, { id: page.id, properties: {} }, page.view, naming, { page: true });
document.body.dataset.detailState = 'ready';
