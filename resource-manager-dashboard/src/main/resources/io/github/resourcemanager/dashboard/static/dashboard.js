/*
 * resource-manager dashboard. Plain JavaScript, no build step.
 *
 * Safety rule of this file: text that comes from the server (labels, annotations, agent ids, reasons, messages)
 * is only ever put into the page with textContent or as an attribute value through dataset, never as HTML.
 */
(function () {
  'use strict';

  let cspViolations = 0;
  document.addEventListener('securitypolicyviolation', function () {
    cspViolations++;
    document.body.dataset.cspViolations = String(cspViolations);
  });

  const token = document.querySelector('meta[name="dashboard-token"]').getAttribute('content');
  const MAX_POINTS = 3600;
  const SYSTEM = ['system.cpu.usage', 'process.cpu.usage', 'system.memory.used', 'system.memory.total',
    'system.memory.usage', 'process.memory.resident', 'jvm.heap.used', 'system.disk.read', 'system.disk.write',
    'system.network.receive', 'system.network.transmit', 'system.load.1m'];
  const AGENT_CPU = 'agent.cpu.usage';
  const AGENT_ALLOCATION = 'agent.memory.allocation';
  const PALETTE = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#4d7c0f',
    '#9333ea', '#ea580c'];
  const SEVERITIES = ['INFO', 'WARNING', 'CRITICAL', 'EMERGENCY'];
  const OUTCOMES = ['UNCHANGED', 'SCALED', 'FAILED'];

  // ------------------------------------------------------------------ formatting

  function isNum(v) { return typeof v === 'number' && isFinite(v); }

  function pct(v) { return isNum(v) ? v.toFixed(1) + ' %' : '–'; }

  function bytes(v) {
    if (!isNum(v)) { return '–'; }
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
    let u = 0;
    let x = Math.abs(v);
    while (x >= 1024 && u < units.length - 1) { x /= 1024; u++; }
    const sign = v < 0 ? '-' : '';
    return sign + (u === 0 ? x.toFixed(0) : x.toFixed(x >= 100 ? 0 : 1)) + ' ' + units[u];
  }

  function rate(v) { return isNum(v) ? bytes(v) + '/s' : '–'; }

  function number(v) {
    return isNum(v) ? String(Math.round(v * 100) / 100) : '–';
  }

  function two(n) { return n < 10 ? '0' + n : String(n); }

  function clock(ms) {
    const d = new Date(ms);
    return two(d.getUTCHours()) + ':' + two(d.getUTCMinutes()) + ':' + two(d.getUTCSeconds());
  }

  function isoClock(iso) { return iso ? clock(Date.parse(iso)) : ''; }

  // ------------------------------------------------------------------ DOM helpers (text only)

  function el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) { e.className = className; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  function setText(id, text) {
    document.getElementById(id).textContent = text;
  }

  function clear(node) {
    while (node.firstChild) { node.removeChild(node.firstChild); }
  }

  // ------------------------------------------------------------------ data kept for the charts

  const data = {
    windowMillis: 600000,
    t: [],              // sample times, epoch ms, ascending
    system: {},         // metric -> values aligned with t (null: not measured)
    agents: new Map()   // agent id -> {metric -> values aligned with t}
  };

  function resetData(history) {
    data.windowMillis = history.windowMillis;
    data.t = history.t.slice();
    data.system = {};
    SYSTEM.forEach(function (m) {
      data.system[m] = (history.system[m] || []).slice();
      while (data.system[m].length < data.t.length) { data.system[m].push(null); }
    });
    data.agents = new Map();
    history.agents.forEach(function (a) {
      const values = {};
      [AGENT_CPU, AGENT_ALLOCATION].forEach(function (m) {
        values[m] = (a.values[m] || []).slice();
        while (values[m].length < data.t.length) { values[m].push(null); }
      });
      data.agents.set(a.id, values);
    });
    trim();
  }

  function appendTick(tick) {
    let t = tick.t;
    const last = data.t.length ? data.t[data.t.length - 1] : -Infinity;
    if (t <= last) { t = last + 1; } // the time axis must ascend even if the wall clock stepped back
    data.t.push(t);
    SYSTEM.forEach(function (m) {
      const v = tick.system[m];
      data.system[m].push(isNum(v) ? v : null);
    });
    const seen = new Set();
    tick.agents.forEach(function (a) {
      seen.add(a.id);
      let values = data.agents.get(a.id);
      if (!values) {
        values = {};
        [AGENT_CPU, AGENT_ALLOCATION].forEach(function (m) {
          values[m] = new Array(data.t.length - 1).fill(null);
        });
        data.agents.set(a.id, values);
      }
      [AGENT_CPU, AGENT_ALLOCATION].forEach(function (m) {
        const v = a.values[m];
        values[m].push(isNum(v) ? v : null);
      });
    });
    data.agents.forEach(function (values, id) {
      if (!seen.has(id)) {
        [AGENT_CPU, AGENT_ALLOCATION].forEach(function (m) { values[m].push(null); });
      }
    });
    trim();
  }

  function trim() {
    if (!data.t.length) { return; }
    const cutoff = data.t[data.t.length - 1] - data.windowMillis;
    let drop = 0;
    while (drop < data.t.length && data.t[drop] < cutoff) { drop++; }
    drop = Math.max(drop, data.t.length - MAX_POINTS);
    if (drop <= 0) { return; }
    data.t.splice(0, drop);
    SYSTEM.forEach(function (m) { data.system[m].splice(0, drop); });
    data.agents.forEach(function (values, id) {
      let any = false;
      [AGENT_CPU, AGENT_ALLOCATION].forEach(function (m) {
        values[m].splice(0, drop);
        any = any || values[m].some(function (v) { return v !== null; });
      });
      if (!any) { data.agents.delete(id); }
    });
  }

  // ------------------------------------------------------------------ charts (uPlot)

  const charts = {};

  function seconds() {
    return data.t.map(function (ms) { return ms / 1000; });
  }

  function axisValues(format) {
    return function (u, splits) { return splits.map(format); };
  }

  function pctAxis(v) { return isNum(v) ? v.toFixed(0) + ' %' : ''; }

  // Byte axes tick at round values in the unit shown: 0, 256 MiB, 512 MiB ... for amounts (steps that are powers of
  // two), 0, 10 MiB/s, 20 MiB/s ... for rates (1, 2, 5 times a power of ten). The unit is the largest one in which
  // the axis' top is at least 1, and the top is the first tick at or above the largest value.
  const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  const BINARY_STEPS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512];
  const DECIMAL_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500];
  const MAX_TICKS = 5;

  function byteScale(max, steps) {
    let unit = 0;
    let top = isNum(max) && max > 0 ? max : 1;
    while (top >= 1024 && unit < BYTE_UNITS.length - 1) { top /= 1024; unit++; }
    let step = steps[steps.length - 1];
    for (let i = 0; i < steps.length; i++) {
      if (top / steps[i] <= MAX_TICKS) { step = steps[i]; break; }
    }
    const size = Math.pow(1024, unit);
    return { unit: unit, size: size, step: step * size, top: Math.ceil(top / step) * step * size };
  }

  function byteAxis(suffix, steps) {
    return {
      range: function (u, min, max) { return [0, byteScale(max, steps).top]; },
      splits: function (u) {
        const s = byteScale(u.scales.y.max, steps);
        const ticks = [];
        for (let v = 0; v <= s.top + s.step / 2; v += s.step) { ticks.push(v); }
        return ticks;
      },
      values: function (u, splits) {
        const s = byteScale(u.scales.y.max, steps);
        const labels = splits.map(function (v) {
          return v === 0 ? '0' : String(Math.round(v / s.size * 100) / 100) + ' ' + BYTE_UNITS[s.unit] + suffix;
        });
        u.root.dataset.yTicks = labels.join('|'); // the axis is drawn on a canvas; this tells scripts what it says
        return labels;
      }
    };
  }

  const AMOUNT_AXIS = byteAxis('', BINARY_STEPS);
  const RATE_AXIS = byteAxis('/s', DECIMAL_STEPS);

  function chartOptions(node, series, format, fixedRange, bytesAxis) {
    return {
      width: Math.max(300, node.clientWidth),
      height: 200,
      padding: [8, 28, 0, 0], // room for the last time label
      tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'); },
      scales: {
        x: { time: true },
        y: fixedRange ? { range: fixedRange } : bytesAxis ? { range: bytesAxis.range } : {
          range: function (u, min, max) { return [0, isNum(max) && max > 0 ? max * 1.1 : 1]; }
        }
      },
      series: [{ label: 'time', value: function (u, v) { return v === null ? '' : clock(v * 1000); } }].concat(
        series.map(function (s) {
          return {
            label: s.label,
            stroke: s.color,
            width: s.dash ? 1 : 1.5,
            dash: s.dash,
            spanGaps: false,
            value: function (u, v) { return format(v); }
          };
        })),
      axes: [
        { space: 70, values: function (u, splits) { return splits.map(function (s) { return clock(s * 1000); }); } },
        bytesAxis ? { size: 88, splits: bytesAxis.splits, values: bytesAxis.values }
          : { size: 88, values: axisValues(fixedRange ? pctAxis : format) }
      ],
      legend: { live: true },
      hooks: {
        // A new chart shows the latest values in its legend at once, not only from the next sample on.
        ready: [function (u) { showLatest(u); }]
      }
    };
  }

  function showLatest(u) {
    const n = u.data[0].length;
    if (n && !(u.cursor.left >= 0)) { u.setLegend({ idx: n - 1 }); }
  }

  function systemChart(id, metrics, labels, format, range, bytesAxis, dashed) {
    const node = document.getElementById(id);
    const series = metrics.map(function (m, i) {
      return { label: labels[i], color: PALETTE[i % PALETTE.length], dash: dashed && dashed[i] ? [6, 4] : undefined };
    });
    charts[id] = {
      plot: new uPlot(chartOptions(node, series, format, range, bytesAxis),
        [seconds()].concat(metrics.map(function () { return []; })), node),
      data: function () { return [seconds()].concat(metrics.map(function (m) { return data.system[m]; })); }
    };
  }

  function agentChart(id, metric, format, range, bytesAxis) {
    const node = document.getElementById(id);
    charts[id] = { node: node, metric: metric, format: format, range: range, bytesAxis: bytesAxis, key: null, plot: null };
  }

  function refreshAgentChart(id) {
    const c = charts[id];
    const ids = Array.from(data.agents.keys());
    const key = ids.join('\u0000');
    if (c.key !== key) { // the set of agents changed: the series change, so the chart is made anew
      if (c.plot) { c.plot.destroy(); }
      const series = ids.map(function (agentId, i) { return { label: agentId, color: PALETTE[i % PALETTE.length] }; });
      c.plot = new uPlot(chartOptions(c.node, series, c.format, c.range, c.bytesAxis), agentData(ids, c.metric), c.node);
      c.key = key;
    } else {
      c.plot.setData(agentData(ids, c.metric));
    }
  }

  function agentData(ids, metric) {
    return [seconds()].concat(ids.map(function (agentId) { return data.agents.get(agentId)[metric]; }));
  }

  function setupCharts() {
    systemChart('chart-cpu', ['system.cpu.usage', 'process.cpu.usage'], ['machine', 'this process'], pct, [0, 100]);
    systemChart('chart-memory', ['system.memory.total', 'system.memory.used', 'process.memory.resident', 'jvm.heap.used'],
      ['machine total', 'machine used', 'process resident', 'JVM heap used'], bytes, null, AMOUNT_AXIS,
      [true, false, false, false]);
    systemChart('chart-disk', ['system.disk.read', 'system.disk.write'], ['read', 'write'], rate, null, RATE_AXIS);
    systemChart('chart-network', ['system.network.receive', 'system.network.transmit'], ['received', 'sent'], rate,
      null, RATE_AXIS);
    agentChart('chart-agent-cpu', AGENT_CPU, pct, [0, 100]);
    agentChart('chart-agent-allocation', AGENT_ALLOCATION, rate, null, RATE_AXIS);
  }

  function refreshCharts() {
    Object.keys(charts).forEach(function (id) {
      const c = charts[id];
      if (c.metric) {
        refreshAgentChart(id);
      } else {
        c.plot.setData(c.data());
      }
      // Without the pointer over the chart, the legend shows the latest values.
      showLatest(c.plot);
    });
  }

  window.addEventListener('resize', function () {
    Object.keys(charts).forEach(function (id) {
      const c = charts[id];
      if (c.plot) {
        const node = document.getElementById(id);
        c.plot.setSize({ width: Math.max(300, node.clientWidth), height: 200 });
      }
    });
  });

  // ------------------------------------------------------------------ tiles

  function latest(metric) {
    const values = data.system[metric];
    return values && values.length ? values[values.length - 1] : null;
  }

  function renderTiles(agentCount) {
    setText('tile-cpu', pct(latest('system.cpu.usage')));
    setText('tile-cpu-sub', 'this process ' + pct(latest('process.cpu.usage')) + ' · load ' + number(latest('system.load.1m')));
    setText('tile-memory', bytes(latest('system.memory.used')));
    setText('tile-memory-sub', pct(latest('system.memory.usage')) + ' of ' + bytes(latest('system.memory.total')));
    setText('tile-disk', rate(latest('system.disk.read')));
    setText('tile-disk-sub', 'written ' + rate(latest('system.disk.write')));
    setText('tile-network', rate(latest('system.network.receive')));
    setText('tile-network-sub', 'sent ' + rate(latest('system.network.transmit')));
    setText('tile-heap', bytes(latest('jvm.heap.used')));
    setText('tile-heap-sub', 'process resident ' + bytes(latest('process.memory.resident')));
    setText('tile-agents', String(agentCount));
    setText('tile-agents-sub', agentCount === 1 ? 'agent in the latest sample' : 'agents in the latest sample');
  }

  // ------------------------------------------------------------------ alerts

  function renderAlerts(alerts) {
    const body = document.querySelector('#alerts tbody');
    clear(body);
    alerts.forEach(function (a) {
      const row = el('tr');
      row.dataset.alertId = a.id;
      row.dataset.acknowledged = String(a.acknowledged);

      const sevCell = el('td');
      const sev = SEVERITIES.indexOf(a.severity) >= 0 ? a.severity : 'INFO';
      sevCell.appendChild(el('span', 'severity severity-' + sev, a.severity));
      row.appendChild(sevCell);

      const stateCell = el('td', 'alert-state', a.state);
      if (a.acknowledged && a.acknowledgement) {
        stateCell.appendChild(el('span', 'state-acknowledged',
          'acknowledged by ' + a.acknowledgement.by + ' at ' + isoClock(a.acknowledgement.at)));
      }
      row.appendChild(stateCell);

      const nameCell = el('td', 'alert-name', a.name);
      row.appendChild(nameCell);
      row.appendChild(el('td', 'num', number(a.value)));
      row.appendChild(el('td', 'num', isoClock(a.activeAt)));

      const labelCell = el('td', 'alert-labels');
      Object.keys(a.labels).forEach(function (k) {
        if (k !== 'alertname') {
          labelCell.appendChild(el('span', 'label-pair', k + '=' + a.labels[k]));
        }
      });
      row.appendChild(labelCell);

      const annotationCell = el('td', 'alert-annotations');
      Object.keys(a.annotations).forEach(function (k) {
        const line = el('div', 'annotation');
        line.appendChild(el('span', 'annotation-key', k + ': '));
        line.appendChild(el('span', 'annotation-text', a.annotations[k]));
        annotationCell.appendChild(line);
      });
      row.appendChild(annotationCell);

      const actionCell = el('td');
      const button = el('button', 'ack', a.acknowledged ? 'Acknowledged' : 'Acknowledge');
      button.type = 'button';
      button.disabled = a.acknowledged;
      button.dataset.alertId = a.id;
      button.addEventListener('click', function () { acknowledge(a.id, button); });
      actionCell.appendChild(button);
      row.appendChild(actionCell);
      body.appendChild(row);
    });
    setText('alert-count', alerts.length ? '(' + alerts.length + ')' : '');
    document.getElementById('alerts-empty').hidden = alerts.length > 0;
    document.getElementById('alerts').hidden = alerts.length === 0;
  }

  function actionStatus(text, isError) {
    const p = document.getElementById('action-status');
    p.textContent = text;
    p.classList.toggle('error', !!isError);
  }

  function acknowledge(id, button) {
    button.disabled = true;
    fetch('/api/alerts/acknowledge', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-Dashboard-Token': token },
      body: JSON.stringify({ id: id, comment: 'acknowledged on the dashboard' })
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, status: response.status, body: body }; });
    }).then(function (result) {
      if (!result.ok) {
        button.disabled = false;
        actionStatus('Could not acknowledge ' + id + ': ' + (result.body.error || ('HTTP ' + result.status)), true);
        return null;
      }
      actionStatus('Acknowledged ' + id + '.', false);
      return fetch('/api/alerts', { credentials: 'same-origin' })
        .then(function (r) { return r.json(); })
        .then(function (alerts) { renderAlerts(alerts.active); });
    }).catch(function (e) {
      button.disabled = false;
      actionStatus('Could not acknowledge ' + id + ': ' + e, true);
    });
  }

  // ------------------------------------------------------------------ decisions

  function renderDecisions(decisions) {
    const body = document.querySelector('#decisions tbody');
    clear(body);
    decisions.forEach(function (d) {
      const row = el('tr');
      row.dataset.latest = String(!!d.latest);
      row.appendChild(el('td', 'num', isoClock(d.time)));
      const scalerCell = el('td', 'decision-scaler', d.scaler);
      if (d.latest) {
        scalerCell.appendChild(el('span', 'decision-latest', d.unchangedRun > 1
          ? 'latest · unchanged ' + d.unchangedRun + ' times in a row' : 'latest'));
      }
      row.appendChild(scalerCell);
      let size = d.current + ' → ' + d.applied;
      if (d.desired !== d.applied) { size += ' (desired ' + d.desired + ')'; }
      row.appendChild(el('td', 'num decision-size', size));
      const outcome = OUTCOMES.indexOf(d.outcome) >= 0 ? d.outcome : 'UNCHANGED';
      row.appendChild(el('td', 'outcome-' + outcome, d.outcome + (d.direction !== 'NONE' ? ' ' + d.direction : '')));
      row.appendChild(el('td', 'decision-reason', d.reason + (d.error ? ' — ' + d.error : '')));
      body.appendChild(row);
    });
    document.getElementById('decisions-empty').hidden = decisions.length > 0;
    document.getElementById('decisions').hidden = decisions.length === 0;
  }

  // ------------------------------------------------------------------ allocation

  function renderAllocation(allocation) {
    const section = document.getElementById('allocation-section');
    if (!allocation || !allocation.configured) {
      section.hidden = true;
      return;
    }
    section.hidden = false;
    setText('allocation-strategy', 'Strategy ' + allocation.strategy
      + (allocation.profile ? ', profile ' + allocation.profile : ''));
    const headRow = document.querySelector('#allocation thead tr');
    clear(headRow);
    ['Level', 'Name', 'Project', 'State'].concat(allocation.resources).forEach(function (h) {
      headRow.appendChild(el('th', null, h));
    });
    const body = document.querySelector('#allocation tbody');
    clear(body);
    allocation.rows.forEach(function (r) {
      const row = el('tr');
      row.dataset.level = r.level;
      row.appendChild(el('td', null, r.level));
      row.appendChild(el('td', 'share-name', r.name));
      row.appendChild(el('td', null, r.project || ''));
      row.appendChild(el('td', null, r.state || ''));
      allocation.resources.forEach(function (res) {
        row.appendChild(el('td', 'num', Object.prototype.hasOwnProperty.call(r.share, res) ? r.share[res] : 'unlimited'));
      });
      body.appendChild(row);
    });
  }

  // ------------------------------------------------------------------ live updates

  function renderState(state) {
    renderAlerts(state.alerts);
    renderDecisions(state.decisions);
    renderAllocation(state.allocation);
  }

  function status(text, className) {
    const s = document.getElementById('status');
    s.textContent = text;
    s.className = 'status ' + className;
  }

  function connect() {
    const events = new EventSource('/api/events');
    events.addEventListener('open', function () { status('live', 'status-live'); });
    events.addEventListener('error', function () { status('reconnecting', 'status-lost'); });
    events.addEventListener('history', function (e) {
      const history = JSON.parse(e.data);
      resetData(history);
      refreshCharts();
      renderTiles(history.agents.length);
      renderState(history);
      if (data.t.length) {
        setText('last-sample', 'last sample ' + clock(data.t[data.t.length - 1]) + ' UTC');
      }
      document.body.dataset.ready = 'true';
    });
    events.addEventListener('tick', function (e) {
      const tick = JSON.parse(e.data);
      appendTick(tick);
      refreshCharts();
      renderTiles(tick.agents.length);
      renderState(tick);
      setText('last-sample', 'last sample ' + clock(tick.t) + ' UTC · #' + tick.sequence);
      document.body.dataset.sequence = String(tick.sequence);
    });
  }

  setupCharts();
  connect();
}());
