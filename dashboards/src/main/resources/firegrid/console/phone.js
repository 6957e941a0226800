/*
 * The phone page of an alarm SMS's signed link (/m/{token} redirects here with #t={token}).
 * Shows the one alarm the link opens and lets the person it names acknowledge it or report en
 * route, without a console token: the token in the fragment is the permission, and the gateway
 * checks its signature, expiry and the alarm being open on every call.
 */
(function () {
  'use strict';

  var CLASSES = { fire: '火警 Fire', supervisory: '监管报警 Supervisory', trouble: '故障 Trouble' };
  var STATES = { raised: '待受理 waiting', acknowledged: '已受理 acknowledged', 'en-route': '已出发 en route',
    'on-scene': '已到场 on scene', resolved: '已关闭 resolved' };
  var match = /(?:^#|&)t=([^&]*)/.exec(window.location.hash);
  var token = match ? match[1] : '';

  function el(id) { return document.querySelector('[data-testid="' + id + '"]'); }

  function status(text) {
    el('phone-status').textContent = text;
    el('phone-status').hidden = !text;
  }

  function call(method, path) {
    return fetch('/m/' + encodeURIComponent(token) + path, { method: method, cache: 'no-store',
      headers: { Accept: 'application/json' } }).then(function (res) {
      return res.json().then(function (body) { return { ok: res.ok, body: body }; },
        function () { return { ok: res.ok, body: {} }; });
    });
  }

  function show(view) {
    var a = view.alarm;
    el('phone-title').textContent = (a.drill ? '演练 DRILL · ' : '') + (CLASSES[a['class']] || a['class']) + ' · ' + a.type;
    // where leads, in the words of the console's card: building, unit, floor, label (zh, then en)
    var where = a.locationText && a.locationText.zh
      ? a.locationText.zh + (a.locationText.en ? '\n' + a.locationText.en : '')
      : (a.location && a.location.label ? a.location.label : [a.site || a.device, a.zone].filter(Boolean).join(' '));
    el('phone-where').textContent = where;
    el('phone-when').textContent = new Date(a.raisedAt).toLocaleString() + ' · #' + a.id;
    el('phone-state').textContent = STATES[a.state] || a.state;
    el('phone-who').textContent = view.person.name;
    el('phone-ack').disabled = a.state !== 'raised';
    el('phone-en-route').disabled = a.state !== 'raised' && a.state !== 'acknowledged';
    el('phone-alarm').hidden = false;
    status('');
  }

  function load() {
    if (!token) { status('链接不完整 / The link is incomplete.'); return; }
    call('GET', '/alarm').then(function (r) {
      if (r.ok) show(r.body); else status((r.body && r.body.detail) || '链接无效 / The link is not valid.');
    }, function () { status('无法连接 / Cannot reach the gateway.'); });
  }

  function act(path) {
    call('POST', path).then(function (r) {
      if (!r.ok) status((r.body && r.body.detail) || '未成功 / Not done.');
      load();
    }, function () { status('无法连接 / Cannot reach the gateway.'); });
  }

  el('phone-ack').addEventListener('click', function () { act('/ack'); });
  el('phone-en-route').addEventListener('click', function () { act('/en-route'); });
  load();
}());
