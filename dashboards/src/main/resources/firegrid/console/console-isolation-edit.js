/*
 * FireGrid console: isolate (屏蔽) a sensor or a whole device, and end an isolation early, from the
 * isolations panel (console-isolation.js draws the list). Shown only to roles holding the isolate
 * action (GET api/v1/me: admin, crew, facility manager, installer). An isolation always has a
 * reason and an end: 8 hours unless another length is chosen, at most 7 days, never open-ended
 * (docs/lifecycle.md, "Isolation"). The gateway checks everything: a refusal's detail is shown
 * next to the field it names and nothing is isolated.
 */
(function () {
  'use strict';

  var API = 'api/v1/';
  var TOKEN_KEY = 'firegrid.console.token';
  var HOURS = [1, 2, 4, 8, 12, 24, 72, 168];
  var DEFAULT_HOURS = 8;
  /** Which field a refusal of POST api/v1/isolations is about. */
  var FIELD_OF = { 'unknown-device': 'device', 'unknown-sensor': 'sensor', 'missing-reason': 'reason', 'bad-length': 'minutes' };
  var zh = (document.documentElement.lang || '').indexOf('zh') === 0;
  var T = zh ? {
    title: '新建屏蔽', device: '设备', sensor: '探测器', whole: '整台设备', reason: '原因', length: '时长',
    hours: function (h) { return h % 24 === 0 ? (h / 24) + ' 天' : h + ' 小时'; },
    note: '屏蔽必有结束时间：默认 8 小时，最长 7 天。', submit: '屏蔽', end: '结束屏蔽', done: '已屏蔽：', ended: '已结束屏蔽：',
    failed: '未能完成：', none: '没有可屏蔽的设备'
  } : {
    title: 'Isolate', device: 'Device', sensor: 'Sensor', whole: 'whole device', reason: 'Reason', length: 'For',
    hours: function (h) { return h % 24 === 0 ? (h / 24) + (h === 24 ? ' day' : ' days') : h + (h === 1 ? ' hour' : ' hours'); },
    note: 'An isolation always ends: 8 hours unless you choose, at most 7 days.', submit: 'Isolate', end: 'End isolation',
    done: 'Isolated: ', ended: 'Isolation ended: ', failed: 'Not done: ', none: 'No device to isolate'
  };
  var mayIsolate = false;
  var devices = [];

  function token() {
    try { return window.localStorage.getItem(TOKEN_KEY); } catch (e) { return null; }
  }

  function call(method, path, body) {
    var init = { method: method, cache: 'no-store', headers: { Authorization: 'Bearer ' + token(), Accept: 'application/json' } };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(API + path, init).then(function (res) {
      return res.json().catch(function () { return null; }).then(function (b) { return { status: res.status, ok: res.ok, body: b }; });
    });
  }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function refreshList() {
    if (typeof window.fireGridIsolationsRefresh === 'function') window.fireGridIsolationsRefresh();
  }

  function fieldError(name) {
    var p = el('p', { 'class': 'isolate__error', 'data-testid': 'error-' + name, role: 'alert' });
    p.hidden = true;
    return p;
  }

  function labelled(text, input, name) {
    var wrap = el('label', { 'class': 'view__control isolate__field' });
    wrap.appendChild(el('span', {}, text));
    wrap.appendChild(input);
    wrap.appendChild(fieldError(name));
    return wrap;
  }

  function fillSensors(form) {
    var d = devices[form.querySelector('[data-testid="isolate-device"]').selectedIndex];
    var s = form.querySelector('[data-testid="isolate-sensor"]');
    s.textContent = '';
    s.appendChild(el('option', { value: '' }, T.whole));
    ((d && d.sensors) || []).forEach(function (x) {
      s.appendChild(el('option', { value: x.id }, x.id + ' (' + x.kind + (x.zone ? ', ' + x.zone : '') + ')'));
    });
  }

  function clearErrors(form) {
    form.querySelectorAll('.isolate__error').forEach(function (p) { p.hidden = true; p.textContent = ''; });
    form.querySelectorAll('[aria-invalid]').forEach(function (i) { i.removeAttribute('aria-invalid'); });
  }

  function showError(form, body, status) {
    var code = body && body.error;
    var text = (body && (body.detail || body.error)) || 'HTTP ' + status;
    var field = FIELD_OF[code];
    var p = field && form.querySelector('[data-testid="error-' + field + '"]');
    if (p) {
      p.textContent = text;
      p.hidden = false;
      var input = form.querySelector('[name="' + field + '"]');
      if (input) input.setAttribute('aria-invalid', 'true');
    } else {
      form.querySelector('[data-testid="isolate-status"]').textContent = T.failed + text;
    }
  }

  function buildForm() {
    var form = el('form', { 'class': 'isolate', 'data-testid': 'isolate-form', novalidate: '' });
    form.appendChild(el('h3', { 'class': 'view__title' }, T.title));
    var device = el('select', { name: 'device', 'data-testid': 'isolate-device' });
    devices.forEach(function (d) { device.appendChild(el('option', {}, d.id + '@' + d.tenant + (d.site ? ' · ' + d.site : ''))); });
    var sensor = el('select', { name: 'sensor', 'data-testid': 'isolate-sensor' });
    var reason = el('input', { name: 'reason', 'data-testid': 'isolate-reason', maxlength: '500', autocomplete: 'off' });
    var length = el('select', { name: 'minutes', 'data-testid': 'isolate-minutes' });
    HOURS.forEach(function (h) {
      var o = el('option', { value: String(h * 60) }, T.hours(h));
      if (h === DEFAULT_HOURS) o.selected = true;
      length.appendChild(o);
    });
    form.appendChild(labelled(T.device, device, 'device'));
    form.appendChild(labelled(T.sensor, sensor, 'sensor'));
    form.appendChild(labelled(T.reason, reason, 'reason'));
    form.appendChild(labelled(T.length, length, 'minutes'));
    form.appendChild(el('p', { 'class': 'legend' }, T.note));
    form.appendChild(el('button', { type: 'submit', 'data-testid': 'isolate-submit' }, T.submit));
    form.appendChild(el('p', { 'class': 'legend', 'data-testid': 'isolate-status', role: 'status' }));
    device.addEventListener('change', function () { fillSensors(form); });
    fillSensors(form);
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      clearErrors(form);
      var d = devices[device.selectedIndex];
      if (!d) return;
      var body = { tenant: d.tenant, device: d.id, reason: reason.value.trim(), minutes: Number(length.value) };
      if (sensor.value) body.sensor = sensor.value;
      call('POST', 'isolations', body).then(function (res) {
        if (!res.ok) { showError(form, res.body, res.status); return; }
        form.querySelector('[data-testid="isolate-status"]').textContent = T.done + d.id + '@' + d.tenant + ' '
          + (body.sensor || T.whole) + ' → ' + new Date(res.body.until).toLocaleString();
        reason.value = '';
        refreshList();
      }).catch(function (e) { showError(form, { detail: String(e) }, 0); });
    });
    return form;
  }

  /** An "End isolation" button on each isolation the list shows. */
  function addEndButtons(panel) {
    if (!mayIsolate) return;
    panel.querySelectorAll('[data-testid="isolation"]').forEach(function (li) {
      if (li.querySelector('[data-testid="end-isolation"]')) return;
      var b = el('button', { type: 'button', 'class': 'isolate__end', 'data-testid': 'end-isolation' }, T.end);
      b.addEventListener('click', function () {
        b.disabled = true;
        call('DELETE', 'isolations/' + encodeURIComponent(li.getAttribute('data-isolation-id'))).then(function (res) {
          var status = panel.querySelector('[data-testid="isolate-status"]');
          if (status) status.textContent = res.ok ? T.ended + li.firstChild.textContent : T.failed + ((res.body && res.body.detail) || res.status);
          b.disabled = false;
          refreshList();
        });
      });
      li.appendChild(document.createTextNode(' '));
      li.appendChild(b);
    });
  }

  function attach() {
    var panel = document.querySelector('[data-testid="isolations"]');
    if (!panel || panel.getAttribute('data-editable') === 'true') return;
    panel.setAttribute('data-editable', 'true');
    var list = panel.querySelector('[data-testid="isolation-list"]');
    if (list && window.MutationObserver) new MutationObserver(function () { addEndButtons(panel); }).observe(list, { childList: true });
    addEndButtons(panel);
    if (mayIsolate) panel.appendChild(devices.length ? buildForm() : el('p', { 'class': 'legend' }, T.none));
  }

  function load() {
    if (!token()) return;
    Promise.all([call('GET', 'me'), call('GET', 'devices')]).then(function (res) {
      mayIsolate = !!(res[0].ok && res[0].body && (res[0].body.actions || []).indexOf('isolate') >= 0);
      devices = res[1].ok && Array.isArray(res[1].body) ? res[1].body : [];
      var timer = window.setInterval(function () { // console-isolation.js draws the panel once signed in
        if (document.querySelector('[data-testid="isolations"]')) { window.clearInterval(timer); attach(); }
      }, 200);
    }).catch(function () { /* the console shows the connection state */ });
  }

  document.addEventListener('DOMContentLoaded', function () {
    var seen = token();
    load();
    window.setInterval(function () { // signed in (or out) since
      var now = token();
      if (now !== seen) {
        seen = now;
        var old = document.querySelector('[data-testid="isolate-form"]');
        if (old) old.remove();
        var panel = document.querySelector('[data-testid="isolations"]');
        if (panel) panel.removeAttribute('data-editable');
        load();
      }
    }, 1000);
  });
})();
