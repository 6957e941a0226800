/*
 * FireGrid console: the read-only duty roster page (#/roster). For every station and grid cell the
 * signed-in token may read, it shows who is on duty now (with backups and the station head) and the
 * weekly shifts, leave and swaps, from GET api/v1/{stations|cells}/{tenant}/{id}/roster and
 * .../on-duty. Rosters are changed through the API or the site inventory, not here.
 * console.js shows and hides the page; this file only fills it.
 */
(function () {
  'use strict';

  var API = 'api/v1/';
  var TOKEN_KEY = 'firegrid.console.token';
  var zh = (document.documentElement.lang || navigator.language || '').indexOf('zh') === 0;
  var T = zh ? {
    title: '值班表', now: '当前值班', backup: '备班', head: '站长', shifts: '班次', leave: '请假', swaps: '调班',
    none: '无值班表：全员值班', station: '微型消防站', cell: '网格', failed: '无法读取值班表：'
  } : {
    title: 'Duty roster', now: 'On duty now', backup: 'Backup', head: 'Head', shifts: 'Shifts', leave: 'Leave',
    swaps: 'Swaps', none: 'No roster: everyone is on duty', station: 'Station', cell: 'Grid cell',
    failed: 'Cannot read the rosters: '
  };

  function byTestId(id) {
    return document.querySelector('[data-testid="' + id + '"]');
  }

  function token() {
    try { return window.localStorage.getItem(TOKEN_KEY); } catch (e) { return null; }
  }

  function get(path) {
    return fetch(API + path, {
      cache: 'no-store', headers: { Authorization: 'Bearer ' + token(), Accept: 'application/json' }
    }).then(function (res) {
      return res.json().catch(function () { return null; }).then(function (body) {
        return { status: res.status, ok: res.ok, body: body };
      });
    });
  }

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }

  function names(people) {
    return (people || []).map(function (p) { return p.name + ' (' + p.id + ')'; }).join(', ') || '—';
  }

  function card(kind, place) {
    var path = kind + 's/' + encodeURIComponent(place.tenant) + '/' + encodeURIComponent(place.id) + '/';
    var box = el('article', null, 'card');
    box.dataset.testid = 'roster-' + kind + '-' + place.id;
    box.appendChild(el('h3', T[kind] + ' ' + (place.name || place.id) + ' · ' + place.tenant));
    var facts = el('dl', null, 'card__facts');
    box.appendChild(facts);
    function fact(label, value, id) {
      facts.appendChild(el('dt', label));
      var dd = el('dd', value);
      if (id) dd.dataset.testid = id;
      facts.appendChild(dd);
    }
    Promise.all([get(path + 'on-duty'), get(path + 'roster')]).then(function (res) {
      var duty = res[0].body || {};
      fact(T.now, names(duty.people), 'on-duty-' + place.id);
      fact(T.backup, names(duty.backup));
      if (duty.head) fact(T.head, names([duty.head]));
      if (res[1].status === 404) { fact(T.shifts, T.none); return; }
      var r = res[1].body || {};
      fact(T.shifts, (r.shifts || []).map(function (s) {
        return s.days.join(',') + ' ' + s.from + '-' + s.to + ': ' + s.people.join(', ')
          + (s.backup && s.backup.length ? ' / ' + T.backup + ' ' + s.backup.join(', ') : '');
      }).join(' · ') || '—');
      if (r.leave && r.leave.length) {
        fact(T.leave, r.leave.map(function (l) { return l.person + ' ' + l.from + '–' + l.to; }).join(' · '));
      }
      if (r.swaps && r.swaps.length) {
        fact(T.swaps, r.swaps.map(function (w) { return w.date + ' ' + w.out + ' → ' + w.in; }).join(' · '));
      }
    });
    return box;
  }

  function load() {
    if (window.location.hash.indexOf('#/roster') !== 0 || !token()) return;
    byTestId('roster-title').textContent = T.title;
    var list = byTestId('roster-list');
    var error = byTestId('roster-error');
    Promise.all([get('stations'), get('cells')]).then(function (res) {
      if (!res[0].ok || !res[1].ok) throw new Error('HTTP ' + res[0].status + '/' + res[1].status);
      error.hidden = true;
      list.textContent = '';
      res[0].body.forEach(function (s) { list.appendChild(card('station', s)); });
      res[1].body.forEach(function (c) { list.appendChild(card('cell', c)); });
    }).catch(function (e) {
      error.hidden = false;
      error.textContent = T.failed + (e && e.message ? e.message : String(e));
    });
  }

  window.addEventListener('hashchange', load);
  document.addEventListener('DOMContentLoaded', load);
}());
