/*
 * FireGrid console: floor plans (#/plans/{tenant}/{site}/{building}/{floor}[/{device}/{sensor}]).
 * Shows a floor's plan with every sensor placed on it as a marker coloured by its state (alarm red,
 * trouble amber, isolated grey, normal green), the floor's sensors not placed yet beside it, and,
 * for those who may change places (admin, installer), a plan upload and dragging to place or move.
 * Adds "on the plan" to the alarm cards of placed sensors (opening the plan with the detector
 * highlighted) and "floor plans" to each site of the site page.
 * console.js shows and hides the page (VIEWS); this file fills it. API: docs/floor-plans.md.
 * Markers follow the open alarms console.js keeps from the live stream (window.FireGridOpenAlarms and
 * its 'firegrid:alarms' event): an alarm recolours its marker as it arrives, with no request. Isolations
 * are not on the stream: they are read when a floor is drawn and every 30 s.
 */
(function () {
  'use strict';

  var API = 'api/v1/';
  var TOKEN_KEY = 'firegrid.console.token';
  var ISOLATIONS_REFRESH_MS = 30000;
  var SITE_CACHE_MS = 10000;
  var STRINGS = {
    zh: {
      nav: '平面图', title: '楼层平面图', chooseSite: '选择场所', noFloors: '此场所没有登记楼层的传感器，也没有平面图',
      noPlan: '此楼层还没有平面图', upload: '上传平面图（PNG、JPEG 或 SVG，最大 4 MiB）', uploading: '正在上传…',
      unplaced: '未放置的传感器', unplacedHint: '拖到平面图上放置', noUnplaced: '全部已放置', noFloor: '位置未登记楼层',
      onPlan: '在平面图上', sitePlans: '楼层平面图', failed: '失败：', building: '栋', floor: '层',
      states: { alarm: '报警', trouble: '故障', isolated: '屏蔽', normal: '正常' }
    },
    en: {
      nav: 'Floor plans', title: 'Floor plans', chooseSite: 'Choose a site', noFloors: 'No sensor of this site is registered on a floor, and it has no plan',
      noPlan: 'This floor has no plan yet', upload: 'Upload a plan (PNG, JPEG or SVG, at most 4 MiB)', uploading: 'Uploading…',
      unplaced: 'Sensors not placed', unplacedHint: 'drag onto the plan to place', noUnplaced: 'All placed', noFloor: 'No floor registered',
      onPlan: 'On the plan', sitePlans: 'Floor plans', failed: 'Failed: ', building: 'Bldg', floor: 'Floor',
      states: { alarm: 'alarm', trouble: 'trouble', isolated: 'isolated', normal: 'normal' }
    }
  };

  var view = { hash: null, floors: null, tenant: null, site: null, floorKey: null, focus: null, me: null, meToken: null,
    isolations: [] };
  var siteCache = {}; // tenant/site -> { at, body }
  var sitesList = null;

  function lang() { return (document.documentElement.lang || 'zh').indexOf('zh') === 0 ? 'zh' : 'en'; }
  function t(key) { return STRINGS[lang()][key]; }
  function byTestId(id) { return document.querySelector('[data-testid="' + id + '"]'); }
  function token() { try { return window.localStorage.getItem(TOKEN_KEY); } catch (e) { return null; } }

  function el(tag, attrs) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (attrs[k] !== null && attrs[k] !== undefined) node.setAttribute(k, attrs[k]);
    });
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c === null || c === undefined) continue;
      node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    }
    return node;
  }

  function request(method, path, body, type) {
    var headers = { Authorization: 'Bearer ' + token(), Accept: 'application/json' };
    if (type) headers['Content-Type'] = type;
    return fetch(API + path, { method: method, cache: 'no-store', headers: headers, body: body });
  }

  function getJson(path) {
    return request('GET', path).then(function (res) {
      return res.json().catch(function () { return null; }).then(function (b) { return { ok: res.ok, status: res.status, body: b }; });
    });
  }

  function enc(s) { return encodeURIComponent(s); }
  function floorText(f) { return f < 0 ? 'B' + (-f) : String(f); }
  function floorName(f) {
    var b = f.building, ft = f.floorText;
    if (ft === null || ft === undefined) return t('noFloor');
    return lang() === 'zh' ? (/^\d+$/.test(b) ? b + '栋' : b) + ' ' + ft + '层' : 'Bldg ' + b + ' · Floor ' + ft;
  }
  function canEdit() { return !!(view.me && (view.me.actions || []).indexOf('change-places') >= 0); }

  function loadMe() {
    var tk = token();
    if (view.meToken === tk) return Promise.resolve(view.me);
    return getJson('me').then(function (r) { view.me = r.ok ? r.body : null; view.meToken = tk; return view.me; });
  }

  function siteFloors(tenant, site, fresh) {
    var key = tenant + '/' + site;
    var hit = siteCache[key];
    if (!fresh && hit && Date.now() - hit.at < SITE_CACHE_MS) return Promise.resolve(hit.body);
    return getJson('sites/' + enc(tenant) + '/' + enc(site) + '/plans').then(function (r) {
      if (!r.ok) throw new Error((r.body && r.body.detail) || String(r.status));
      siteCache[key] = { at: Date.now(), body: r.body };
      return r.body;
    });
  }

  // ------------------------------------------------------------------ the page

  function parts() {
    return window.location.hash.replace(/^#\/?/, '').split('/').map(function (p) {
      try { return decodeURIComponent(p); } catch (e) { return p; }
    });
  }

  function shown() {
    var v = byTestId('plans-view');
    return v && !v.hidden;
  }

  function say(text) {
    var n = byTestId('plan-message');
    if (!n) return;
    n.textContent = text || '';
    n.hidden = !text;
  }

  function render() {
    var box = byTestId('plans-view');
    if (!box || !token()) return;
    view.hash = window.location.hash;
    var p = parts();
    view.tenant = p[1] || null;
    view.site = p[2] || null;
    view.floorKey = p[3] !== undefined && p[4] !== undefined ? p[3] + '\u0000' + p[4] : null;
    view.focus = p[5] && p[6] ? { device: p[5], sensor: p[6] } : null;
    box.textContent = '';
    box.appendChild(el('h2', { 'class': 'view__title', 'data-testid': 'plans-title' }, t('title')));
    box.appendChild(el('p', { 'class': 'legend', 'data-testid': 'plan-message', hidden: '' }));
    loadMe().then(function () {
      if (!view.site) return chooseSite(box);
      return siteFloors(view.tenant, view.site, true).then(function (body) {
        view.floors = body;
        drawSite(box);
      });
    }).catch(function (e) { say(t('failed') + (e && e.message ? e.message : e)); });
  }

  function chooseSite(box) {
    return getJson('sites').then(function (r) {
      var list = el('ul', { 'class': 'fp-sites', 'data-testid': 'plan-sites' });
      (r.ok && Array.isArray(r.body) ? r.body : []).forEach(function (s) {
        list.appendChild(el('li', null, el('a', { href: '#/plans/' + enc(s.tenant) + '/' + enc(s.id), 'data-testid': 'plan-site' },
          (s.name || s.id) + ' (' + s.tenant + ')')));
      });
      box.appendChild(el('p', { 'class': 'legend' }, t('chooseSite')));
      box.appendChild(list);
    });
  }

  function keyOf(f) { return f.building + '\u0000' + (f.floorText === null || f.floorText === undefined ? '' : f.floorText); }

  function drawSite(box) {
    var floors = view.floors.floors || [];
    var placeable = floors.filter(function (f) { return f.floor !== null && f.floor !== undefined; });
    if (!floors.length) { box.appendChild(el('p', { 'class': 'empty' }, t('noFloors'))); return; }
    var current = placeable.filter(function (f) { return keyOf(f) === view.floorKey; })[0] ||
      placeable.filter(function (f) { return f.plan; })[0] || placeable[0];
    var tabs = el('nav', { 'class': 'fp-floors', 'data-testid': 'plan-floors' });
    placeable.forEach(function (f) {
      var a = el('a', { href: '#/plans/' + enc(view.tenant) + '/' + enc(view.site) + '/' + enc(f.building) + '/' + enc(f.floorText),
        'class': 'fp-floor' + (f === current ? ' fp-floor--on' : ''), 'data-testid': 'plan-floor',
        'data-floor': f.building + '/' + f.floorText, 'data-has-plan': f.plan ? 'true' : 'false' }, floorName(f));
      tabs.appendChild(a);
    });
    box.appendChild(tabs);
    if (!current) return;
    var layout = el('div', { 'class': 'fp-layout' });
    var stage = el('div', { 'class': 'fp-stage', 'data-testid': 'plan-stage', 'data-floor': current.building + '/' + current.floorText });
    var side = el('aside', { 'class': 'fp-side' });
    layout.appendChild(stage);
    layout.appendChild(side);
    box.appendChild(layout);
    if (canEdit()) side.appendChild(uploadForm(current));
    drawSide(side, current, floors);
    if (!current.plan) {
      stage.appendChild(el('p', { 'class': 'empty', 'data-testid': 'no-plan' }, t('noPlan')));
      return;
    }
    var img = el('img', { 'class': 'fp-image', 'data-testid': 'plan-image', alt: floorName(current), draggable: 'false' });
    var frame = el('div', { 'class': 'fp-frame', 'data-testid': 'plan-frame' }, img);
    stage.appendChild(frame);
    request('GET', planPath(current)).then(function (res) {
      if (!res.ok) throw new Error(String(res.status));
      return res.blob();
    }).then(function (blob) {
      return new Promise(function (resolve) {
        var reader = new FileReader(); // data: URLs, as the console's policy allows images from 'self' and data: only
        reader.onload = function () { resolve(reader.result); };
        reader.readAsDataURL(blob);
      });
    }).then(function (url) {
      img.addEventListener('load', function () {
        frame.dataset.loaded = 'true';
        drawMarkers(frame, current);
      }, { once: true });
      img.src = url;
    }).catch(function (e) { say(t('failed') + (e && e.message ? e.message : e)); });
  }

  function planPath(f) {
    return 'sites/' + enc(view.tenant) + '/' + enc(view.site) + '/floors/' + enc(f.floorText) + '/plan?building=' + enc(f.building);
  }

  function uploadForm(floor) {
    var input = el('input', { type: 'file', accept: 'image/png,image/jpeg,image/svg+xml', 'data-testid': 'plan-file' });
    input.addEventListener('change', function () {
      var file = input.files && input.files[0];
      if (!file) return;
      say(t('uploading'));
      request('PUT', planPath(floor), file, file.type || 'application/octet-stream').then(function (res) {
        return res.json().catch(function () { return null; }).then(function (b) {
          if (!res.ok) throw new Error((b && b.detail) || String(res.status));
          say('');
          render();
        });
      }).catch(function (e) { say(t('failed') + (e && e.message ? e.message : e)); });
    });
    return el('label', { 'class': 'fp-upload' }, el('span', null, t('upload')), input);
  }

  function drawSide(side, current, floors) {
    var unplaced = current.sensors.filter(function (s) { return !s.position; });
    side.appendChild(el('h3', null, t('unplaced')));
    if (canEdit() && current.plan && unplaced.length) side.appendChild(el('p', { 'class': 'legend' }, t('unplacedHint')));
    var ul = el('ul', { 'class': 'fp-unplaced', 'data-testid': 'unplaced-list' });
    unplaced.forEach(function (s) {
      var li = el('li', { 'class': 'fp-item', 'data-testid': 'unplaced-sensor', 'data-device': s.device, 'data-sensor': s.sensor },
        el('span', { 'class': 'fp-dot', 'data-state': 'normal' }), s.device + ' · ' + s.sensor + (s.label ? ' · ' + s.label : ''));
      if (canEdit() && current.plan) draggable(li, s);
      ul.appendChild(li);
    });
    if (!unplaced.length) ul.appendChild(el('li', { 'class': 'empty' }, t('noUnplaced')));
    side.appendChild(ul);
    var nowhere = floors.filter(function (f) { return f.floor === null || f.floor === undefined; })[0];
    if (nowhere && nowhere.sensors.length) {
      side.appendChild(el('h3', null, t('noFloor')));
      var list = el('ul', { 'class': 'fp-unplaced', 'data-testid': 'no-floor-list' });
      nowhere.sensors.forEach(function (s) { list.appendChild(el('li', { 'class': 'fp-item' }, s.device + ' · ' + s.sensor)); });
      side.appendChild(list);
    }
  }

  function drawMarkers(frame, floor) {
    frame.querySelectorAll('[data-testid="plan-marker"]').forEach(function (m) { m.remove(); });
    floor.sensors.filter(function (s) { return s.position; }).forEach(function (s) {
      var focus = view.focus && view.focus.device === s.device && view.focus.sensor === s.sensor;
      var m = el('button', { type: 'button', 'class': 'fp-marker' + (focus ? ' fp-marker--focus' : ''), 'data-testid': 'plan-marker',
        'data-device': s.device, 'data-sensor': s.sensor, 'data-kind': s.kind, 'data-state': 'normal',
        'data-focus': focus ? 'true' : 'false', title: s.device + ' · ' + s.sensor + (s.label ? ' · ' + s.label : '') },
        el('span', { 'class': 'fp-marker__label' }, s.sensor));
      m.style.left = (s.position.x * 100) + '%';
      m.style.top = (s.position.y * 100) + '%';
      if (canEdit()) draggable(m, s);
      frame.appendChild(m);
      if (focus && m.scrollIntoView) m.scrollIntoView({ block: 'center', inline: 'center' });
    });
    paintStates();
    refreshIsolations();
  }

  /** Drag with the pointer (mouse, pen or finger) onto the plan: the drop point as fractions of the image. */
  function draggable(node, sensor) {
    node.classList.add('fp-draggable');
    node.addEventListener('pointerdown', function (down) {
      if (down.button !== 0) return;
      down.preventDefault();
      var ghost = el('span', { 'class': 'fp-ghost', 'data-testid': 'drag-ghost' }, sensor.sensor);
      document.body.appendChild(ghost);
      function follow(e) { ghost.style.left = e.clientX + 'px'; ghost.style.top = e.clientY + 'px'; }
      follow(down);
      function move(e) { follow(e); }
      function up(e) {
        document.removeEventListener('pointermove', move);
        document.removeEventListener('pointerup', up);
        ghost.remove();
        var img = byTestId('plan-image');
        if (!img) return;
        var r = img.getBoundingClientRect();
        var x = (e.clientX - r.left) / r.width, y = (e.clientY - r.top) / r.height;
        if (!(x >= 0 && x <= 1 && y >= 0 && y <= 1)) return; // dropped beside the plan: nothing changes
        place(sensor, Math.round(x * 10000) / 10000, Math.round(y * 10000) / 10000);
      }
      document.addEventListener('pointermove', move);
      document.addEventListener('pointerup', up);
    });
  }

  function place(sensor, x, y) {
    request('PUT', 'devices/' + enc(view.tenant) + '/' + enc(sensor.device) + '/sensors/' + enc(sensor.sensor) + '/position',
      JSON.stringify({ x: x, y: y }), 'application/json').then(function (res) {
      return res.json().catch(function () { return null; }).then(function (b) {
        if (!res.ok) throw new Error((b && b.detail) || String(res.status));
        render();
      });
    }).catch(function (e) { say(t('failed') + (e && e.message ? e.message : e)); });
  }

  // ------------------------------------------------------------------ states

  /** Reads the isolations in force (not on the live stream), then repaints the markers. */
  function refreshIsolations() {
    if (!document.querySelector('[data-testid="plan-marker"]') || !view.tenant) return;
    getJson('isolations').then(function (r) {
      view.isolations = r.ok && Array.isArray(r.body) ? r.body : [];
      paintStates();
    }).catch(function () { /* the console shows the connection state; try again at the next refresh */ });
  }

  /**
   * Colours each marker from the open alarms of the live stream and the isolations last read: isolated
   * (an isolation in force) before alarm (fire or supervisory open) before trouble (any trouble open,
   * the device's too). No request.
   */
  function paintStates() {
    var markers = document.querySelectorAll('[data-testid="plan-marker"]');
    if (!markers.length || !view.tenant) return;
    var alarms = Array.isArray(window.FireGridOpenAlarms) ? window.FireGridOpenAlarms : [];
    var isolations = view.isolations;
    markers.forEach(function (m) {
      var d = m.dataset.device, s = m.dataset.sensor;
      var mine = alarms.filter(function (a) { return a.tenant === view.tenant && a.device === d && (a.sensor === s || a.sensor === 'device'); });
      var state = 'normal';
      if (isolations.some(function (i) { return i.tenant === view.tenant && i.device === d && (!i.sensor || i.sensor === s); })) {
        state = 'isolated';
      } else if (mine.some(function (a) { return a.sensor === s && (a['class'] === 'fire' || a['class'] === 'supervisory'); })) {
        state = 'alarm';
      } else if (mine.some(function (a) { return a['class'] === 'trouble'; })) {
        state = 'trouble';
      }
      m.dataset.state = state;
      m.setAttribute('aria-label', m.title + ' · ' + t('states')[state]);
    });
  }

  // ------------------------------------------------------------------ alarm cards and site page

  function cardFacts(card) {
    var dev = card.querySelector('[data-testid="device"]');
    var sensor = card.querySelector('[data-testid="sensor"]');
    var site = card.querySelector('[data-testid="site"]');
    var title = dev && dev.getAttribute('title');
    if (!title || title.indexOf('@') < 0 || !sensor || !site || site.textContent === '—') return null;
    return { device: title.slice(0, title.lastIndexOf('@')), tenant: title.slice(title.lastIndexOf('@') + 1),
      sensor: sensor.textContent, site: site.textContent };
  }

  function decorateCards() {
    if (!token()) return;
    document.querySelectorAll('[data-testid="alarm-card"]').forEach(function (card) {
      if (card.querySelector('[data-testid="plan-link"]') || card.dataset.planChecked === 'pending') return;
      var f = cardFacts(card);
      if (!f) return;
      card.dataset.planChecked = 'pending';
      siteFloors(f.tenant, f.site, false).then(function (body) {
        delete card.dataset.planChecked;
        var at = null;
        (body.floors || []).forEach(function (fl) {
          fl.sensors.forEach(function (s) {
            if (fl.plan && s.position && s.device === f.device && s.sensor === f.sensor) at = fl;
          });
        });
        if (!at || card.querySelector('[data-testid="plan-link"]')) return;
        var where = card.querySelector('[data-testid="location"]') || card.querySelector('.card__facts');
        var link = el('a', { 'class': 'btn btn--small fp-card-link', 'data-testid': 'plan-link',
          href: '#/plans/' + [f.tenant, f.site, at.building, at.floorText, f.device, f.sensor].map(enc).join('/') }, t('onPlan'));
        if (where && where.parentNode) where.parentNode.insertBefore(link, where.nextSibling); else card.appendChild(link);
      }, function () { delete card.dataset.planChecked; });
    });
  }

  function decorateSites() {
    if (!token()) return;
    var panels = document.querySelectorAll('[data-testid="site"][data-site]');
    if (!panels.length) return;
    var go = sitesList ? Promise.resolve(sitesList) : getJson('sites').then(function (r) {
      sitesList = r.ok && Array.isArray(r.body) ? r.body : [];
      return sitesList;
    });
    go.then(function (sites) {
      panels.forEach(function (panel) {
        if (!panel.dataset.site || panel.querySelector('[data-testid="site-plans-link"]')) return;
        var site = sites.filter(function (s) { return s.id === panel.dataset.site; })[0];
        if (!site) return;
        var head = panel.querySelector('h3');
        var link = el('a', { 'class': 'btn btn--small fp-card-link', 'data-testid': 'site-plans-link',
          href: '#/plans/' + enc(site.tenant) + '/' + enc(site.id) }, t('sitePlans'));
        if (head) head.appendChild(link); else panel.appendChild(link);
      });
    });
  }

  function tick() {
    var nav = byTestId('nav-plans');
    if (nav && nav.textContent !== t('nav')) nav.textContent = t('nav');
    if (!shown()) { view.hash = null; return; }
    if (window.location.hash !== view.hash) render();
  }

  document.addEventListener('DOMContentLoaded', function () {
    tick();
    window.addEventListener('hashchange', function () { window.setTimeout(tick, 0); });
    window.setInterval(tick, 500);
    document.addEventListener('firegrid:alarms', function () { if (shown()) paintStates(); });
    window.setInterval(function () { if (shown()) refreshIsolations(); }, ISOLATIONS_REFRESH_MS);
    var list = byTestId('alarm-list');
    if (list && window.MutationObserver) new MutationObserver(decorateCards).observe(list, { childList: true, subtree: true });
    var sites = byTestId('site-list');
    if (sites && window.MutationObserver) new MutationObserver(decorateSites).observe(sites, { childList: true });
  });

  window.FireGridFloorPlans = { render: render, paintStates: paintStates, refreshIsolations: refreshIsolations };
}());
