// The Cambium training dashboard: state from /api/events (server-sent events), charts by uPlot.
(function () {
  'use strict';

  const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2',
    '#7f7f7f', '#bcbd22'];
  const MAX_STEPS = 20000;
  const runs = new Map();       // id -> run
  const charts = new Map();     // element id -> { plot, signature }
  let renderPending = false;

  function num(v) {
    if (v === null || v === undefined) return null;
    const n = typeof v === 'number' ? v : Number(v);
    return Number.isFinite(n) ? n : null;
  }

  function fmt(v) {
    if (v === null || v === undefined) return '–';
    const n = typeof v === 'number' ? v : Number(v);
    if (Number.isNaN(n)) return 'NaN';
    if (!Number.isFinite(n)) return n > 0 ? 'Inf' : '-Inf';
    const a = Math.abs(n);
    if (a !== 0 && (a < 1e-3 || a >= 1e5)) return n.toExponential(4);
    return n.toPrecision(6);
  }

  function newRun(id, name) {
    return { id, name, status: 'running', message: '', summary: '', hparams: {}, epochs: [], steps: [],
      gradients: [], confusion: null, visible: true, color: PALETTE[runs.size % PALETTE.length] };
  }

  function run(id, name) {
    if (!runs.has(id)) runs.set(id, newRun(id, name || id));
    return runs.get(id);
  }

  function addStep(r, s) {
    r.steps.push(s);
    if (r.steps.length > MAX_STEPS) r.steps = r.steps.filter((_, i) => i % 2 === 0);
  }

  function apply(type, ev) {
    const r = run(ev.run, ev.data && ev.data.name);
    const d = ev.data || {};
    switch (type) {
      case 'run': break;
      case 'meta': r.summary = d.summary || ''; r.hparams = d.hparams || {}; break;
      case 'step': addStep(r, d); break;
      case 'epoch': r.epochs.push(d); break;
      case 'gradients': r.gradients.push(d); break;
      case 'confusion': r.confusion = d; break;
      case 'status': r.status = d.status; r.message = d.message || ''; break;
      case 'load':
        r.status = d.status; r.summary = d.summary || ''; r.hparams = d.hparams || {};
        r.epochs = d.epochs || []; r.steps = d.steps || []; r.gradients = d.gradients || [];
        r.message = 'from ' + (d.source || 'logs');
        break;
      default: break;
    }
  }

  function snapshot(state) {
    const visible = new Map();
    runs.forEach((r, id) => visible.set(id, r.visible));
    runs.clear();
    for (const s of state.runs) {
      const r = run(s.id, s.name);
      Object.assign(r, { status: s.status, message: s.message, summary: s.summary, hparams: s.hparams || {},
        epochs: s.epochs || [], steps: s.steps || [], gradients: s.gradients || [], confusion: s.confusion });
      if (visible.has(s.id)) r.visible = visible.get(s.id);
    }
  }

  // ------------------------------------------------------------------ charts

  function chart(elId, title, series, xs, ys, opts) {
    const el = document.getElementById(elId);
    if (!el) return;
    const signature = JSON.stringify(series.map(s => [s.label, s.stroke, !!s.dash])) + (opts.log ? 'log' : '');
    const width = Math.max(320, el.clientWidth || 520);
    const data = [xs].concat(ys);
    const old = charts.get(elId);
    if (old && old.signature === signature && old.width === width) {
      old.plot.setData(data);
      return;
    }
    if (old) old.plot.destroy();
    el.textContent = '';
    if (series.length === 0) {
      el.innerHTML = '<p class="note">No data yet.</p>';
      charts.delete(elId);
      return;
    }
    const plot = new uPlot({
      width, height: 280,
      scales: { x: { time: false }, y: opts.log ? { distr: 3 } : {} },
      axes: [opts.xLabel === 'epoch' ? { label: opts.xLabel, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] }
        : { label: opts.xLabel }, { label: opts.yLabel, size: 70 }],
      series: [{ label: opts.xLabel }].concat(series.map(s => ({
        label: s.label, stroke: s.stroke, width: 2, dash: s.dash ? [6, 4] : undefined, spanGaps: true,
        points: { show: xs.length < 60 }
      })))
    }, data, el);
    charts.set(elId, { plot, signature, width });
  }

  // Rows of several runs on one shared x axis (the union of their x values), null where a run has none.
  function align(rowsList, xKey, valueOf) {
    const xset = new Set();
    rowsList.forEach(rows => rows.forEach(row => xset.add(row[xKey])));
    const xs = Array.from(xset).sort((a, b) => a - b);
    if (!valueOf) return { xs, ys: [] };
    const index = new Map(xs.map((x, i) => [x, i]));
    const ys = rowsList.map(rows => {
      const y = new Array(xs.length).fill(null);
      rows.forEach(row => { y[index.get(row[xKey])] = valueOf(row); });
      return y;
    });
    return { xs, ys };
  }

  function visibleRuns() {
    return Array.from(runs.values()).filter(r => r.visible);
  }

  function epochKeys() {
    const keys = new Set();
    visibleRuns().forEach(r => r.epochs.forEach(e => Object.keys(e).forEach(k => keys.add(k))));
    return Array.from(keys).filter(k => k !== 'epoch' && k !== 'learning_rate' && k !== 'lr' && !k.startsWith('val_'));
  }

  function metricChart(elId, key, source, xKey, xLabel) {
    const series = [];
    const rowsList = [];
    const keys = [];
    visibleRuns().forEach(r => {
      [key, 'val_' + key].forEach(k => {
        const rows = r[source].filter(row => row[k] !== undefined);
        if (rows.length === 0) return;
        series.push({ label: r.name + (k.startsWith('val_') ? ' validation' : ' training'), stroke: r.color,
          dash: k.startsWith('val_') });
        rowsList.push(rows);
        keys.push(k);
      });
    });
    const a = align(rowsList, xKey, null);
    const ys = rowsList.map((rows, i) => {
      const y = new Array(a.xs.length).fill(null);
      const index = new Map(a.xs.map((x, j) => [x, j]));
      rows.forEach(row => { y[index.get(row[xKey])] = num(row[keys[i]]); });
      return y;
    });
    chart(elId, key, series, a.xs.map(x => xKey === 'epoch' ? x + 1 : x), ys, { xLabel, yLabel: key });
  }

  function renderMetricCards() {
    const holder = document.getElementById('metric-cards');
    const keys = epochKeys().filter(k => k !== 'loss');
    keys.forEach(k => {
      const id = 'chart-epoch-' + k.replace(/[^A-Za-z0-9_-]/g, '_');
      if (!document.getElementById(id)) {
        const card = document.createElement('section');
        card.className = 'card';
        const h = document.createElement('h2');
        h.textContent = k + ' per epoch';
        const div = document.createElement('div');
        div.className = 'chart';
        div.id = id;
        card.appendChild(h);
        card.appendChild(div);
        holder.appendChild(card);
      }
      metricChart(id, k, 'epochs', 'epoch', 'epoch');
    });
  }

  function lrChart() {
    const series = [];
    const rowsList = [];
    visibleRuns().forEach(r => {
      const rows = r.steps.filter(s => s.learning_rate !== undefined);
      if (rows.length) {
        series.push({ label: r.name, stroke: r.color });
        rowsList.push(rows);
      }
    });
    const a = align(rowsList, 'step', row => num(row.learning_rate));
    chart('chart-lr', 'learning rate', series, a.xs, a.ys, { xLabel: 'step', yLabel: 'learning rate' });
  }

  function focusRun(selectId, has) {
    const sel = document.getElementById(selectId);
    const candidates = Array.from(runs.values()).filter(has);
    const current = sel.value;
    const options = candidates.map(r => r.id).join(',');
    if (sel.dataset.options !== options) {
      sel.textContent = '';
      candidates.forEach(r => {
        const o = document.createElement('option');
        o.value = r.id;
        o.textContent = r.name;
        sel.appendChild(o);
      });
      sel.dataset.options = options;
      const running = candidates.filter(r => r.status === 'running');
      sel.value = candidates.some(r => r.id === current) ? current
        : (running.length ? running[running.length - 1].id : (candidates.length ? candidates[candidates.length - 1].id : ''));
    }
    return runs.get(sel.value);
  }

  function gradChart() {
    const r = focusRun('focus-grads', x => x.gradients.length > 0);
    if (!r) {
      chart('chart-grads', '', [], [], [], { xLabel: 'step', yLabel: 'gradient norm', log: true });
      return;
    }
    const layers = [];
    r.gradients.forEach(g => Object.keys(g.layers || {}).forEach(l => { if (!layers.includes(l)) layers.push(l); }));
    const series = layers.map((l, i) => ({ label: l, stroke: PALETTE[i % PALETTE.length], dash: i >= PALETTE.length }));
    const xs = r.gradients.map(g => g.step);
    const ys = layers.map(l => r.gradients.map(g => {
      const v = num((g.layers || {})[l]);
      return v !== null && v > 0 ? v : null;
    }));
    chart('chart-grads', '', series, xs, ys, { xLabel: 'step', yLabel: 'gradient norm', log: true });
  }

  function confusion() {
    const r = focusRun('focus-confusion', x => !!x.confusion);
    const el = document.getElementById('confusion');
    if (!r) return;
    const c = r.confusion;
    const t = document.createElement('table');
    const head = document.createElement('tr');
    head.appendChild(document.createElement('th'));
    c.names.forEach(n => { const th = document.createElement('th'); th.textContent = n; head.appendChild(th); });
    t.appendChild(head);
    c.counts.forEach((row, i) => {
      const tr = document.createElement('tr');
      const th = document.createElement('th');
      th.textContent = c.names[i];
      tr.appendChild(th);
      const total = row.reduce((a, b) => a + b, 0) || 1;
      row.forEach(v => {
        const td = document.createElement('td');
        td.textContent = v;
        const f = v / total;
        td.style.backgroundColor = 'rgba(33, 113, 181, ' + (0.08 + 0.92 * f).toFixed(3) + ')';
        td.style.color = f > 0.5 ? '#fff' : '#1f2328';
        tr.appendChild(td);
      });
      t.appendChild(tr);
    });
    const note = document.createElement('p');
    note.className = 'note';
    note.textContent = 'Rows: true class; columns: predicted. After epoch ' + (c.epoch + 1) + '.';
    el.textContent = '';
    el.appendChild(t);
    el.appendChild(note);
  }

  function summary() {
    const r = focusRun('focus-summary', x => !!x.summary);
    document.getElementById('summary').textContent = r ? r.summary : '';
    const t = document.getElementById('hparams');
    t.textContent = '';
    if (r) {
      Object.entries(r.hparams || {}).forEach(([k, v]) => {
        const tr = document.createElement('tr');
        const a = document.createElement('td');
        a.textContent = k;
        const b = document.createElement('td');
        b.textContent = String(v);
        tr.appendChild(a);
        tr.appendChild(b);
        t.appendChild(tr);
      });
    }
  }

  function last(rows, key) {
    for (let i = rows.length - 1; i >= 0; i--) {
      if (rows[i][key] !== undefined) return rows[i][key];
    }
    return null;
  }

  function runTable() {
    const metrics = epochKeys().filter(k => k !== 'loss');
    const head = document.querySelector('#runs thead');
    const cols = ['show', 'run', 'status', 'epochs', 'steps', 'loss', 'val_loss'].concat(metrics).concat(metrics.map(m => 'val_' + m));
    const headSig = cols.join(',');
    if (head.dataset.sig !== headSig) {
      head.textContent = '';
      const tr = document.createElement('tr');
      cols.forEach(c => { const th = document.createElement('th'); th.textContent = c; tr.appendChild(th); });
      head.appendChild(tr);
      head.dataset.sig = headSig;
    }
    const body = document.querySelector('#runs tbody');
    body.textContent = '';
    runs.forEach(r => {
      const tr = document.createElement('tr');
      tr.id = 'row-' + r.id;
      const show = document.createElement('td');
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.checked = r.visible;
      box.addEventListener('change', () => { r.visible = box.checked; scheduleRender(); });
      show.appendChild(box);
      tr.appendChild(show);
      const name = document.createElement('td');
      const sw = document.createElement('span');
      sw.className = 'swatch';
      sw.style.backgroundColor = r.color;
      name.appendChild(sw);
      name.appendChild(document.createTextNode(r.name));
      tr.appendChild(name);
      const st = document.createElement('td');
      st.className = 'status-' + r.status;
      st.textContent = r.status;
      st.id = 'status-' + r.id;
      tr.appendChild(st);
      const cells = [r.epochs.length, r.steps.length ? r.steps[r.steps.length - 1].step : 0];
      cells.forEach(v => { const td = document.createElement('td'); td.className = 'num'; td.textContent = v; tr.appendChild(td); });
      ['loss', 'val_loss'].concat(metrics).concat(metrics.map(m => 'val_' + m)).forEach(k => {
        const td = document.createElement('td');
        td.className = 'num';
        td.dataset.key = k;
        // The epoch value once an epoch ended, the running value of the epoch before that.
        const v = r.epochs.length ? last(r.epochs, k) : (k.startsWith('val_') ? null : last(r.steps, k));
        td.textContent = fmt(v);
        if (k === 'loss') td.id = 'loss-' + r.id;
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    const failed = Array.from(runs.values()).filter(r => r.status === 'failed');
    document.getElementById('run-message').textContent = failed.map(r => r.name + ': ' + r.message).join(' · ');
  }

  function render() {
    renderPending = false;
    runTable();
    metricChart('chart-epoch-loss', 'loss', 'epochs', 'epoch', 'epoch');
    metricChart('chart-step-loss', 'loss', 'steps', 'step', 'step');
    renderMetricCards();
    lrChart();
    gradChart();
    confusion();
    summary();
    let steps = 0;
    let epochs = 0;
    runs.forEach(r => { steps += r.steps.length; epochs += r.epochs.length; });
    document.body.dataset.steps = String(steps);
    document.body.dataset.epochs = String(epochs);
    document.body.dataset.renders = String(Number(document.body.dataset.renders || 0) + 1);
  }

  function scheduleRender() {
    if (!renderPending) {
      renderPending = true;
      setTimeout(render, 150);
    }
  }

  function connect() {
    const status = document.getElementById('connection');
    const es = new EventSource('/api/events');
    es.addEventListener('open', () => { status.textContent = 'live'; status.className = 'pill live'; });
    es.addEventListener('error', () => {
      status.textContent = 'disconnected (training over?)';
      status.className = 'pill lost';
    });
    es.addEventListener('snapshot', e => { snapshot(JSON.parse(e.data)); scheduleRender(); });
    ['run', 'meta', 'step', 'epoch', 'gradients', 'confusion', 'status', 'load'].forEach(type => {
      es.addEventListener(type, e => { apply(type, JSON.parse(e.data)); scheduleRender(); });
    });
    ['focus-grads', 'focus-confusion', 'focus-summary'].forEach(id =>
      document.getElementById(id).addEventListener('change', scheduleRender));
    window.addEventListener('resize', () => { charts.forEach(c => c.plot.destroy()); charts.clear(); scheduleRender(); });
  }

  connect();
})();
