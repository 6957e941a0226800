/*
 * FireGrid console: what is isolated (屏蔽) now. Lists the sensors and devices whose alarms are
 * dispatched to no one (GET /api/v1/isolations), with reason, who and until when; says when an
 * isolation has ended and alarms go out again (refreshed every 5 s); marks the cards of alarms raised while isolated.
 * Self-contained: it reads the token the console keeps and adds its own panel under the queue.
 */
(function () {
  'use strict';

  var TOKEN_KEY = 'firegrid.console.token';
  var REFRESH_MS = 5000;
  var zh = (document.documentElement.lang || '').indexOf('zh') === 0;
  var T = zh ? {
    title: '屏蔽中', none: '当前无屏蔽', until: '至', by: '操作人', device: '整台设备',
    ended: '屏蔽已结束，警情恢复推送：', badge: '已屏蔽', badgeTitle: '屏蔽期间的警情：已记录，未推送'
  } : {
    title: 'Isolated now', none: 'Nothing is isolated', until: 'until', by: 'by', device: 'whole device',
    ended: 'Isolation ended, alarms go out again: ', badge: 'ISOLATED', badgeTitle: 'Raised while isolated: stored, told to no one'
  };
  var known = {};

  function token() {
    try { return window.localStorage.getItem(TOKEN_KEY); } catch (e) { return null; }
  }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function what(i) {
    return i.device + '@' + i.tenant + ' ' + (i.sensor || T.device);
  }

  function panel() {
    var p = document.querySelector('[data-testid="isolations"]');
    if (p) return p;
    var queue = document.querySelector('[data-testid="console"]');
    if (!queue) return null;
    p = el('div', { 'data-testid': 'isolations', 'class': 'isolations' });
    p.appendChild(el('h2', { 'class': 'view__title' }, T.title));
    p.appendChild(el('ul', { 'data-testid': 'isolation-list' }));
    p.appendChild(el('p', { 'class': 'legend', 'data-testid': 'isolation-ended', hidden: '' }));
    queue.appendChild(p);
    return p;
  }

  function render(list) {
    var p = panel();
    if (!p) return;
    var ul = p.querySelector('[data-testid="isolation-list"]');
    ul.textContent = '';
    var now = {};
    list.forEach(function (i) {
      now[i.id] = i;
      ul.appendChild(el('li', { 'data-testid': 'isolation', 'data-isolation-id': String(i.id) },
        what(i) + ' — ' + i.reason + ' (' + T.by + ' ' + i.by + ', ' + T.until + ' ' + new Date(i.until).toLocaleString() + ')'));
    });
    if (!list.length) ul.appendChild(el('li', { 'class': 'empty' }, T.none));
    var ended = Object.keys(known).filter(function (id) { return !now[id]; }).map(function (id) { return what(known[id]); });
    if (ended.length) {
      var note = p.querySelector('[data-testid="isolation-ended"]');
      note.textContent = T.ended + ended.join(', ');
      note.hidden = false;
    }
    known = now;
  }

  function refresh() {
    var t = token();
    if (!t) return;
    fetch('/api/v1/isolations', { headers: { Authorization: 'Bearer ' + t } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (list) { if (list) render(list); })
      .catch(function () { /* the console shows the connection state; try again at the next refresh */ });
  }

  /** Cards of alarms raised while isolated carry data-isolated="true" (console.js); give them a badge. */
  function markCards() {
    document.querySelectorAll('[data-testid="alarm-card"][data-isolated="true"]').forEach(function (card) {
      if (card.querySelector('[data-testid="isolated"]')) return;
      var head = card.querySelector('.card__head') || card;
      head.insertBefore(el('span', { 'class': 'badge badge--drill', 'data-testid': 'isolated', title: T.badgeTitle }, T.badge),
        head.firstChild);
    });
  }

  window.fireGridIsolationsRefresh = refresh; // console-isolation-edit.js: show a change at once
  document.addEventListener('DOMContentLoaded', function () {
    var seen = token();
    refresh();
    window.setInterval(refresh, REFRESH_MS);
    window.setInterval(function () { // signed in (or out) since: show the list at once
      var now = token();
      if (now !== seen) { seen = now; known = {}; refresh(); }
    }, 1000);
    var list = document.querySelector('[data-testid="alarm-list"]');
    if (list && window.MutationObserver) {
      new MutationObserver(markCards).observe(list, { childList: true, subtree: true });
    }
  });
})();
