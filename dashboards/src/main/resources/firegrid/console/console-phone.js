/*
 * The phone line of an alarm card: SMS, summaries, delivery reports, replies and calls about the
 * alarm (GET /api/v1/alarms/{id}/phone). console.js calls FireGridPhone.refresh(card, id, api)
 * whenever it refreshes who was told.
 */
(function () {
  'use strict';

  function summary(entries) {
    var out = entries.filter(function (e) { return e.direction === 'out' && e.channel === 'sms'; });
    var sent = out.filter(function (e) { return e.state === 'sent'; }).length;
    var failed = out.filter(function (e) { return e.state === 'failed'; }).length;
    var delivered = out.filter(function (e) {
      return (e.reports || []).some(function (r) { return r.status === 'delivered'; });
    }).length;
    var held = out.filter(function (e) { return e.kind === 'held'; }).length;
    var callEntries = entries.filter(function (e) { return e.kind === 'call'; });
    var calls = callEntries.length;
    var outcomes = [['answered', '接听 answered'], ['no-answer', '未接 no answer'], ['busy', '占线 busy']]
      .map(function (o) {
        var n = callEntries.filter(function (e) { return e.state === o[0]; }).length;
        return n ? o[1] + ' ' + n : '';
      }).filter(Boolean);
    var replies = entries.filter(function (e) { return e.direction === 'in'; }).map(function (e) {
      return (e.person || '') + ': ' + (e.text || e.state);
    });
    var parts = [];
    if (sent) parts.push('短信 SMS ' + sent + (delivered ? ' (送达 delivered ' + delivered + ')' : ''));
    if (held) parts.push('汇总 in summary ' + held);
    if (failed) parts.push('失败 failed ' + failed);
    if (calls) parts.push('电话 calls ' + calls + (outcomes.length ? ' (' + outcomes.join(', ') + ')' : ''));
    if (replies.length) parts.push('回复 replies ' + replies.join(', '));
    return { text: parts.join(' · '), failing: failed > 0 && sent === 0 };
  }

  function refresh(card, id, api) {
    api('GET', '/alarms/' + id + '/phone').then(function (res) {
      if (!res.ok || !Array.isArray(res.body)) return;
      var line = card.querySelector('[data-testid="phone-log"]');
      if (!line) {
        line = document.createElement('div');
        line.className = 'card__told';
        line.dataset.testid = 'phone-log';
        card.appendChild(line);
      }
      var s = summary(res.body);
      line.textContent = s.text;
      line.hidden = !s.text;
      line.dataset.failing = String(s.failing);
    }, function () { /* offline: the stream indicator says so */ });
  }

  window.FireGridPhone = { refresh: refresh };
}());
