/*
 * FireGrid console: people's phones and alarm preferences (#/people, #/people/{tenant}/{id}).
 * The list shows every person the signed-in token may read; a person's page edits the numbers SMS
 * and calls reach them at, and per alarm class the channels used when an alarm is raised, escalated
 * or reminded, quiet hours, urgentAfterMinutes and the daily digest (docs/dispatch.md, "Phones and
 * preferences"). It saves through PUT api/v1/people/{tenant}/{id}: with the change-places action
 * (admin, installer) anyone's; with a crew token for a station head (POST api/v1/tokens with
 * "person") the people of that station; other tokens see the page read-only. The gateway checks everything: a
 * refusal's detail is shown next to the field it names and nothing is saved. Numbers are also
 * marked while typed by the gateway's rule (E.164: a plus, the country code and the number).
 * console.js shows and hides the page; this file only fills it.
 */
(function () {
  'use strict';

  var API = 'api/v1/';
  var TOKEN_KEY = 'firegrid.console.token';
  /** The gateway's E.164 rule (protocol PhoneNumbers): a plus, a country code not starting with 0, 8 to 15 digits. */
  var E164 = /^\+[1-9][0-9]{7,14}$/;
  var CLASSES = ['fire', 'supervisory', 'trouble'];
  var REASONS = ['raised', 'escalated', 'reminder'];
  var CHANNELS = ['sms', 'voice'];
  var DIGEST_CHANNELS = ['sms', 'webhook'];

  var TEXT = {
    zh: {
      title: '人员与通知', name: '姓名', role: '角色', tenant: '租户', phones: '手机号（E.164）', none: '—',
      addPhone: '添加号码', remove: '删除', save: '保存', saving: '正在保存…', saved: '已保存',
      readOnly: '只读：修改号码和通知方式需要管理员或安装人员令牌', back: '返回人员列表',
      classes: { fire: '火警', supervisory: '监管', trouble: '故障' },
      reasons: { raised: '报警时', escalated: '升级时', reminder: '提醒时' },
      quietHours: '免打扰时段内暂缓', urgent: '未受理多少分钟后仍发送（空 = 不发送）', digest: '列入每日汇总',
      quiet: '免打扰时段', from: '从', to: '至', digestAt: '每日汇总时间', digestChannel: '汇总渠道',
      badPhone: '不是 E.164 号码：+、国家代码和号码，只写数字，例如 +8613800138000',
      failed: '无法读取：', notSaved: '未保存：'
    },
    en: {
      title: 'People and notifications', name: 'Name', role: 'Role', tenant: 'Tenant', phones: 'Phones (E.164)', none: '—',
      addPhone: 'Add a number', remove: 'Remove', save: 'Save', saving: 'Saving…', saved: 'Saved',
      readOnly: 'Read-only: changing numbers and notifications needs an admin or installer token', back: 'Back to people',
      classes: { fire: 'Fire', supervisory: 'Supervisory', trouble: 'Trouble' },
      reasons: { raised: 'raised', escalated: 'escalated', reminder: 'reminder' },
      quietHours: 'held back in quiet hours', urgent: 'sent anyway after this many minutes unacknowledged (blank = never)',
      digest: 'in the daily digest', quiet: 'Quiet hours', from: 'from', to: 'to', digestAt: 'Daily digest at',
      digestChannel: 'by', badPhone: 'not an E.164 number: a plus, the country code and the number, digits only, e.g. +8613800138000',
      failed: 'Cannot read: ', notSaved: 'Not saved: '
    }
  };

  function T() {
    return (document.documentElement.lang || '').indexOf('zh') === 0 ? TEXT.zh : TEXT.en;
  }

  function byTestId(id, root) {
    return (root || document).querySelector('[data-testid="' + id + '"]');
  }

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
      return res.json().catch(function () { return null; }).then(function (b) {
        return { status: res.status, ok: res.ok, body: b };
      });
    });
  }

  function detail(res) {
    var b = res.body;
    return b && typeof b === 'object' ? (b.detail || b.error) : 'HTTP ' + res.status;
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') node.textContent = attrs[k];
      else if (k === 'testid') node.dataset.testid = attrs[k];
      else if (k === 'className') node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }

  function personPath(p) {
    return encodeURIComponent(p.tenant) + '/' + encodeURIComponent(p.id);
  }

  // ------------------------------------------------------------------ the list

  function showList(view) {
    var t = T();
    call('GET', 'people').then(function (res) {
      if (!res.ok) throw new Error(detail(res));
      var rows = el('tbody', { testid: 'people-list' });
      res.body.forEach(function (p) {
        rows.appendChild(el('tr', { testid: 'person-row-' + p.id }, [
          el('td', {}, [el('a', { href: '#/people/' + personPath(p), text: p.name, testid: 'person-link-' + p.id })]),
          el('td', { text: p.role }), el('td', { text: p.tenant }),
          el('td', { text: (p.phones || []).join(', ') || t.none })
        ]));
      });
      view.textContent = '';
      view.appendChild(el('h2', { className: 'view__title', text: t.title }));
      view.appendChild(el('div', { className: 'scroll' }, [el('table', { className: 'rows' }, [
        el('thead', {}, [el('tr', {}, [el('th', { text: t.name }), el('th', { text: t.role }), el('th', { text: t.tenant }),
          el('th', { text: t.phones })])]), rows])]));
    }).catch(function (e) { failed(view, e); });
  }

  function failed(view, e) {
    view.textContent = '';
    view.appendChild(el('p', { className: 'legend', testid: 'people-error', text: T().failed + (e && e.message ? e.message : e) }));
  }

  // ------------------------------------------------------------------ one person

  function showPerson(view, tenant, id) {
    Promise.all([call('GET', 'people/' + encodeURIComponent(tenant) + '/' + encodeURIComponent(id)), call('GET', 'me')])
      .then(function (res) {
        if (!res[0].ok) throw new Error(detail(res[0]));
        var me = res[1].ok && res[1].body ? res[1].body : {};
        var actions = me.actions || [];
        // change-places: anyone; edit-people with a token for a person: a station head, whose own
        // station's people the gateway lets them change (it refuses others with the reason, shown on saving)
        var mayChange = actions.indexOf('change-places') >= 0 || (actions.indexOf('edit-people') >= 0 && !!me.person);
        view.textContent = '';
        view.appendChild(form(res[0].body, mayChange));
      }).catch(function (e) { failed(view, e); });
  }

  function form(person, mayChange) {
    var t = T();
    var f = el('form', { className: 'panel people-form', testid: 'person-form', novalidate: '' });
    f.appendChild(el('p', {}, [el('a', { href: '#/people', text: t.back })]));
    f.appendChild(el('h3', { testid: 'person-name', text: person.name + ' · ' + person.role + ' · ' + person.tenant }));
    if (!mayChange) f.appendChild(el('p', { className: 'legend', testid: 'person-read-only', text: t.readOnly }));

    var phones = el('div', { className: 'people-phones', testid: 'person-phones' });
    function addPhone(value) {
      var input = el('input', { type: 'tel', value: value || '', placeholder: '+8613800138000', autocomplete: 'off',
        testid: 'phone-input' });
      input.addEventListener('input', function () { markPhone(input); });
      var remove = el('button', { type: 'button', className: 'btn btn--small btn--secondary', text: t.remove,
        testid: 'phone-remove' });
      var row = el('div', { className: 'people-phone' }, [input, remove]);
      remove.addEventListener('click', function () { row.remove(); });
      phones.appendChild(row);
      markPhone(input);
      return input;
    }
    (person.phones || []).forEach(function (p) { addPhone(p); });
    var add = el('button', { type: 'button', className: 'btn btn--small btn--secondary', text: t.addPhone, testid: 'phone-add' });
    add.addEventListener('click', function () { addPhone('').focus(); });
    f.appendChild(el('h4', { text: t.phones }));
    f.appendChild(phones);
    f.appendChild(add);
    f.appendChild(fieldError('phones'));

    var prefs = person.preferences || {};
    CLASSES.forEach(function (cls) { f.appendChild(classFieldset(cls, prefs[cls] || {})); });
    var quiet = prefs.quietHours || {};
    f.appendChild(el('fieldset', { className: 'people-prefs' }, [
      el('legend', { text: t.quiet }),
      label(t.from, el('input', { type: 'time', value: quiet.from || '', testid: 'quiet-from' })),
      label(t.to, el('input', { type: 'time', value: quiet.to || '', testid: 'quiet-to' })),
      fieldError('quietHours')]));
    var digest = prefs.digest || {};
    var channel = el('select', { testid: 'digest-channel' });
    DIGEST_CHANNELS.concat(DIGEST_CHANNELS.indexOf(digest.channel) < 0 && digest.channel ? [digest.channel] : [])
      .forEach(function (c) { channel.appendChild(el('option', { value: c, text: c })); });
    channel.value = digest.channel || 'sms';
    f.appendChild(el('fieldset', { className: 'people-prefs' }, [
      el('legend', { text: t.digestAt }),
      label(t.digestAt, el('input', { type: 'time', value: digest.at || '', testid: 'digest-at' })),
      label(t.digestChannel, channel), fieldError('digest')]));

    var status = el('p', { className: 'people-status', testid: 'person-status', role: 'status' });
    var save = el('button', { type: 'submit', className: 'btn btn--primary', text: t.save, testid: 'person-save' });
    if (mayChange) {
      f.appendChild(save);
    } else {
      Array.prototype.forEach.call(f.querySelectorAll('input, select, button'), function (i) { i.disabled = true; });
    }
    f.appendChild(status);
    f.addEventListener('submit', function (ev) {
      ev.preventDefault();
      if (!mayChange) return;
      clearErrors(f);
      save.disabled = true;
      status.dataset.state = 'saving';
      status.textContent = t.saving;
      var body = read(f, person);
      call('PUT', 'people/' + personPath(person), body).then(function (res) {
        save.disabled = false;
        if (res.ok) {
          status.dataset.state = 'saved';
          status.textContent = t.saved;
          return;
        }
        status.dataset.state = 'refused';
        status.textContent = t.notSaved + detail(res);
        showError(f, res.body || {});
      }, function (e) {
        save.disabled = false;
        status.dataset.state = 'refused';
        status.textContent = t.notSaved + (e && e.message ? e.message : e);
      });
    });
    return f;
  }

  function classFieldset(cls, p) {
    var t = T();
    var set = el('fieldset', { className: 'people-prefs', testid: 'pref-' + cls }, [el('legend', { text: t.classes[cls] })]);
    REASONS.forEach(function (reason) {
      var given = p[reason] || [];
      var row = el('div', { className: 'people-row' }, [el('span', { text: t.reasons[reason] })]);
      CHANNELS.concat(given.filter(function (c) { return CHANNELS.indexOf(c) < 0; })).forEach(function (c) {
        var box = el('input', { type: 'checkbox', value: c, testid: 'pref-' + cls + '-' + reason + '-' + c });
        box.dataset.reason = reason;
        box.checked = given.indexOf(c) >= 0;
        row.appendChild(el('label', {}, [box, document.createTextNode(' ' + c)]));
      });
      set.appendChild(row);
    });
    var quiet = el('input', { type: 'checkbox', testid: 'pref-' + cls + '-quietHours' });
    quiet.checked = p.quietHours === true;
    var urgent = el('input', { type: 'number', min: '1', max: '1440', step: '1', testid: 'pref-' + cls + '-urgent',
      value: p.urgentAfterMinutes === null || p.urgentAfterMinutes === undefined ? '' : String(p.urgentAfterMinutes) });
    var digest = el('input', { type: 'checkbox', testid: 'pref-' + cls + '-digest' });
    digest.checked = p.digest === true;
    set.appendChild(el('label', {}, [quiet, document.createTextNode(' ' + t.quietHours)]));
    set.appendChild(label(t.urgent, urgent));
    set.appendChild(el('label', {}, [digest, document.createTextNode(' ' + t.digest)]));
    set.appendChild(fieldError(cls));
    return set;
  }

  function label(text, input) {
    return el('label', { className: 'view__control' }, [el('span', { text: text }), input]);
  }

  function fieldError(field) {
    var p = el('p', { className: 'people-error', testid: 'error-' + field, role: 'alert' });
    p.hidden = true;
    return p;
  }

  function markPhone(input) {
    var v = input.value.trim();
    var bad = v !== '' && !E164.test(v);
    input.setAttribute('aria-invalid', bad ? 'true' : 'false');
    input.title = bad ? T().badPhone : '';
  }

  /** The person as PUT takes it: what the gateway sent, with the form's phones and preferences. */
  function read(f, person) {
    var phones = Array.prototype.map.call(f.querySelectorAll('[data-testid="phone-input"]'), function (i) {
      return i.value.trim();
    }).filter(function (v) { return v !== ''; });
    var prefs = {};
    CLASSES.forEach(function (cls) {
      var set = byTestId('pref-' + cls, f);
      var p = {};
      REASONS.forEach(function (reason) {
        p[reason] = Array.prototype.filter.call(set.querySelectorAll('input[data-reason="' + reason + '"]'),
          function (b) { return b.checked; }).map(function (b) { return b.value; });
      });
      p.quietHours = byTestId('pref-' + cls + '-quietHours', f).checked;
      var urgent = byTestId('pref-' + cls + '-urgent', f).value.trim();
      // a number the gateway checks (1-1440); anything else goes as typed so its refusal names the field
      p.urgentAfterMinutes = urgent === '' ? null : (/^\d+$/.test(urgent) ? Number(urgent) : urgent);
      p.digest = byTestId('pref-' + cls + '-digest', f).checked;
      prefs[cls] = p;
    });
    prefs.quietHours = { from: byTestId('quiet-from', f).value, to: byTestId('quiet-to', f).value };
    prefs.digest = { at: byTestId('digest-at', f).value, channel: byTestId('digest-channel', f).value };
    var body = {};
    Object.keys(person).forEach(function (k) { body[k] = person[k]; });
    body.phones = phones;
    body.preferences = prefs;
    return body;
  }

  function clearErrors(f) {
    Array.prototype.forEach.call(f.querySelectorAll('.people-error'), function (p) { p.hidden = true; p.textContent = ''; });
    Array.prototype.forEach.call(f.querySelectorAll('[data-testid="phone-input"]'), markPhone);
  }

  /**
   * Puts a refusal next to the field it names: bad-phone under the numbers (the number it quotes
   * marked), bad-preferences and bad-time under the class, quiet hours or digest they quote
   * ('fire.raised', 'quietHours.from', 'digest.at'); anything else stays in the status line.
   */
  function showError(f, body) {
    var text = body.detail || body.error || '';
    var field = null;
    if (body.error === 'bad-phone') {
      field = 'phones';
      var quoted = /has '([^']*)'/.exec(text);
      Array.prototype.forEach.call(f.querySelectorAll('[data-testid="phone-input"]'), function (i) {
        if (quoted && i.value.trim() === quoted[1]) i.setAttribute('aria-invalid', 'true');
      });
    } else if (body.error === 'bad-preferences' || body.error === 'bad-time') {
      var names = /'([a-zA-Z]+)(?:\.[a-zA-Z]+)?'/.exec(text);
      var top = names ? names[1] : null;
      if (top && (CLASSES.indexOf(top) >= 0 || top === 'quietHours' || top === 'digest')) field = top;
    }
    var where = field ? byTestId('error-' + field, f) : null;
    if (where) {
      where.textContent = text;
      where.hidden = false;
    }
  }

  // ------------------------------------------------------------------ routing

  function load() {
    var hash = window.location.hash;
    if (hash.indexOf('#/people') !== 0 || !token()) return;
    var view = byTestId('people-view');
    if (!view) return;
    var parts = hash.replace(/^#\/?/, '').split('/').map(function (p) {
      try { return decodeURIComponent(p); } catch (e) { return p; }
    });
    if (parts.length >= 3 && parts[1] && parts[2]) showPerson(view, parts[1], parts[2]);
    else showList(view);
  }

  window.addEventListener('hashchange', load);
  document.addEventListener('DOMContentLoaded', load);
}());
