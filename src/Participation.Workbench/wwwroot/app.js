// The workbench's pages: plain JavaScript over the server's JSON API, charts by Apache ECharts (served by the server).
'use strict';

const $ = (id) => document.getElementById(id);
const state = { scenarios: [], catalogue: null, open: null, levers: {}, leverBase: null, result: null, pollTimer: null };

// ---- talking to the server ------------------------------------------------------------------------------------------
async function api(method, path, body, headers) {
  const init = { method, headers: { ...(headers || {}) } };
  if (method !== 'GET') init.headers['X-Workbench'] = '1';
  if (body instanceof ArrayBuffer || typeof body === 'string') init.body = body;
  else if (body !== undefined) { init.body = JSON.stringify(body); init.headers['Content-Type'] = 'application/json'; }
  const response = await fetch(path, init);
  const type = response.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) throw new Error(data && data.error ? data.error : `${response.status} ${response.statusText}`);
  return data;
}
const enc = encodeURIComponent;
function say(id, text, good) {
  const el = $(id);
  el.textContent = text || '';
  el.className = 'message ' + (text ? (good ? 'good' : 'bad') : '');
}
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v; else if (k.startsWith('on')) e.addEventListener(k.slice(2), v); else if (v !== undefined && v !== null) e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(c ?? ''));
  return e;
}
function years(s) { return s.start && s.end ? `${s.start.slice(0, 4)}–${s.end.slice(0, 4)}` : ''; }
function fmt(v, digits = 3) {
  if (v === '' || v === null || v === undefined || Number.isNaN(v) || v === 'NaN') return 'n/a';
  const n = Number(v);
  return Math.abs(n) >= 1000 ? n.toLocaleString('en', { maximumFractionDigits: 0 }) : Number(n.toPrecision(digits)).toString();
}

// ---- pages ----------------------------------------------------------------------------------------------------------
const pages = ['scenarios', 'policies', 'runs', 'results'];
function show() {
  const page = pages.includes(location.hash.slice(1)) ? location.hash.slice(1) : 'scenarios';
  for (const p of pages) $('page-' + p).hidden = p !== page;
  for (const a of document.querySelectorAll('nav a')) a.classList.toggle('active', a.dataset.page === page);
  clearInterval(state.pollTimer);
  if (page === 'scenarios') loadScenarios();
  if (page === 'policies') loadPolicies();
  if (page === 'runs') { loadRunForm(); pollJobs(); state.pollTimer = setInterval(pollJobs, 400); }
  if (page === 'results') loadResults();
  for (const c of document.querySelectorAll('.chart')) echarts.getInstanceByDom(c)?.resize();
}

// ---- Scenarios --------------------------------------------------------------------------------------------------------
async function loadScenarios() {
  state.scenarios = await api('GET', '/api/scenarios');
  const body = $('scenario-list').tBodies[0];
  body.replaceChildren();
  for (const s of state.scenarios) {
    const row = el('tr', { 'data-id': s.id, onclick: () => openScenario(s.id) },
      el('td', {}, el('strong', {}, s.name || s.file), el('br'), el('span', { class: 'muted' }, `${s.source === 'study' ? 'study' : 'workspace'}: ${s.file}`),
        s.error ? el('div', { class: 'message bad' }, s.error) : ''),
      el('td', { class: 'number' }, s.households ? s.households.toLocaleString('en') : ''),
      el('td', {}, years(s)));
    if (state.open && state.open.id === s.id) row.classList.add('selected');
    body.append(row);
  }
  const from = $('new-from');
  const current = from.value;
  from.replaceChildren(...info.templates.map(t => el('option', { value: 'template:' + t }, `the template (${t})`)),
    ...state.scenarios.filter(s => !s.error).map(s => el('option', { value: s.id }, `a copy of ${s.name} (${s.id})`)));
  if (current) from.value = current;
}

async function openScenario(id) {
  const [source, file] = id.split('/');
  const s = await api('GET', `/api/scenarios/${source}/${enc(file)}`);
  state.open = s;
  $('editor-title').textContent = `${s.name || s.file} (${s.id})`;
  $('editor').value = s.text;
  $('editor').disabled = s.source === 'study';
  $('save').disabled = s.source === 'study';
  describe(s);
  structureForm(s);
  // The network is drawn when asked for: it builds the community's population and network.
  const box = $('scenario-network-box');
  box.hidden = !s.calendar;
  box.open = false;
  box.ontoggle = () => { if (box.open) drawNetwork(`/api/scenarios/${source}/${enc(file)}/network`, $('scenario-network'), $('scenario-network-summary')); };
  if (s.source === 'study') say('editor-message', 'A study is read-only here: create a copy of it (New scenario, Start from) to edit it.', true);
  else if (s.error) say('editor-message', s.error); else say('editor-message', '');
  for (const row of $('scenario-list').tBodies[0].rows) row.classList.toggle('selected', row.dataset.id === id);
}

function describe(s) {
  const box = $('compounds-chart');
  if (!s.calendar) { $('editor-summary').textContent = ''; box.hidden = true; return; }
  const households = s.compounds.reduce((a, c) => a + c.households, 0);
  const on = Object.values(s.levers || {}).filter(l => l.enabled).length;
  $('editor-summary').textContent = `${households.toLocaleString('en')} households in ${s.compounds.length} compounds; simulated ${s.calendar.start} to ${s.calendar.end}, ` +
    `reported from ${s.calendar.reportFrom}, register read ${s.calendar.registerDate}; seed ${s.seed}; ${on} of ${Object.keys(s.levers || {}).length} levers on.`;
  box.hidden = false;
  const types = [...new Set(s.compounds.map(c => c.type))];
  chart(box, {
    title: { text: 'The compounds: households (and buildings)', left: 'center', textStyle: { fontSize: 13 } },
    tooltip: { trigger: 'item', formatter: p => `${p.name}: ${p.value.toLocaleString('en')} households, ${s.compounds[p.dataIndex].buildings} buildings (${s.compounds[p.dataIndex].type})` },
    grid: { left: 60, right: 20, top: 40, bottom: 50 },
    xAxis: { type: 'category', data: s.compounds.map(c => c.name), axisLabel: { interval: 0, rotate: s.compounds.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value', name: 'households' },
    legend: { bottom: 0, data: types },
    series: types.map(t => ({ name: t, type: 'bar', stack: 'all', data: s.compounds.map(c => c.type === t ? c.households : null) })),
  });
}

const compoundTypes = ['commercial', 'resettlement', 'old', 'selfBuilt', 'urbanVillage', 'threeNo'];
function structureForm(s) {
  $('structure').hidden = s.source === 'study' || !s.calendar;
  say('structure-message', '');
  if (!s.calendar) return;
  for (const k of ['start', 'reportFrom', 'end', 'registerDate']) $('cal-' + k).value = s.calendar[k];
  $('structure-compounds').tBodies[0].replaceChildren(...s.compounds.map(c => el('tr', { 'data-compound': c.name }, el('td', {}, c.name),
    el('td', {}, Object.assign(el('select', { 'data-field': 'type' }, ...compoundTypes.map(t => el('option', { value: t }, t))), { value: c.type })),
    el('td', {}, el('input', { type: 'number', min: '0', 'data-field': 'households', value: c.households })),
    el('td', {}, el('input', { type: 'number', min: '0', 'data-field': 'buildings', value: c.buildings })))));
}
async function applyStructure() {
  const s = state.open;
  // Only what changed is sent: a key the file leaves to its default stays untouched.
  const calendar = {};
  for (const k of ['start', 'reportFrom', 'end', 'registerDate']) if ($('cal-' + k).value !== s.calendar[k]) calendar[k] = $('cal-' + k).value;
  const compounds = {};
  for (const row of $('structure-compounds').tBodies[0].rows) {
    const c = s.compounds.find(x => x.name === row.dataset.compound), edit = {};
    const type = row.querySelector('[data-field=type]').value, h = Number(row.querySelector('[data-field=households]').value), b = Number(row.querySelector('[data-field=buildings]').value);
    if (type !== c.type) edit.type = type;
    if (h !== c.households) edit.households = h;
    if (b !== c.buildings) edit.buildings = b;
    if (Object.keys(edit).length) compounds[c.name] = edit;
  }
  try {
    const saved = await api('POST', `/api/scenarios/workspace/${enc(s.file)}/structure`, { version: s.version, calendar, compounds });
    state.open = saved;
    $('editor').value = saved.text;
    describe(saved);
    structureForm(saved);
    say('structure-message', `Saved ${saved.file}: it loads as the command line loads it.`, true);
    loadScenarios();
  } catch (e) { say('structure-message', e.message); }
}

async function saveScenario() {
  const s = state.open;
  try {
    const saved = await api('PUT', `/api/scenarios/workspace/${enc(s.file)}`, $('editor').value, { 'If-Match': `"${s.version}"`, 'Content-Type': 'application/json' });
    state.open = saved;
    describe(saved);
    structureForm(saved);
    say('editor-message', `Saved ${saved.file}: it loads as the command line loads it.`, true);
    loadScenarios();
  } catch (e) { say('editor-message', e.message); }
}

async function createScenario(event) {
  event.preventDefault();
  const from = $('new-from').value;
  const request = { file: $('new-file').value.trim(), name: $('new-name').value.trim() || null };
  if (from.startsWith('template:')) request.template = from.slice('template:'.length); else request.copyOf = from;
  try {
    const s = await api('POST', '/api/scenarios', request);
    say('scenario-message', `Created ${s.file}.`, true);
    await loadScenarios();
    await openScenario(s.id);
  } catch (e) { say('scenario-message', e.message); }
}

async function createFromTable(event) {
  event.preventDefault();
  const table = $('table-csv').files[0];
  if (!table) { say('scenario-message', 'population table: choose a CSV file of residents'); return; }
  const query = new URLSearchParams({ table: table.name, type: $('table-type').value });
  if ($('new-name').value.trim()) query.set('name', $('new-name').value.trim());
  if ($('table-buildings').value !== '') query.set('buildings', $('table-buildings').value);
  try {
    const s = await api('PUT', `/api/scenarios/workspace/${enc($('new-file').value.trim())}/from-table?${query}`, await table.arrayBuffer(), { 'Content-Type': 'text/csv' });
    say('scenario-message', `Created ${s.file} from ${table.name}: ${s.compounds.length} compounds, ${s.compounds.reduce((a, c) => a + c.households, 0).toLocaleString('en')} households.`, true);
    await loadScenarios();
    await openScenario(s.id);
  } catch (e) { say('scenario-message', e.message); }
  $('table-csv').value = '';
}

async function uploadScenario() {
  const file = $('upload').files[0];
  if (!file) return;
  try {
    const s = await api('PUT', `/api/scenarios/workspace/${enc(file.name)}`, await file.arrayBuffer(), { 'Content-Type': 'application/json' });
    say('scenario-message', `Uploaded ${s.file}: it loads.`, true);
    await loadScenarios();
    await openScenario(s.id);
  } catch (e) { say('scenario-message', e.message); }
  $('upload').value = '';
}

// ---- Policies -----------------------------------------------------------------------------------------------------------
async function loadPolicies() {
  if (!state.catalogue) state.catalogue = await api('GET', '/api/policies');
  state.scenarios = await api('GET', '/api/scenarios');
  const base = $('package-base');
  const keep = base.value || (state.open && state.open.id);
  base.replaceChildren(...state.scenarios.filter(s => !s.error).map(s => el('option', { value: s.id }, `${s.name} (${s.id})`)));
  if (keep && [...base.options].some(o => o.value === keep)) base.value = keep;
  $('add-kind').replaceChildren(...state.catalogue.kinds.map(k => el('option', { value: k.name }, k.name)));
  $('settings-doc').textContent = 'Every lever has: ' + state.catalogue.settings.filter(s => s.key !== 'parameters').map(s => `${s.key} (${s.doc})`).join('; ');
  const cat = $('catalogue');
  if (!cat.childElementCount)
    for (const k of state.catalogue.kinds)
      cat.append(el('details', { 'data-kind': k.name }, el('summary', {}, k.name), el('p', {}, k.doc),
        k.parameters.length ? el('table', { class: 'grid' }, el('thead', {}, el('tr', {}, ...['Parameter', 'Meaning', 'Default', 'Range', 'Unit'].map(h => el('th', {}, h)))),
          el('tbody', {}, ...k.parameters.map(p => el('tr', {}, el('td', {}, p.name), el('td', {}, p.doc), el('td', { class: 'number' }, fmt(p.default, 6)),
            el('td', {}, `${fmt(p.min, 6)} to ${fmt(p.max, 6)}`), el('td', {}, p.unit))))) : el('p', { class: 'muted' }, 'No parameters of its own.')));
  await loadLevers();
}

async function loadLevers() {
  const id = $('package-base').value;
  if (!id) return;
  if (state.leverBase !== id) {
    const [source, file] = id.split('/');
    const s = await api('GET', `/api/scenarios/${source}/${enc(file)}`);
    state.levers = structuredClone(s.levers || {});
    state.leverBase = id;
    state.leverScenario = s;
    const stem = file.replace(/\.json$/, '');
    $('package-file').value = `${stem}-package.json`;
    $('package-name').value = `${s.name} with a policy package`;
  }
  drawLevers();
}

function drawLevers() {
  const body = $('levers').tBodies[0];
  body.replaceChildren();
  for (const [key, l] of Object.entries(state.levers)) {
    const kind = state.catalogue.kinds.find(k => k.name.toLowerCase() === l.kind.toLowerCase());
    const input = (field, type, cls) => el('input', {
      type, value: l[field] ?? '', class: cls || '', 'data-lever': key, 'data-field': field, placeholder: type === 'text' ? 'yyyy-MM-dd' : '',
      oninput: (e) => { l[field] = type === 'number' ? Number(e.target.value) : (e.target.value.trim() || null); },
    });
    const on = el('input', { type: 'checkbox', id: `lever-${key}-on`, 'data-lever': key, onchange: (e) => { l.enabled = e.target.checked; } });
    on.checked = l.enabled;
    const params = el('div', {}, ...(kind ? kind.parameters : []).map(p => el('label', { title: p.doc }, `${p.name} `,
      el('input', { type: 'number', step: 'any', class: 'param', value: l.parameters && p.name in l.parameters ? l.parameters[p.name] : '', placeholder: fmt(p.default, 6),
        oninput: (e) => { l.parameters = l.parameters || {}; if (e.target.value === '') delete l.parameters[p.name]; else l.parameters[p.name] = Number(e.target.value); } }))));
    body.append(el('tr', { 'data-lever': key }, el('td', {}, on), el('td', {}, key), el('td', { title: kind ? kind.doc : '' }, l.kind),
      el('td', {}, input('start', 'text')), el('td', {}, input('end', 'text')), el('td', {}, input('scale', 'number')), el('td', {}, input('unitCost', 'number')), el('td', {}, params)));
  }
}

function addLever() {
  const key = $('add-key').value.trim() || $('add-kind').value;
  if (state.levers[key]) { say('package-message', `policies.${key}: the package has a lever of that name already; choose another name`); return; }
  const start = state.leverScenario && state.leverScenario.calendar ? state.leverScenario.calendar.reportFrom : null;
  state.levers[key] = { kind: $('add-kind').value, enabled: true, start, end: null, scale: 1, unitCost: 0, parameters: {} };
  say('package-message', '');
  drawLevers();
}

async function writePackage() {
  try {
    const s = await api('POST', '/api/packages', { base: $('package-base').value, file: $('package-file').value.trim(), name: $('package-name').value.trim(), policies: state.levers });
    say('package-message', `Wrote ${s.file} (extends ${state.leverBase.split('/')[1]}): run it with participation run scenarios/${s.file}, or compare it on Run and compare.`, true);
  } catch (e) { say('package-message', e.message); }
}

// ---- Run and compare ---------------------------------------------------------------------------------------------------
async function loadRunForm() {
  state.scenarios = await api('GET', '/api/scenarios');
  const ok = state.scenarios.filter(s => !s.error);
  const pick = $('job-scenario');
  const keep = pick.value;
  pick.replaceChildren(...ok.map(s => el('option', { value: s.id }, `${s.name} (${s.id})`)));
  if (keep) pick.value = keep;
  const checked = new Set([...document.querySelectorAll('#job-variants input:checked')].map(i => i.value));
  $('job-variants').replaceChildren(...ok.map(s => el('label', { class: 'variant' },
    Object.assign(el('input', { type: 'checkbox', value: s.id, 'data-id': s.id }), { checked: checked.has(s.id) }), ` ${s.name} (${s.id})`)));
  kindChanged();
}
function kindChanged() {
  const compare = $('job-kind-compare').checked;
  $('job-variants-box').hidden = !compare;
  if (!compare && Number($('job-replications').value) === 8) $('job-replications').value = 1;
  if (compare && Number($('job-replications').value) < 2) $('job-replications').value = 8;
}
async function queueJob(event) {
  event.preventDefault();
  const compare = $('job-kind-compare').checked;
  const request = {
    kind: compare ? 'compare' : 'run', scenario: $('job-scenario').value, replications: Number($('job-replications').value),
    variants: compare ? [...document.querySelectorAll('#job-variants input:checked')].map(i => i.value).filter(v => v !== $('job-scenario').value) : [],
  };
  if ($('job-seed').value !== '') request.seed = Number($('job-seed').value);
  try {
    const job = await api('POST', '/api/jobs', request);
    say('job-message', `Queued job ${job.id}: ${job.title}.`, true);
    pollJobs();
  } catch (e) { say('job-message', e.message); }
}
async function pollJobs() {
  let jobs;
  try { jobs = await api('GET', '/api/jobs'); } catch { return; }
  const body = $('jobs').tBodies[0];
  body.replaceChildren(...jobs.map(j => el('tr', { 'data-job': j.id, 'data-state': j.state },
    el('td', {}, j.id), el('td', {}, j.title, j.message ? el('div', { class: 'muted' }, j.message) : ''),
    el('td', { class: 'state state-' + j.state }, j.state),
    el('td', {}, Object.assign(el('progress', { max: '1' }), { value: j.progress }), ` ${(100 * j.progress).toFixed(0)} %`),
    el('td', { class: 'number' }, j.seconds.toFixed(1)),
    el('td', {}, ...jobActions(j, pollJobs)))));
}
// What can be done with a job: cancel a queued or running one, resume or remove an interrupted one, open a finished one's results.
function jobActions(j, then) {
  const act = (verb, label) => el('button', { class: `secondary ${verb}`, 'data-job': j.id,
    onclick: () => api('POST', `/api/jobs/${j.id}/${verb}`).then(then, (e) => say('job-message', e.message)) }, label);
  if (j.state === 'queued' || j.state === 'running') return [act('cancel', 'Cancel')];
  if (j.state === 'interrupted') return [act('resume', 'Resume'), ' ', act('remove', 'Remove')];
  if (j.result) return [el('a', { href: `#results`, class: 'open-result', 'data-result': j.result, onclick: () => { state.wanted = j.result; } }, 'Results')];
  return [];
}

// ---- Results ----------------------------------------------------------------------------------------------------------
async function loadResults() {
  const [list, jobs] = await Promise.all([api('GET', '/api/results'), api('GET', '/api/jobs')]);
  const body = $('result-list').tBodies[0];
  // Jobs a stopped server left unfinished are no results yet: listed first, with what can be done with them.
  const interrupted = jobs.filter(j => j.state === 'interrupted').map(j => el('tr', { class: 'interrupted', 'data-job': j.id },
    el('td', {}, el('strong', {}, `job ${j.id}: ${j.title}`), el('div', { class: 'message' }, j.message), ...jobActions(j, loadResults)),
    el('td', { class: 'state-interrupted' }, 'interrupted')));
  body.replaceChildren(...interrupted, ...list.map(r => el('tr', { 'data-result': r.name, onclick: () => openResult(r.name) },
    el('td', {}, el('strong', {}, r.name), el('br'), el('span', { class: 'muted' }, `${r.scenario || ''} · ${r.replications ?? '?'} replications`)),
    el('td', {}, r.kind))));
  const wanted = state.wanted || (state.result && state.result.name) || (list[0] && list[0].name);
  state.wanted = null;
  if (wanted && list.some(r => r.name === wanted)) await openResult(wanted);
}

async function openResult(name) {
  const r = await api('GET', `/api/results/${enc(name)}`);
  state.result = r;
  for (const row of $('result-list').tBodies[0].rows) row.classList.toggle('selected', row.dataset.result === name);
  $('result-title').textContent = r.name;
  $('result-summary').textContent = `${r.kind} of ${r.scenario || '?'}: ${r.replications ?? '?'} replications, master seed ${r.masterSeed ?? '?'}` +
    (r.wallSeconds != null ? `, ${r.wallSeconds} s` : '') + (r.command ? `. The same tables from the command line: ${r.command}` : '');
  const files = r.files.filter(f => /\.(csv|parquet|json)$/.test(f));
  $('downloads').replaceChildren('Download: ', ...files.map(f => el('a', { href: `/api/results/${enc(name)}/files/${f}?download=true`, download: `${name}-${f}`, 'data-file': f }, f)),
    el('a', { href: `/api/results/${enc(name)}/files/report.html`, target: '_blank', rel: 'noopener', id: 'report-link' }, 'HTML report'));
  $('run-view').hidden = r.kind !== 'run';
  $('compare-view').hidden = r.kind !== 'comparison';
  if (r.kind === 'run') { await drawRun(r); await drawNetwork(`/api/results/${enc(name)}/network`, $('network-chart'), $('network-summary')); }
  if (r.kind === 'comparison') await drawComparison(r);
}

async function table(name, file) {
  return parseCsv(await api('GET', `/api/results/${enc(name)}/files/${file}`));
}
function parseCsv(text) {
  const rows = [];
  let row = [], cell = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) { if (c === '"') { if (text[i + 1] === '"') { cell += '"'; i++; } else quoted = false; } else cell += c; }
    else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; }
    else if (c !== '\r') cell += c;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  const header = rows.shift() || [];
  return { header, rows, col: (n) => header.indexOf(n), num: (r, n) => (r[header.indexOf(n)] === '' ? NaN : Number(r[header.indexOf(n)])) };
}

// Figures of the monthly summary to plot together (one unit each), as the report groups them.
const seriesGroups = [
  { label: 'Adults taking part in a month (share)', figures: ['participation_rate_month'], percent: true },
  { label: 'Backbones: active, on the register, volunteers', figures: ['backbones_active', 'register_backbones', 'volunteers'] },
  { label: "The register's make-up (shares)", figures: ['register_over_3_years', 'register_under_6_months', 'register_age_60_plus', 'register_under35', 'register_women'], percent: true },
  { label: "Backbones' monthly frequency (shares)", figures: ['backbone_frequency_1_2', 'backbone_frequency_3_4', 'backbone_frequency_5_6', 'backbone_frequency_over_6'], percent: true },
  { label: 'Money spent on policies (yuan a month)', figures: ['spent'] },
];

async function drawRun(r) {
  const t = await table(r.name, 'monthly_summary.csv');
  const group = $('series-group');
  if (!group.options.length) group.replaceChildren(...seriesGroups.map((g, k) => el('option', { value: k }, g.label)));
  const g = seriesGroups[Number(group.value || 0)];
  const months = t.rows.map(row => row[t.col('month')]);
  const scale = g.percent ? 100 : 1;
  const series = [];
  const figures = g.figures.filter(f => t.col(f + '_mean') >= 0);
  for (const f of figures) {
    const mean = t.rows.map(row => t.num(row, f + '_mean') * scale);
    const low = t.rows.map(row => t.num(row, f + '_low') * scale);
    const high = t.rows.map(row => t.num(row, f + '_high') * scale);
    // The 95 % band: an invisible line at the low bound with the band's width stacked on it; same name, so the legend toggles all three.
    series.push({ name: f, type: 'line', data: mean, showSymbol: false, z: 3 });
    series.push({ name: f, type: 'line', data: low.map(v => Number.isFinite(v) ? v : null), stack: 'band-' + f, lineStyle: { opacity: 0 }, showSymbol: false, silent: true, tooltip: { show: false } });
    series.push({ name: f, type: 'line', data: high.map((v, k) => Number.isFinite(v) && Number.isFinite(low[k]) ? v - low[k] : null), stack: 'band-' + f,
      lineStyle: { opacity: 0 }, areaStyle: { opacity: 0.18 }, showSymbol: false, silent: true, tooltip: { show: false } });
  }
  const palette = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00'];
  series.forEach((s, k) => { s.color = palette[Math.floor(k / 3) % palette.length]; });
  chart($('series-chart'), {
    title: { text: g.label + ', mean and 95 % interval over replications', left: 'center', textStyle: { fontSize: 13 } },
    tooltip: {
      trigger: 'axis',
      formatter: (ps) => {
        const k = ps[0].dataIndex;
        return `${months[k]}<br>` + figures.map(f => {
          const m = t.num(t.rows[k], f + '_mean') * scale, lo = t.num(t.rows[k], f + '_low') * scale, hi = t.num(t.rows[k], f + '_high') * scale;
          return `${f}: ${fmt(m)}${g.percent ? ' %' : ''} [${fmt(lo)}, ${fmt(hi)}]`;
        }).join('<br>');
      },
    },
    legend: { top: 24, data: figures },
    grid: { left: 60, right: 30, top: 60, bottom: 70 },
    xAxis: { type: 'category', data: months, boundaryGap: false },
    yAxis: { type: 'value', name: g.percent ? '%' : '', scale: true },
    dataZoom: [{ type: 'inside' }, { type: 'slider', bottom: 10 }],
    series,
  });
  const c = await api('GET', `/api/results/${enc(r.name)}/careers`);
  const pts = (ys) => c.years.map((x, k) => [x, 100 * ys[k]]);
  chart($('careers-chart'), {
    title: { text: c.careers ? `Backbone careers still running (Kaplan–Meier, ${c.careers} careers from ${c.replications} replications; median ${c.medianYears != null ? fmt(c.medianYears) + ' years' : 'not reached'})` : 'No backbone career started in the reported period', left: 'center', textStyle: { fontSize: 13 } },
    tooltip: { trigger: 'axis', formatter: (ps) => { const k = ps[0].dataIndex; return `${fmt(c.years[k])} years: ${fmt(100 * c.share[k])} % [${fmt(100 * c.low[k])}, ${fmt(100 * c.high[k])}]`; } },
    grid: { left: 60, right: 30, top: 50, bottom: 60 },
    xAxis: { type: 'value', name: 'years in the role', nameLocation: 'middle', nameGap: 28, min: 0 },
    yAxis: { type: 'value', name: '% still running', min: 0, max: 100 },
    dataZoom: [{ type: 'inside' }, { type: 'slider', bottom: 5, height: 18 }],
    series: [
      { name: 'careers still running', type: 'line', step: 'end', data: pts(c.share), showSymbol: false, color: '#009E73' },
      { name: '95 % interval', type: 'line', step: 'end', data: pts(c.low), showSymbol: false, lineStyle: { type: 'dashed', width: 1 }, color: '#009E73' },
      { name: '95 % interval', type: 'line', step: 'end', data: pts(c.high), showSymbol: false, lineStyle: { type: 'dashed', width: 1 }, color: '#009E73',
        markLine: { silent: true, symbol: 'none', lineStyle: { color: '#999' }, data: [{ xAxis: 0.5, label: { formatter: '6 months' } }, { xAxis: 3, label: { formatter: '3 years' } }] } },
    ],
    legend: { top: 24 },
  });
}

// A few residents sampled across the compounds, with their strong ties (household, building) and some weak ones.
async function drawNetwork(url, box, summary) {
  let n;
  try { n = await api('GET', url); } catch (e) { summary.textContent = e.message; box.hidden = true; return; }
  box.hidden = false;
  const s = n.statistics;
  summary.textContent = `${n.residents.toLocaleString('en')} residents in ${n.households.toLocaleString('en')} households at the start (seed ${n.seed}); ` +
    `${fmt(s.meanDegree)} ties each on average (${fmt(s.meanStrongDegree)} strong: household and building; ${fmt(s.meanWeakDegree)} weak: compound and community), ` +
    `clustering ${fmt(s.clustering)}, ${s.components.toLocaleString('en')} components (the largest holds ${fmt(100 * s.largestComponentShare)} %). ` +
    `Drawn: ${n.nodes.filter(x => x.ego).length} residents sampled across the compounds (large dots) with all their strong ties and some weak ones.`;
  const index = new Map(n.nodes.map((x, k) => [x.id, k]));
  chart(box, {
    title: { text: 'Residents and their ties, coloured by compound', left: 'center', textStyle: { fontSize: 13 } },
    legend: { top: 24, data: n.compounds },
    tooltip: { trigger: 'item', formatter: (p) => p.dataType === 'edge' ? (p.data.strong ? 'strong tie' : 'weak tie')
      : `resident ${p.data.resident}: ${n.compounds[p.data.category]}, building ${p.data.building}, household ${p.data.household}, age ${p.data.age}; ${p.data.strong} strong and ${p.data.weak} weak ties` },
    series: [{
      type: 'graph', layout: 'force', roam: true, draggable: true, top: 70, bottom: 20, left: 20, right: 20,
      force: { repulsion: 40, edgeLength: [8, 40], gravity: 0.25 },
      categories: n.compounds.map(c => ({ name: c })),
      data: n.nodes.map(x => ({ name: String(x.id), resident: x.id, category: x.compound, building: x.building, household: x.household, age: x.age,
        strong: x.strong, weak: x.weak, symbolSize: x.ego ? 16 : 6 })),
      links: n.links.map(l => ({ source: index.get(l.source), target: index.get(l.target), strong: l.strong,
        lineStyle: l.strong ? { width: 1.5, opacity: 0.8 } : { width: 0.6, opacity: 0.35, type: 'dashed' } })),
      lineStyle: { color: 'source' },
      emphasis: { focus: 'adjacency' },
    }],
  });
}

async function drawComparison(r) {
  const t = await table(r.name, 'compare.csv');
  const costs = await table(r.name, 'costs.csv');
  const figures = [...new Set(t.rows.map(row => row[t.col('figure')]))];
  const pick = $('forest-figure');
  const keep = pick.value;
  pick.replaceChildren(...figures.map(f => el('option', { value: f }, f)));
  pick.value = figures.includes(keep) ? keep : 'participants_year';
  const rows = t.rows.filter(row => row[t.col('figure')] === pick.value);
  const variants = rows.map(row => row[t.col('variant')]);
  const d = rows.map(row => t.num(row, 'difference')), lo = rows.map(row => t.num(row, 'ci_low')), hi = rows.map(row => t.num(row, 'ci_high'));
  const unit = rows.length ? rows[0][t.col('unit')] : '';
  chart($('forest-chart'), {
    title: { text: `Effect on ${pick.value} (variant − baseline, ${unit}), with 95 % intervals`, left: 'center', textStyle: { fontSize: 13 } },
    tooltip: { trigger: 'item', formatter: (p) => `${variants[p.dataIndex]}: ${fmt(d[p.dataIndex], 4)} [${fmt(lo[p.dataIndex], 4)}, ${fmt(hi[p.dataIndex], 4)}] ${unit}` },
    grid: { left: 160, right: 40, top: 50, bottom: 50 },
    yAxis: { type: 'category', data: variants, inverse: true },
    xAxis: { type: 'value', scale: true, name: unit, nameLocation: 'middle', nameGap: 28 },
    dataZoom: [{ type: 'inside', xAxisIndex: 0 }],
    series: [
      {
        name: '95 % interval', type: 'custom', silent: true, data: variants.map((v, k) => [lo[k], hi[k], k]), encode: { x: [0, 1], y: 2 },
        renderItem: (params, api) => {
          const a = api.coord([api.value(0), api.value(2)]), b = api.coord([api.value(1), api.value(2)]);
          const h = api.size([0, 1])[1] * 0.25;
          const style = { stroke: '#0072B2', lineWidth: 2 };
          return { type: 'group', children: [
            { type: 'line', shape: { x1: a[0], y1: a[1], x2: b[0], y2: b[1] }, style },
            { type: 'line', shape: { x1: a[0], y1: a[1] - h, x2: a[0], y2: a[1] + h }, style },
            { type: 'line', shape: { x1: b[0], y1: b[1] - h, x2: b[0], y2: b[1] + h }, style },
          ] };
        },
      },
      { name: 'effect', type: 'scatter', symbolSize: 12, color: '#D55E00', data: variants.map((v, k) => [d[k], k]),
        markLine: { silent: true, symbol: 'none', lineStyle: { color: '#777', type: 'dashed' }, data: [{ xAxis: 0 }], label: { formatter: 'no effect', position: 'start' } } },
    ],
  });
  const by = $('cost-figure').value;
  const ranked = costs.rows.map(row => ({ variant: row[costs.col('variant')], cost: costs.num(row, by), spent: costs.num(row, 'extra_spent') }));
  const clear = ranked.filter(c => Number.isFinite(c.cost)).sort((a, b) => a.cost - b.cost);
  const unclear = ranked.filter(c => !Number.isFinite(c.cost));
  $('cost-chart').hidden = clear.length === 0;
  if (clear.length) chart($('cost-chart'), {
    title: { text: `Yuan per ${$('cost-figure').selectedOptions[0].text}, cheapest first`, left: 'center', textStyle: { fontSize: 13 } },
    tooltip: { trigger: 'item', formatter: (p) => `${p.name}: ${fmt(p.value)} yuan (extra spent ${fmt(clear[p.dataIndex].spent)} yuan)` },
    grid: { left: 160, right: 40, top: 40, bottom: 30 },
    yAxis: { type: 'category', data: clear.map(c => c.variant), inverse: true },
    xAxis: { type: 'value', name: 'yuan' },
    series: [{ type: 'bar', data: clear.map(c => c.cost), color: '#009E73' }],
  });
  $('cost-note').textContent = unclear.length ? `No cost per outcome for ${unclear.map(c => c.variant).join(', ')}: the gain's 95 % interval does not lie above zero.` : '';
  $('effects').tBodies[0].replaceChildren(...t.rows.map(row => el('tr', {},
    el('td', {}, row[t.col('variant')]), el('td', {}, row[t.col('figure')]), el('td', { class: 'number' }, fmt(t.num(row, 'baseline'), 4)),
    el('td', { class: 'number' }, fmt(t.num(row, 'variant_mean'), 4)),
    el('td', { class: 'number' }, `${fmt(t.num(row, 'difference'), 4)} [${fmt(t.num(row, 'ci_low'), 4)}, ${fmt(t.num(row, 'ci_high'), 4)}]`), el('td', {}, row[t.col('unit')]))));
}

function chart(box, option) {
  const c = echarts.getInstanceByDom(box) || echarts.init(box);
  c.setOption({ animation: false, ...option }, true);
  c.resize(); // the box may have been hidden (sized 0) when the chart was made
  return c;
}

// ---- start ----------------------------------------------------------------------------------------------------------------
let info = { templates: ['community'] };
window.addEventListener('DOMContentLoaded', async () => {
  info = await api('GET', '/api/info');
  $('info').textContent = `version ${info.version.split('+')[0]} · workspace ${info.workspace}` + (info.plugins.length ? ` · plugins: ${info.plugins.join(', ')}` : '');
  $('new-form').addEventListener('submit', createScenario);
  $('upload').addEventListener('change', uploadScenario);
  $('table-form').addEventListener('submit', createFromTable);
  $('table-type').replaceChildren(...compoundTypes.map(t => el('option', { value: t }, t)));
  $('save').addEventListener('click', saveScenario);
  $('structure-apply').addEventListener('click', applyStructure);
  $('package-base').addEventListener('change', loadLevers);
  $('add-lever').addEventListener('click', addLever);
  $('package-write').addEventListener('click', writePackage);
  $('job-form').addEventListener('submit', queueJob);
  $('job-kind-run').addEventListener('change', kindChanged);
  $('job-kind-compare').addEventListener('change', kindChanged);
  $('series-group').addEventListener('change', () => drawRun(state.result));
  $('forest-figure').addEventListener('change', () => drawComparison(state.result));
  $('cost-figure').addEventListener('change', () => drawComparison(state.result));
  window.addEventListener('hashchange', show);
  window.addEventListener('resize', () => { for (const c of document.querySelectorAll('.chart')) echarts.getInstanceByDom(c)?.resize(); });
  show();
  document.body.dataset.ready = 'true';
});
