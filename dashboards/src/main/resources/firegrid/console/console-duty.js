/*
 * FireGrid console: the monitoring centre's duty check (查岗). When the city's monitoring centre
 * asks whether someone is at the post (GET /api/v1/gb26875/duty-checks), a banner across the top
 * counts down the minutes it gave and has one button to answer
 * (POST /api/v1/gb26875/duty-checks/{id}/answer); it sounds with the alarm tone when the console's
 * sound is on. A check not answered in time says so. Checked every 5 s while the gateway reports to
 * a centre; not at all otherwise. Self-contained: it reads the token the console keeps.
 */
(function () {
  'use strict';

  var TOKEN_KEY = 'firegrid.console.token';
  var REFRESH_MS = 5000;
  var zh = (document.documentElement.lang || '').indexOf('zh') === 0;
  var T = zh ? {
    asked: '119 监控中心查岗：请在倒计时结束前应答', answer: '应答查岗', answered: '已应答查岗', by: '应答人',
    missed: '查岗未在时限内应答，中心记为脱岗：请致电监控中心说明', failed: '应答失败：'
  } : {
    asked: 'The monitoring centre is checking the post is staffed: answer before the countdown ends',
    answer: 'Answer duty check', answered: 'Duty check answered', by: 'by',
    missed: 'A duty check was not answered in time; the centre records the post as unstaffed: call the centre',
    failed: 'Answer failed: '
  };
  var open = null;        // the open check shown, if any
  var skew = 0;           // gateway clock minus this browser's clock, ms
  var seenMissed = {};
  var timer = null;

  function token() {
    try { return window.localStorage.getItem(TOKEN_KEY); } catch (e) { return null; }
  }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function banner() {
    var b = document.querySelector('[data-testid="duty-check"]');
    if (b) return b;
    b = el('div', { 'data-testid': 'duty-check', 'class': 'notice duty', role: 'alert', hidden: '' });
    b.appendChild(el('span', { 'class': 'notice__text', 'data-testid': 'duty-text' }));
    b.appendChild(el('strong', { 'class': 'duty__left', 'data-testid': 'duty-left' }));
    var button = el('button', { type: 'button', 'class': 'btn btn--primary duty__answer', 'data-testid': 'duty-answer' }, T.answer);
    button.addEventListener('click', answer);
    b.appendChild(button);
    var main = document.querySelector('main');
    (main ? main.parentNode : document.body).insertBefore(b, main || document.body.firstChild);
    return b;
  }

  function left(deadline) {
    var ms = Date.parse(deadline) - (Date.now() + skew);
    if (ms <= 0) return '0:00';
    var s = Math.ceil(ms / 1000);
    var rest = s % 60;
    return Math.floor(s / 60) + ':' + (rest < 10 ? '0' + rest : rest);
  }

  function show(text, state) {
    var b = banner();
    b.querySelector('[data-testid="duty-text"]').textContent = text;
    b.dataset.state = state;
    b.querySelector('[data-testid="duty-answer"]').hidden = state !== 'open';
    b.querySelector('[data-testid="duty-left"]').hidden = state !== 'open';
    b.hidden = false;
  }

  function tickCountdown() {
    if (!open) return;
    banner().querySelector('[data-testid="duty-left"]').textContent = left(open.deadline);
  }

  function render(body) {
    skew = Date.parse(body.now) - Date.now();
    var checks = body.checks || [];
    var current = checks.filter(function (c) { return c.state === 'open'; })[0] || null;
    if (current && (!open || open.id !== current.id) && window.FireGridSound) window.FireGridSound.beep();
    open = current;
    if (open) {
      show(T.asked, 'open');
      tickCountdown();
      return;
    }
    var missed = checks.filter(function (c) { return c.state === 'missed' && !seenMissed[c.id]; })[0];
    var b = document.querySelector('[data-testid="duty-check"]');
    if (missed && Date.now() + skew - Date.parse(missed.deadline) < 3600 * 1000) {
      show(T.missed, 'missed');
    } else if (b && b.dataset.state === 'open') {
      b.hidden = true;
    }
  }

  function refresh() {
    var t = token();
    if (!t) return;
    fetch('/api/v1/gb26875/duty-checks', { headers: { Authorization: 'Bearer ' + t }, cache: 'no-store' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (body) {
        if (!body) return;
        if (!body.centre) { stop(); return; }
        render(body);
      })
      .catch(function () { /* the console shows the connection state; try again at the next refresh */ });
  }

  function answer() {
    if (!open) return;
    var id = open.id;
    fetch('/api/v1/gb26875/duty-checks/' + id + '/answer', {
      method: 'POST', headers: { Authorization: 'Bearer ' + token(), 'Content-Type': 'application/json' }, body: '{}'
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (b) { return { ok: r.ok, status: r.status, body: b }; });
    }).then(function (res) {
      if (res.ok) {
        open = null;
        show(T.answered + ' (' + T.by + ' ' + res.body.answeredBy + ')', 'answered');
      } else {
        show(T.failed + (res.body.detail || res.body.error || res.status), 'failed');
      }
    }, function () { show(T.failed + 'offline', 'failed'); });
  }

  function stop() {
    if (timer) window.clearInterval(timer);
    timer = null;
  }

  function start() {
    refresh();
    timer = window.setInterval(function () { refresh(); }, REFRESH_MS);
    window.setInterval(tickCountdown, 1000);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
}());
