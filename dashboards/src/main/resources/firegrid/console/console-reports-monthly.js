/*
 * FireGrid console: the monthly report on the reports page. Draws the two charts of the monthly PDF
 * from GET /api/v1/reports/monthly (the spread of fire alarms' response times against the 60 s and
 * 180 s limits; the fire door and hydrant conditions of each day) as inline SVG, and downloads the
 * PDF (GET /api/v1/reports/monthly.pdf) in Chinese or English with the bearer token in the header;
 * for every site the token sees, or one of them (GET /api/v1/sites fills the choice).
 * Self-contained: it reads the token the console keeps and adds its own panel to the reports page
 * whenever that page is shown.
 */
(function () {
  'use strict';

  var TOKEN_KEY = 'firegrid.console.token';
  var SVG = 'http://www.w3.org/2000/svg';
  var zh = (document.documentElement.lang || '').indexOf('zh') === 0;
  var T = zh ? {
    title: '月度报告', month: '月份', site: '场所', allSites: '全部场所', show: '查看', pdfZh: '下载 PDF（中文）', pdfEn: '下载 PDF（英文）',
    response: '火警响应用时分布（秒）', ack: '受理', onScene: '到场', conditions: '每日防火门与消火栓状况（新发次数）',
    doors: '防火门 / 安全出口', pressure: '消火栓水压', failed: '未成功（{status}）：{detail}',
    summary: '火警 {fire} 起：60 秒内受理 {ack} 起，180 秒内到场 {scene} 起；防火门 {doors} 次，水压异常 {pressure} 次'
  } : {
    title: 'Monthly report', month: 'Month', site: 'Site', allSites: 'All sites', show: 'Show', pdfZh: 'PDF (Chinese)', pdfEn: 'PDF (English)',
    response: 'Fire alarm response times (seconds)', ack: 'acknowledged', onScene: 'on scene',
    conditions: 'Fire door and hydrant conditions per day (new)', doors: 'fire doors / exits', pressure: 'hydrant pressure',
    failed: 'failed ({status}): {detail}',
    summary: '{fire} fire alarms: {ack} acknowledged within 60 s, {scene} on scene within 180 s; ' +
      '{doors} door and {pressure} hydrant conditions'
  };
  var COLOURS = { ack: '#cc261f', onScene: '#2961b3', doors: '#ed9919', pressure: '#2961b3' };

  function token() {
    try { return window.localStorage.getItem(TOKEN_KEY); } catch (e) { return null; }
  }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function svg(tag, attrs, text) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (m, k) { return values[k] === undefined ? m : String(values[k]); });
  }

  /** The last full month, as the gateway's default. */
  function lastMonth() {
    var d = new Date();
    d.setDate(1);
    d.setMonth(d.getMonth() - 1);
    return d.getFullYear() + '-' + (d.getMonth() < 9 ? '0' : '') + (d.getMonth() + 1);
  }

  function zone() {
    try { return Intl.DateTimeFormat().resolvedOptions().timeZone || ''; } catch (e) { return ''; }
  }

  /** The site chosen on the panel, {tenant, id}, or null for every site. */
  function chosenSite(p) {
    var select = p && p.querySelector('[data-testid="monthly-site"]');
    var option = select && select.selectedOptions[0];
    if (!option || !option.value) return null;
    return { tenant: option.getAttribute('data-tenant'), id: option.value };
  }

  function query(month, site) {
    var tz = zone();
    return 'month=' + encodeURIComponent(month) + (tz ? '&tz=' + encodeURIComponent(tz) : '') +
      (site ? '&tenant=' + encodeURIComponent(site.tenant) + '&site=' + encodeURIComponent(site.id) : '');
  }

  /** Fills the site choice from GET /api/v1/sites, once per panel. */
  function loadSites(select) {
    var t = token();
    if (!t) return;
    fetch('/api/v1/sites', { cache: 'no-store', headers: { Authorization: 'Bearer ' + t } })
      .then(function (res) { return res.ok ? res.json() : []; })
      .then(function (sites) {
        (sites || []).forEach(function (s) {
          var option = el('option', { value: s.id, 'data-tenant': s.tenant }, (s.name || s.id) + (s.name ? ' (' + s.id + ')' : ''));
          select.appendChild(option);
        });
      }, function () { /* the report for every site still works */ });
  }

  function panel() {
    var view = document.querySelector('[data-testid="reports-view"]');
    if (!view) return null;
    var p = view.querySelector('[data-testid="monthly-report"]');
    if (p) return p;
    p = el('section', { 'class': 'panel', 'data-testid': 'monthly-report' });
    var form = el('form', { 'class': 'view__head', 'data-testid': 'monthly-form' });
    var label = el('label', { 'class': 'view__control' });
    label.appendChild(el('span', null, T.month + ' '));
    var input = el('input', { type: 'month', 'data-testid': 'monthly-month', required: '' });
    input.value = lastMonth();
    label.appendChild(input);
    form.appendChild(label);
    var siteLabel = el('label', { 'class': 'view__control' });
    siteLabel.appendChild(el('span', null, T.site + ' '));
    var select = el('select', { 'data-testid': 'monthly-site' });
    select.appendChild(el('option', { value: '' }, T.allSites));
    siteLabel.appendChild(select);
    form.appendChild(siteLabel);
    loadSites(select);
    form.appendChild(el('button', { type: 'submit', 'class': 'btn btn--small btn--primary', 'data-testid': 'monthly-show' }, T.show));
    ['zh', 'en'].forEach(function (lang) {
      var b = el('button', { type: 'button', 'class': 'btn btn--small btn--secondary', 'data-testid': 'monthly-pdf',
        'data-lang': lang }, lang === 'zh' ? T.pdfZh : T.pdfEn);
      b.addEventListener('click', function () { download(input.value, lang, b); });
      form.appendChild(b);
    });
    form.addEventListener('submit', function (e) { e.preventDefault(); load(); });
    var head = el('div', { 'class': 'panel__head' });
    head.appendChild(el('h3', { 'data-testid': 'monthly-title' }, T.title));
    p.appendChild(head);
    p.appendChild(form);
    p.appendChild(el('p', { 'class': 'legend', 'data-testid': 'monthly-summary' }));
    p.appendChild(el('p', { 'class': 'legend', 'data-testid': 'monthly-error', hidden: '' }));
    p.appendChild(el('div', { 'data-testid': 'monthly-charts' }));
    var list = view.querySelector('[data-testid="report-list"]');
    view.insertBefore(p, list);
    return p;
  }

  function showError(p, status, detail) {
    var e = p.querySelector('[data-testid="monthly-error"]');
    e.textContent = fill(T.failed, { status: status, detail: detail });
    e.hidden = false;
  }

  function errorDetail(text) {
    try { return JSON.parse(text).detail || text; } catch (e) { return text; }
  }

  function load() {
    var p = panel();
    var t = token();
    if (!p || !t) return;
    var month = p.querySelector('[data-testid="monthly-month"]').value || lastMonth();
    p.querySelector('[data-testid="monthly-error"]').hidden = true;
    var site = chosenSite(p);
    fetch('/api/v1/reports/monthly?' + query(month, site), { cache: 'no-store', headers: { Authorization: 'Bearer ' + t } })
      .then(function (res) {
        return res.text().then(function (text) {
          if (!res.ok) { showError(p, res.status, errorDetail(text)); return; }
          p.setAttribute('data-site', site ? site.id : '');
          render(p, JSON.parse(text));
        });
      }, function (err) { showError(p, 0, String(err)); });
  }

  function render(p, report) {
    var s = report.summary;
    p.setAttribute('data-month', report.month);
    p.querySelector('[data-testid="monthly-summary"]').textContent = fill(T.summary, {
      fire: s.fire, ack: s.ackWithinTarget, scene: s.onSceneWithinTarget, doors: s.doorConditions, pressure: s.pressureConditions });
    var charts = p.querySelector('[data-testid="monthly-charts"]');
    charts.textContent = '';
    charts.appendChild(responseChart(report));
    charts.appendChild(conditionChart(report));
  }

  /** Bars of 30 s, acknowledged and on scene side by side, with the two limits dashed. */
  function responseChart(report) {
    var bins = report.responseTimes;
    var max = Math.max(1, Math.max.apply(null, bins.map(function (b) { return Math.max(b.acknowledged, b.onScene); })));
    var c = chart('monthly-response-chart', T.response, [[T.ack, COLOURS.ack], [T.onScene, COLOURS.onScene]], max);
    var slot = c.width / bins.length;
    var binSeconds = bins[0].toSeconds - bins[0].fromSeconds;
    bins.forEach(function (b, i) {
      var x = c.left + i * slot;
      bar(c, 'bar-ack', x + slot * 0.12, slot * 0.36, b.acknowledged, max, COLOURS.ack, b.fromSeconds);
      bar(c, 'bar-on-scene', x + slot * 0.52, slot * 0.36, b.onScene, max, COLOURS.onScene, b.fromSeconds);
      c.svg.appendChild(svg('text', { x: x, y: c.bottom + 12, 'font-size': 9, 'text-anchor': 'middle' },
        b.toSeconds === null ? b.fromSeconds + '+' : String(b.fromSeconds)));
    });
    [[report.ackTargetSeconds, 'limit-ack'], [report.onSceneTargetSeconds, 'limit-on-scene']].forEach(function (l) {
      var x = c.left + l[0] / binSeconds * slot;
      c.svg.appendChild(svg('line', { x1: x, x2: x, y1: c.bottom, y2: c.top - 4, stroke: '#222', 'stroke-dasharray': '4 3',
        'data-testid': l[1], 'data-value': l[0] }));
      c.svg.appendChild(svg('text', { x: x + 3, y: c.top + 6, 'font-size': 10 }, l[0] + ' s'));
    });
    return c.box;
  }

  /** One stacked bar a day: door conditions under hydrant pressure conditions. */
  function conditionChart(report) {
    var days = report.days;
    var max = Math.max(1, Math.max.apply(null, days.map(function (d) { return d.doors + d.pressure; })));
    var c = chart('monthly-condition-chart', T.conditions, [[T.doors, COLOURS.doors], [T.pressure, COLOURS.pressure]], max);
    c.box.setAttribute('data-days', String(days.length));
    var slot = c.width / days.length;
    days.forEach(function (d, i) {
      var x = c.left + i * slot + slot * 0.15;
      var doorsHeight = d.doors * c.height / max;
      if (d.doors > 0) {
        c.svg.appendChild(svg('rect', { x: x, y: c.bottom - doorsHeight, width: slot * 0.7, height: doorsHeight,
          fill: COLOURS.doors, 'data-testid': 'day-doors', 'data-date': d.date, 'data-value': d.doors }));
      }
      if (d.pressure > 0) {
        var h = d.pressure * c.height / max;
        c.svg.appendChild(svg('rect', { x: x, y: c.bottom - doorsHeight - h, width: slot * 0.7, height: h,
          fill: COLOURS.pressure, 'data-testid': 'day-pressure', 'data-date': d.date, 'data-value': d.pressure }));
      }
      if (i === 0 || (i + 1) % 5 === 0) {
        c.svg.appendChild(svg('text', { x: c.left + (i + 0.5) * slot, y: c.bottom + 12, 'font-size': 9,
          'text-anchor': 'middle' }, String(i + 1)));
      }
    });
    return c.box;
  }

  function chart(testId, title, series, max) {
    var W = 560, H = 220;
    var c = { left: 34, top: 34, bottom: H - 22, width: W - 44 };
    c.height = c.bottom - c.top;
    c.box = el('div', { 'data-testid': testId, 'class': 'chart' });
    c.svg = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, width: '100%', role: 'img', 'aria-label': title });
    c.svg.appendChild(svg('text', { x: 0, y: 12, 'font-size': 12, 'font-weight': 'bold' }, title));
    var x = 0;
    series.forEach(function (s) {
      c.svg.appendChild(svg('rect', { x: x, y: 18, width: 9, height: 9, fill: s[1] }));
      c.svg.appendChild(svg('text', { x: x + 12, y: 26, 'font-size': 10 }, s[0]));
      x += 24 + s[0].length * (zh ? 11 : 6);
    });
    var step = Math.max(1, Math.ceil(max / 4));
    for (var v = 0; v <= max; v += step) {
      var y = c.bottom - v * c.height / max;
      c.svg.appendChild(svg('line', { x1: c.left, x2: c.left + c.width, y1: y, y2: y, stroke: v === 0 ? '#333' : '#ddd' }));
      c.svg.appendChild(svg('text', { x: c.left - 4, y: y + 3, 'font-size': 9, 'text-anchor': 'end' }, String(v)));
    }
    c.svg.appendChild(svg('line', { x1: c.left, x2: c.left, y1: c.top, y2: c.bottom, stroke: '#333' }));
    c.box.appendChild(c.svg);
    return c;
  }

  function bar(c, testId, x, width, value, max, colour, from) {
    if (!value) return;
    var h = value * c.height / max;
    c.svg.appendChild(svg('rect', { x: x, y: c.bottom - h, width: width, height: h, fill: colour, 'data-testid': testId,
      'data-from': from, 'data-value': value }));
  }

  /** Downloads the PDF as the gateway makes it, with the bearer token in the header; a refusal says why. */
  function download(month, lang, button) {
    var p = panel();
    var t = token();
    if (!p || !t) return;
    button.disabled = true;
    p.querySelector('[data-testid="monthly-error"]').hidden = true;
    var site = chosenSite(p);
    fetch('/api/v1/reports/monthly.pdf?' + query(month, site) + '&lang=' + lang, {
      cache: 'no-store', headers: { Authorization: 'Bearer ' + t, Accept: 'application/pdf' }
    }).then(function (res) {
      if (!res.ok) return res.text().then(function (text) { showError(p, res.status, errorDetail(text)); });
      return res.blob().then(function (blob) {
        var url = URL.createObjectURL(blob);
        var link = el('a', { href: url, download: 'firegrid-monthly-' + month + (site ? '-' + site.id : '') + '-' + lang + '.pdf',
          hidden: '' });
        document.body.appendChild(link);
        link.click();
        link.remove();
        setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
      });
    }, function (err) { showError(p, 0, String(err)); }).then(function () { button.disabled = false; });
  }

  document.addEventListener('DOMContentLoaded', function () {
    var view = document.querySelector('[data-testid="reports-view"]');
    if (!view || !window.MutationObserver) return;
    function shown() { if (!view.hidden) load(); }
    new MutationObserver(shown).observe(view, { attributes: true, attributeFilter: ['hidden'] });
    shown();
  });
})();
