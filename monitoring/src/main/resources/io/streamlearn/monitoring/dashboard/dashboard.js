/*
 * streamlearn's dashboard: draws the recorded metrics (TimeSeriesSnapshot's JSON) with uPlot.
 * Used live by the dashboard page (streamlearnDashboard.live) and once by the run report
 * (streamlearnDashboard.render). Each chart element records what it drew in data-points (values
 * drawn) and data-series (lines), so tests can check the charts render with data.
 */
(function (global) {
  'use strict';

  var PALETTE = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed', '#db2777', '#0891b2',
    '#65a30d', '#9333ea', '#ea580c', '#0d9488', '#4b5563'];
  /* Line styles in turn, so that lines drawn on top of each other stay visible. */
  var DASHES = [null, [8, 5], [2, 4]];
  var plots = {};

  function matches(s, name, tags) {
    if (s.name !== name) { return false; }
    for (var k in tags) {
      if (Object.prototype.hasOwnProperty.call(tags, k) && s.tags[k] !== tags[k]) { return false; }
    }
    return true;
  }

  function select(data, name, tags) {
    return data.series.filter(function (s) { return matches(s, name, tags || {}); });
  }

  function distinct(values) {
    var seen = {};
    var out = [];
    values.forEach(function (v) {
      if (v !== undefined && v !== null && !seen[v]) { seen[v] = true; out.push(v); }
    });
    return out.sort();
  }

  /* The columns uPlot draws: the union of the series' times (seconds), one column per series. */
  function align(lines, scale) {
    var times = {};
    lines.forEach(function (l) { l.s.t.forEach(function (t) { times[t] = true; }); });
    var xs = Object.keys(times).map(Number).sort(function (a, b) { return a - b; });
    var index = {};
    xs.forEach(function (t, i) { index[t] = i; });
    var columns = [xs.map(function (t) { return t / 1000; })];
    lines.forEach(function (l) {
      var column = new Array(xs.length).fill(null);
      l.s.t.forEach(function (t, i) {
        var v = l.s.v[i];
        column[index[t]] = (v === null || v === undefined) ? null : v * (scale || 1);
      });
      columns.push(column);
    });
    return columns;
  }

  function countPoints(columns) {
    var n = 0;
    for (var c = 1; c < columns.length; c++) {
      columns[c].forEach(function (v) { if (v !== null && isFinite(v)) { n++; } });
    }
    return n;
  }

  /* Vertical markers at the times alerts were recorded, labelled with their subject. */
  function alertMarkers(alerts) {
    return {
      hooks: {
        draw: [function (u) {
          var ctx = u.ctx;
          ctx.save();
          ctx.strokeStyle = '#dc2626';
          ctx.fillStyle = '#dc2626';
          ctx.lineWidth = 1.5 * devicePixelRatio;
          ctx.setLineDash([5 * devicePixelRatio, 4 * devicePixelRatio]);
          ctx.font = (11 * devicePixelRatio) + 'px sans-serif';
          alerts.forEach(function (a) {
            var x = u.valToPos(a.t / 1000, 'x', true);
            if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) { return; }
            ctx.beginPath();
            ctx.moveTo(x, u.bbox.top);
            ctx.lineTo(x, u.bbox.top + u.bbox.height);
            ctx.stroke();
            ctx.fillText('\u26a0 ' + a.subject, x + 4 * devicePixelRatio, u.bbox.top + 12 * devicePixelRatio);
          });
          ctx.restore();
        }]
      }
    };
  }

  function panel(root, id, title, note, wide) {
    var section = document.getElementById('panel-' + id);
    if (!section) {
      section = document.createElement('section');
      section.id = 'panel-' + id;
      section.className = 'panel' + (wide ? ' wide' : '');
      var h = document.createElement('h2');
      h.textContent = title;
      section.appendChild(h);
      if (note) {
        var p = document.createElement('p');
        p.className = 'note';
        p.textContent = note;
        section.appendChild(p);
      }
      var chart = document.createElement('div');
      chart.className = 'chart';
      chart.id = 'chart-' + id;
      chart.setAttribute('data-chart', id);
      section.appendChild(chart);
      root.appendChild(section);
    }
    return document.getElementById('chart-' + id);
  }

  function draw(root, def, data) {
    var el = panel(root, def.id, def.title, def.note, def.wide);
    var lines = def.lines(data);
    var columns = align(lines, def.scale);
    var points = countPoints(columns);
    el.setAttribute('data-series', String(lines.length));
    el.setAttribute('data-points', String(points));
    var key = lines.map(function (l) { return l.label; }).join('|');
    var existing = plots[def.id];
    if (lines.length === 0 || columns[0].length === 0) {
      if (existing) { existing.plot.destroy(); delete plots[def.id]; }
      el.innerHTML = '<div class="empty">' + (def.empty || 'no data yet') + '</div>';
      return;
    }
    if (existing && existing.key === key) {
      existing.plot.setData(columns);
      return;
    }
    if (existing) { existing.plot.destroy(); }
    el.innerHTML = '';
    var series = [{}].concat(lines.map(function (l, i) {
      var line = {
        label: l.label,
        stroke: PALETTE[i % PALETTE.length],
        width: 2,
        spanGaps: true,
        points: { show: columns[0].length < 60 },
        value: function (u, v) { return v === null ? '-' : (+v).toPrecision(4); }
      };
      if (DASHES[i % DASHES.length]) { line.dash = DASHES[i % DASHES.length]; }
      return line;
    }));
    var scales = { x: { time: true } };
    if (def.range) { scales.y = { range: def.range }; }
    var opts = {
      width: Math.max(320, el.clientWidth || 560),
      height: 220,
      series: series,
      scales: scales,
      axes: [{}, { size: 60 }],
      legend: { live: false },
      plugins: def.alerts ? [alertMarkers(def.alerts(data))] : []
    };
    plots[def.id] = { key: key, plot: new uPlot(opts, columns, el) };
  }

  function definitions(data) {
    var defs = [
      {
        id: 'quality', title: 'Model quality (rolling window)', range: [0, 1],
        note: 'ROC-AUC and average precision of each model over its rolling window of labelled predictions.',
        empty: 'no model metrics yet (the model stage publishes streamlearn_model_*)',
        lines: function (d) {
          var out = [];
          select(d, 'streamlearn_model_roc_auc', { window: 'rolling' }).forEach(function (s) {
            out.push({ s: s, label: 'ROC-AUC ' + (s.tags.model || '') });
          });
          select(d, 'streamlearn_model_average_precision', { window: 'rolling' }).forEach(function (s) {
            out.push({ s: s, label: 'AP ' + (s.tags.model || '') });
          });
          return out;
        }
      },
      {
        id: 'throughput', title: 'Throughput (events per second)',
        note: 'Events the monitoring stage observed on each input topic.',
        lines: function (d) {
          return select(d, 'streamlearn_monitored_events_total').map(function (s) {
            return { s: s, label: s.tags.input };
          });
        }
      },
      {
        id: 'latency', title: 'Event-to-prediction latency (ms)', scale: 1000,
        note: 'predictedAt \u2212 ingestTime over the last minute: p50, p99, p99.9.',
        lines: function (d) {
          var out = [];
          [['0.5', 'p50'], ['0.99', 'p99'], ['0.999', 'p99.9']].forEach(function (q) {
            select(d, 'streamlearn_event_to_prediction_latency_seconds', { quantile: q[0] }).forEach(function (s) {
              out.push({ s: s, label: q[1] });
            });
          });
          return out;
        }
      }
    ];
    var monitors = distinct(select(data, 'streamlearn_drift_statistic').map(function (s) { return s.tags.monitor; })
      .concat(data.alerts.map(function (a) { return a.monitor; })));
    monitors.forEach(function (m) {
      defs.push({
        id: 'drift-' + m, title: 'Drift \u2014 ' + m,
        note: 'Statistic of each subject in its last closed window (KS D, PSI, Cram\u00e9r\u2019s V, or the label rate); dashed lines: alerts.',
        lines: function (d) {
          return select(d, 'streamlearn_drift_statistic', { monitor: m }).map(function (s) {
            return { s: s, label: s.tags.subject };
          });
        },
        alerts: function (d) { return d.alerts.filter(function (a) { return a.monitor === m; }); }
      });
    });
    return defs;
  }

  function fmtTime(ms) {
    return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  }

  function fmtNumber(v) {
    if (v === null || v === undefined) { return '\u2013'; }
    return Math.abs(v) < 1e-3 && v !== 0 ? v.toExponential(2) : (+v).toPrecision(3);
  }

  function alertTable(root, data) {
    var section = document.getElementById('panel-alerts');
    if (!section) {
      section = document.createElement('section');
      section.id = 'panel-alerts';
      section.className = 'panel wide';
      section.innerHTML = '<h2>Alert timeline</h2><p class="note">Newest first. Window: the event-time window that fired.</p>'
        + '<div class="chart" id="chart-alert-timeline" data-chart="alert-timeline"></div><table class="alerts" id="alerts"></table>';
      root.appendChild(section);
    }
    var timeline = document.getElementById('chart-alert-timeline');
    var monitors = distinct(data.alerts.map(function (a) { return a.monitor; }));
    timeline.setAttribute('data-points', String(data.alerts.length));
    timeline.setAttribute('data-series', String(monitors.length));
    if (plots.timeline) { plots.timeline.destroy(); delete plots.timeline; }
    timeline.innerHTML = '';
    if (data.alerts.length === 0) {
      timeline.innerHTML = '<div class="empty">no alerts</div>';
    } else {
      var ends = distinct(data.alerts.map(function (a) { return a.windowEnd; })).map(Number).sort(function (a, b) { return a - b; });
      var columns = [ends.map(function (t) { return t / 1000; })];
      monitors.forEach(function (m, i) {
        columns.push(ends.map(function (t) {
          return data.alerts.some(function (a) { return a.monitor === m && a.windowEnd === t; }) ? i + 1 : null;
        }));
      });
      plots.timeline = new uPlot({
        width: Math.max(320, timeline.clientWidth || 900),
        height: 60 + 26 * monitors.length,
        series: [{}].concat(monitors.map(function (m, i) {
          return { label: m, stroke: PALETTE[i % PALETTE.length], width: 0,
            points: { show: true, size: 10, fill: PALETTE[i % PALETTE.length] } };
        })),
        scales: { x: { time: true }, y: { range: [0.5, monitors.length + 0.5] } },
        axes: [{}, { size: 110, splits: function () { return monitors.map(function (m, i) { return i + 1; }); },
          values: function (u, splits) { return splits.map(function (v) { return monitors[v - 1] || ''; }); } }],
        legend: { show: false }
      }, columns, timeline);
    }
    var rows = data.alerts.slice().reverse().map(function (a) {
      return '<tr><td>' + fmtTime(a.t) + '</td><td>' + escapeHtml(a.monitor) + '</td><td>' + escapeHtml(a.subject)
        + '</td><td>' + escapeHtml(a.kind) + '</td><td>' + escapeHtml(a.detector) + '</td><td class="num">'
        + fmtNumber(a.statistic) + '</td><td class="num">' + fmtNumber(a.pValue) + '</td><td>'
        + fmtTime(a.windowStart) + ' \u2192 ' + fmtTime(a.windowEnd) + '</td><td><span class="severity '
        + escapeHtml(a.severity) + '">' + escapeHtml(a.severity) + '</span></td></tr>';
    });
    document.getElementById('alerts').innerHTML = '<tr><th>recorded</th><th>monitor</th><th>subject</th>'
      + '<th>kind</th><th>detector</th><th>statistic</th><th>p-value</th><th>window (event time)</th>'
      + '<th>severity</th></tr>' + rows.join('');
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  function render(data, root) {
    root = root || document.getElementById('charts');
    definitions(data).forEach(function (def) { draw(root, def, data); });
    alertTable(root, data);
    var status = document.getElementById('status');
    if (status) {
      status.className = 'status';
      status.textContent = data.series.length + ' series, ' + data.alerts.length + ' alerts \u00b7 as of '
        + fmtTime(data.generatedAt);
    }
    document.body.setAttribute('data-rendered', 'true');
    document.body.setAttribute('data-alerts', String(data.alerts.length));
  }

  function live(url, intervalMillis) {
    function refresh() {
      fetch(url, { cache: 'no-store' })
        .then(function (r) {
          if (!r.ok) { throw new Error('HTTP ' + r.status); }
          return r.json();
        })
        .then(function (data) { render(data); })
        .catch(function (e) {
          var status = document.getElementById('status');
          if (status) { status.className = 'status error'; status.textContent = 'cannot load ' + url + ': ' + e.message; }
        });
    }
    refresh();
    setInterval(refresh, intervalMillis);
  }

  global.streamlearnDashboard = { render: render, live: live };
})(window);
