/*
 * FireGrid crew console.
 *
 * One page, no build step, no external resources. It signs in with a bearer token, keeps the open
 * alarm queue live over the gateway's SSE stream and walks each alarm through its lifecycle
 * (raised -> acknowledged -> en-route -> on-scene -> resolved) with the HTTP API.
 *
 * Every user-facing string lives in STRINGS; every element a test needs carries a data-testid
 * (see dashboards/README.md).
 */
(function () {
  'use strict';

  var STRINGS = {
    zh: {
      title: 'FireGrid 微型消防站值守台',
      signInTitle: '登录值守台',
      signInHint: '请输入值班访问令牌。令牌只保存在本机浏览器中。',
      tokenLabel: '访问令牌',
      signIn: '登录',
      signOut: '退出登录',
      tokenRejected: '令牌无效或已过期，请重新登录。',
      langToggle: 'EN',
      langToggleTitle: 'Switch to English',
      soundEnable: '开启声音',
      connection: { idle: '未连接', connecting: '连接中…', live: '实时', reconnecting: '重连中…' },
      openCount: '未结警情',
      unackedCount: '待受理',
      emptyQueue: '当前没有未结警情。',
      classes: { fire: '火警', supervisory: '监管报警', trouble: '故障' },
      types: {
        smoke: '烟感', door: '防火门', pressure: '消火栓水压', device: '设备', 'call-point': '手报',
        offline: '设备离线', fault: '故障', tamper: '防拆', 'low-battery': '低电量',
        'sensor-fault': '探测器故障', 'door-held-open': '防火门常开', 'pressure-low': '水压过低',
        'pressure-high': '水压过高', 'pressure-dropping': '水压骤降', exit: '安全出口', 'exit-blocked': '安全出口堵塞'
      },
      states: {
        raised: '新警情', acknowledged: '已受理', 'en-route': '出动中', 'on-scene': '已到场', resolved: '已结案'
      },
      confirmed: '复核确认',
      drill: '演练',
      drillTitle: '演练警情：按真实警情流程处置，报表单独统计',
      device: '设备',
      sensor: '探测器',
      zone: '防区',
      site: '场所',
      raisedAt: '报警时间',
      lastStep: '最近操作',
      told: '已通知',
      escalated: '已升级至',
      reminders: '已提醒 {n} 次',
      ackTimer: '受理计时',
      onSceneTimer: '到场计时',
      ackTook: '受理用时',
      onSceneTook: '到场用时',
      actions: { ack: '受理', 'en-route': '出动', 'on-scene': '到场', resolve: '结案' },
      causePlaceholder: '选择原因…',
      causes: { fire: '真实火警', 'false-alarm': '误报', drill: '演练', maintenance: '维保', test: '测试' },
      actionFailed: '“{action}”未成功（{status}）：{detail}',
      networkError: '无法连接网关：{detail}',
      badData: '网关发来的数据无法解析，已忽略。',
      titleAlert: '【火警 {n}】FireGrid',
      dismiss: '关闭',
      nav: { queue: '警情', sites: '场所', device: '设备', reports: '报表', logins: '登录封锁', roster: '值班表', people: '人员' },
      roles: { admin: '管理员', crew: '消防站队员', 'grid-worker': '网格员', 'facility-manager': '物业/消防安全管理', installer: '安装人员' },
      sitesTitle: '场所与设备',
      noSite: '未指定场所',
      building: '楼栋',
      floors: '层数',
      zoneFloor: '楼层/防区',
      lastSeen: '最后通信',
      never: '从未上线',
      devState: '状态',
      deviceStates: { ok: '正常', alarm: '报警', fault: '故障', offline: '离线' },
      noDevices: '暂无设备。',
      chooseDevice: '请在“场所”中选择一个设备。',
      period: '时段',
      periods: { '1h': '1 小时', '6h': '6 小时', '24h': '24 小时', '7d': '7 天' },
      pressureChart: '消火栓水压 {sensor}（MPa）',
      thresholdLow: '下限 {v}',
      thresholdHigh: '上限 {v}',
      thresholdSource: { sensor: '探测器设定', site: '场所设定', gateway: '网关默认' },
      noReadings: '该时段没有数据。',
      doorTimeline: '防火门 {sensor} 开关记录',
      doorStates: { open: '开', closed: '关', fault: '故障', unknown: '未知' },
      connected: '在线',
      notConnected: '未连接',
      sensors: '探测器',
      reportsTitle: '报表',
      from: '从',
      to: '至',
      update: '查询',
      exportCsv: '导出 CSV',
      reportNames: {
        'response-times': '各消防站响应时间', 'doors-held-open': '防火门常开',
        'pressure-excursions': '消火栓水压异常', 'offline-devices': '设备离线'
      },
      columns: {
        group: '消防站', alarms: '警情数', fire: '火警', ackMedianSeconds: '受理中位', ackWithinTargetShare: '1 分钟内受理',
        onSceneMedianSeconds: '到场中位', onSceneWithinTargetShare: '3 分钟内到场',
        device: '设备', sensor: '探测器', site: '场所', type: '类型', raisedAt: '开始', durationSeconds: '持续'
      },
      stillOpen: '（未恢复）',
      noRows: '该时段没有记录。',
      reportSummary: '共 {count} 条，{open} 条未恢复，合计 {total}',
      loginsTitle: '登录封锁',
      loginsHint: '登录失败次数过多的设备名或来源地址会被暂时拒绝登录，到期自动解除，也可在此提前解除。每 15 秒刷新。',
      loginsTenant: '只显示租户 {tenant} 的设备名。',
      noBlocks: '当前没有被封锁的设备或地址。',
      blockKinds: { device: '设备', address: '地址' },
      blockColumns: { kind: '类型', key: '设备名/地址', failures: '失败次数', until: '封锁至' },
      timeLeft: '还剩 {d}',
      lift: '解除',
      liftTitle: '解除对 {key} 的封锁'
    },
    en: {
      title: 'FireGrid crew console',
      signInTitle: 'Sign in',
      signInHint: 'Enter your duty access token. It is stored only in this browser.',
      tokenLabel: 'Access token',
      signIn: 'Sign in',
      signOut: 'Sign out',
      tokenRejected: 'The token was rejected or has expired. Please sign in again.',
      langToggle: '中文',
      langToggleTitle: '切换到中文',
      soundEnable: 'Enable sound',
      connection: { idle: 'offline', connecting: 'connecting…', live: 'live', reconnecting: 'reconnecting…' },
      openCount: 'Open',
      unackedCount: 'Unacknowledged',
      emptyQueue: 'No open alarms.',
      classes: { fire: 'Fire', supervisory: 'Supervisory', trouble: 'Trouble' },
      types: {
        smoke: 'smoke', door: 'fire door', pressure: 'hydrant pressure', device: 'device', 'call-point': 'call point',
        offline: 'device offline', fault: 'fault', tamper: 'tamper', 'low-battery': 'low battery',
        'sensor-fault': 'sensor fault', 'door-held-open': 'fire door held open', 'pressure-low': 'hydrant pressure low',
        'pressure-high': 'hydrant pressure high', 'pressure-dropping': 'hydrant pressure dropping fast',
        exit: 'exit', 'exit-blocked': 'exit blocked'
      },
      states: {
        raised: 'Raised', acknowledged: 'Acknowledged', 'en-route': 'En route', 'on-scene': 'On scene', resolved: 'Resolved'
      },
      confirmed: 'Confirmed',
      drill: 'DRILL',
      drillTitle: 'Drill alarm: handle it as a real one; reported apart',
      device: 'Device',
      sensor: 'Sensor',
      zone: 'Zone',
      site: 'Site',
      raisedAt: 'Raised',
      lastStep: 'Last step',
      told: 'Notified',
      escalated: 'Escalated to',
      reminders: 'reminded {n}×',
      ackTimer: 'To acknowledge',
      onSceneTimer: 'To on scene',
      ackTook: 'Acknowledged in',
      onSceneTook: 'On scene in',
      actions: { ack: 'Acknowledge', 'en-route': 'En route', 'on-scene': 'On scene', resolve: 'Resolve' },
      causePlaceholder: 'Choose cause…',
      causes: { fire: 'Fire', 'false-alarm': 'False alarm', drill: 'Drill', maintenance: 'Maintenance', test: 'Test' },
      actionFailed: '"{action}" did not go through ({status}): {detail}',
      networkError: 'Cannot reach the gateway: {detail}',
      badData: 'The gateway sent data that could not be read; it was ignored.',
      titleAlert: '[FIRE {n}] FireGrid',
      dismiss: 'Dismiss',
      nav: { queue: 'Alarms', sites: 'Sites', device: 'Device', reports: 'Reports', logins: 'Login blocks', roster: 'Duty roster', people: 'People' },
      roles: { admin: 'admin', crew: 'crew', 'grid-worker': 'grid worker', 'facility-manager': 'facility manager', installer: 'installer' },
      sitesTitle: 'Sites and devices',
      noSite: 'No site',
      building: 'Building',
      floors: 'Floors',
      zoneFloor: 'Floor / zone',
      lastSeen: 'Last seen',
      never: 'never',
      devState: 'State',
      deviceStates: { ok: 'OK', alarm: 'alarm', fault: 'fault', offline: 'offline' },
      noDevices: 'No devices yet.',
      chooseDevice: 'Choose a device under Sites.',
      period: 'Period',
      periods: { '1h': '1 hour', '6h': '6 hours', '24h': '24 hours', '7d': '7 days' },
      pressureChart: 'Hydrant pressure {sensor} (MPa)',
      thresholdLow: 'low {v}',
      thresholdHigh: 'high {v}',
      thresholdSource: { sensor: 'sensor limits', site: 'site limits', gateway: 'gateway default' },
      noReadings: 'No data in this period.',
      doorTimeline: 'Fire door {sensor}: open and closed',
      doorStates: { open: 'open', closed: 'closed', fault: 'fault', unknown: 'unknown' },
      connected: 'connected',
      notConnected: 'not connected',
      sensors: 'Sensors',
      reportsTitle: 'Reports',
      from: 'From',
      to: 'to',
      update: 'Show',
      exportCsv: 'Export CSV',
      reportNames: {
        'response-times': 'Response times per station', 'doors-held-open': 'Fire doors held open',
        'pressure-excursions': 'Hydrant pressure excursions', 'offline-devices': 'Devices offline'
      },
      columns: {
        group: 'Station', alarms: 'Alarms', fire: 'Fire', ackMedianSeconds: 'Ack median', ackWithinTargetShare: 'Ack within 1 min',
        onSceneMedianSeconds: 'On scene median', onSceneWithinTargetShare: 'On scene within 3 min',
        device: 'Device', sensor: 'Sensor', site: 'Site', type: 'Type', raisedAt: 'Began', durationSeconds: 'Lasted'
      },
      stillOpen: ' (still open)',
      noRows: 'Nothing in this period.',
      reportSummary: '{count} in all, {open} still open, {total} together',
      loginsTitle: 'Login blocks',
      loginsHint: 'A device name or source address with too many failed logins is refused for a while. A block ends by itself, or lift it here. Refreshed every 15 s.',
      loginsTenant: 'Only the device names of tenant {tenant} are shown.',
      noBlocks: 'No device or address is blocked.',
      blockKinds: { device: 'device', address: 'address' },
      blockColumns: { kind: 'Kind', key: 'Name or address', failures: 'Failures', until: 'Blocked until' },
      timeLeft: '{d} left',
      lift: 'Lift',
      liftTitle: 'Lift the block on {key}'
    }
  };

  /** Relative, so the console also works behind a reverse proxy that adds a path prefix. */
  var API = 'api/v1/';
  var TOKEN_KEY = 'firegrid.console.token';
  var LANG_KEY = 'firegrid.console.lang';
  /** Response targets (公消〔2015〕301号): acknowledge within 1 minute, on scene within 3. */
  var ACK_TARGET_S = 60;
  var ON_SCENE_TARGET_S = 180;
  /** While a fire alarm stays unacknowledged, the beep repeats this often. */
  var REMINDER_MS = 15000;
  var TOLD_REFRESH_MS = 15000; // how often an unacknowledged card re-reads who was notified
  /** Back-off when the stream was refused (EventSource gives up on HTTP errors by itself). */
  var RETRY_MS = [1000, 2000, 5000, 10000];

  /**
   * The steps offered in each state, the usual next one first. The gateway allows skipping forward
   * (a crew already on site goes straight to on scene) and decides what is legal.
   */
  var NEXT_STEPS = {
    raised: ['ack'],
    acknowledged: ['en-route', 'on-scene'],
    'en-route': ['on-scene'],
    'on-scene': []
  };
  /** Once acknowledged, an alarm can be closed with a cause (e.g. stood down as a false alarm). */
  var RESOLVABLE = { acknowledged: true, 'en-route': true, 'on-scene': true };
  var TEST_IDS = { ack: 'ack-button', 'en-route': 'en-route-button', 'on-scene': 'on-scene-button', resolve: 'resolve-button' };
  var CAUSES = ['fire', 'false-alarm', 'drill', 'maintenance', 'test'];
  var CLASS_RANK = { fire: 0, supervisory: 1, trouble: 2 };
  var STATE_RANK = { raised: 0, acknowledged: 1, 'en-route': 2, 'on-scene': 3, resolved: 4 };

  var state = {
    lang: 'zh',
    token: null,
    source: null,
    connection: 'idle',
    retry: 0,
    retryTimer: null,
    alarms: new Map(),     // id -> open alarm
    versions: new Map(),   // id -> number of steps last accepted, so late responses never roll back
    seen: new Set(),       // ids already announced with a beep
    cards: new Map(),      // id -> <li>
    told: new Map(),       // id -> notifications last fetched
    toldFetched: new Map(), // id -> when they were fetched (ms)
    signatures: new Map(), // id -> what the card was last built from
    causeChoice: new Map(),
    busy: new Set(),
    audio: null,
    lastBeep: 0,
    flashOn: false,
    me: null,              // GET api/v1/me: name, role, tenant, may
    view: 'queue',
    sites: [],             // last GET sites
    devices: [],           // last GET devices
    placesFetched: 0,
    device: null,          // {tenant, id} shown on the device page
    period: '24h',
    blocksFetched: 0,      // when the login blocks were last read (ms)
    lifting: new Set()     // 'kind/key' of blocks whose DELETE is running
  };

  var byTestId = function (id) { return document.querySelector('[data-testid="' + id + '"]'); };

  // ---------------------------------------------------------------- strings

  function t(key, params) {
    var value = lookup(STRINGS[state.lang], key);
    if (value === undefined) value = lookup(STRINGS.en, key);
    if (value === undefined) return key;
    return String(value).replace(/\{(\w+)\}/g, function (m, name) {
      return params && params[name] !== undefined ? params[name] : m;
    });
  }

  function lookup(table, key) {
    return key.split('.').reduce(function (node, part) {
      return node && Object.prototype.hasOwnProperty.call(node, part) ? node[part] : undefined;
    }, table);
  }

  /** A label for an enumerated value; an unknown value is shown as sent. */
  function label(group, value) {
    if (value === null || value === undefined) return '—';
    var v = lookup(STRINGS[state.lang], group + '.' + value);
    return v === undefined ? String(value) : v;
  }

  // ---------------------------------------------------------------- storage

  function load(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }

  function save(key, value) {
    try {
      if (value === null) window.localStorage.removeItem(key); else window.localStorage.setItem(key, value);
    } catch (e) {
      // Private browsing may refuse storage; the session still works until the tab closes.
    }
  }

  // ---------------------------------------------------------------- sign-in

  /** Takes `#token=...` from the address and removes it, so it is not left on screen or in history. */
  function tokenFromFragment() {
    var match = /(?:^#|&)token=([^&]*)/.exec(window.location.hash);
    if (!match) return null;
    var token;
    try { token = decodeURIComponent(match[1]); } catch (e) { token = match[1]; }
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
    return token.trim() || null;
  }

  function signIn(token) {
    state.token = token;
    save(TOKEN_KEY, token);
    byTestId('sign-in-form').hidden = true;
    byTestId('sign-in-error').hidden = true;
    byTestId('console').hidden = false;
    byTestId('sign-out').hidden = false;
    byTestId('connection').hidden = false;
    updateSoundButton();
    connect();
    loadMe();
  }

  function signOut(reasonKey) {
    disconnect();
    state.token = null;
    save(TOKEN_KEY, null);
    state.alarms.clear();
    render();
    setConnection('idle');
    byTestId('console').hidden = true;
    byTestId('sign-out').hidden = true;
    byTestId('connection').hidden = true;
    byTestId('sound-button').hidden = true;
    state.me = null;
    byTestId('nav').hidden = true;
    byTestId('who').hidden = true;
    VIEWS.forEach(function (v) { if (v !== 'queue') byTestId(v + '-view').hidden = true; });
    hideNotice();
    var form = byTestId('sign-in-form');
    form.hidden = false;
    var error = byTestId('sign-in-error');
    error.hidden = !reasonKey;
    error.dataset.key = reasonKey || '';
    error.textContent = reasonKey ? t(reasonKey) : '';
    byTestId('token-input').value = '';
    byTestId('token-input').focus();
  }

  // ---------------------------------------------------------------- live stream

  function connect() {
    disconnect();
    setConnection(state.connection === 'live' || state.retry > 0 ? 'reconnecting' : 'connecting');
    var source = new EventSource(API + 'alarms/stream?access_token=' + encodeURIComponent(state.token));
    state.source = source;
    source.addEventListener('open', function () {
      if (source === state.source) setConnection('live');
    });
    source.addEventListener('snapshot', function (e) {
      if (source !== state.source) return;
      var list = parse(e.data);
      if (!Array.isArray(list)) return;
      state.retry = 0;
      setConnection('live');
      replaceAll(list);
    });
    source.addEventListener('alarm', function (e) {
      if (source !== state.source) return;
      var alarm = parse(e.data);
      if (alarm && alarm.id !== undefined) { accept(alarm); render(); }
    });
    source.addEventListener('closed', function () {
      // the gateway ended the stream because the token was revoked or expired: ask the API, which signs out on 401
      if (source !== state.source) return;
      source.close();
      state.source = null;
      probeThenRetry();
    });
    source.addEventListener('error', function () {
      if (source !== state.source) return;
      setConnection('reconnecting');
      if (source.readyState === EventSource.CLOSED) {
        // The browser only gives up on an HTTP error (401, 5xx...), which EventSource cannot show:
        // ask the API what is wrong, keep the queue fresh from it, and try again later.
        state.source = null;
        probeThenRetry();
      }
      // Otherwise the browser reconnects by itself and the next snapshot replaces the list.
    });
  }

  function disconnect() {
    if (state.retryTimer) { clearTimeout(state.retryTimer); state.retryTimer = null; }
    if (state.source) { state.source.close(); state.source = null; }
  }

  function probeThenRetry() {
    api('GET', 'alarms?state=open').then(function (res) {
      if (res.status === 401) { signOut('tokenRejected'); return; }
      if (res.ok && Array.isArray(res.body)) replaceAll(res.body);
      scheduleRetry();
    }, function () {
      scheduleRetry();
    });
  }

  function scheduleRetry() {
    if (!state.token) return;
    var delay = RETRY_MS[Math.min(state.retry, RETRY_MS.length - 1)];
    state.retry++;
    state.retryTimer = setTimeout(function () { state.retryTimer = null; if (state.token) connect(); }, delay);
  }

  function setConnection(name) {
    state.connection = name;
    var el = byTestId('connection');
    el.dataset.state = name;
    el.textContent = t('connection.' + name);
  }

  function parse(text) {
    try {
      return JSON.parse(text);
    } catch (e) {
      showNotice(t('badData'));
      return null;
    }
  }

  // ---------------------------------------------------------------- alarm queue

  function replaceAll(list) {
    var fresh = new Map();
    list.forEach(function (alarm) {
      if (!alarm || alarm.id === undefined || alarm.open === false) return;
      fresh.set(alarm.id, alarm);
      state.versions.set(alarm.id, steps(alarm));
      announceIfNew(alarm);
    });
    state.alarms = fresh;
    render();
  }

  /** Applies one alarm from the stream or from a POST answer; returns false for a stale copy. */
  function accept(alarm) {
    var known = state.versions.get(alarm.id);
    if (known !== undefined && steps(alarm) < known) return false;
    state.versions.set(alarm.id, steps(alarm));
    if (alarm.open === false) {
      state.alarms.delete(alarm.id);
      state.causeChoice.delete(alarm.id);
    } else {
      state.alarms.set(alarm.id, alarm);
      announceIfNew(alarm);
    }
    return true;
  }

  function steps(alarm) {
    return Array.isArray(alarm.steps) ? alarm.steps.length : 0;
  }

  function announceIfNew(alarm) {
    if (state.seen.has(alarm.id)) return;
    state.seen.add(alarm.id);
    if (alarm['class'] === 'fire' && alarm.state === 'raised') beep();
  }

  function sortedAlarms() {
    return Array.from(state.alarms.values()).sort(function (a, b) {
      return rank(STATE_RANK, a.state) - rank(STATE_RANK, b.state) ||
        rank(CLASS_RANK, a['class']) - rank(CLASS_RANK, b['class']) ||
        time(a.raisedAt) - time(b.raisedAt) ||
        (a.id < b.id ? -1 : 1);
    });
  }

  function rank(table, value) {
    return Object.prototype.hasOwnProperty.call(table, value) ? table[value] : 9;
  }

  function time(iso) {
    var ms = Date.parse(iso);
    return isNaN(ms) ? 0 : ms;
  }

  function render() {
    var list = byTestId('alarm-list');
    var alarms = sortedAlarms();
    var wanted = new Set();
    alarms.forEach(function (alarm, index) {
      wanted.add(alarm.id);
      var signature = JSON.stringify(alarm) + '|' + state.lang + '|' + state.busy.has(alarm.id) + '|' + may('workAlarms');
      var card = state.cards.get(alarm.id);
      if (!card || state.signatures.get(alarm.id) !== signature) {
        var fresh = buildCard(alarm);
        if (card) card.replaceWith(fresh);
        card = fresh;
        state.cards.set(alarm.id, card);
        state.signatures.set(alarm.id, signature);
      }
      if (list.children[index] !== card) list.insertBefore(card, list.children[index] || null);
    });
    state.cards.forEach(function (card, id) {
      if (!wanted.has(id)) {
        card.remove();
        state.cards.delete(id);
        state.signatures.delete(id);
        state.told.delete(id);
        state.toldFetched.delete(id);
      }
    });
    byTestId('open-count').textContent = String(alarms.length);
    byTestId('unacked-count').textContent = String(alarms.filter(function (a) { return a.state === 'raised'; }).length);
    byTestId('empty-queue').hidden = alarms.length > 0;
    tick(false);
    if (state.view === 'sites' && state.token) renderSites(); // device states follow the live alarms
    window.FireGridOpenAlarms = alarms; document.dispatchEvent(new CustomEvent('firegrid:alarms')); // the plan's markers follow them
  }

  function buildCard(alarm) {
    var cls = CLASS_RANK.hasOwnProperty(alarm['class']) ? alarm['class'] : 'trouble';
    var card = el('li', {
      'class': 'card card--' + cls,
      'data-testid': 'alarm-card',
      'data-alarm-id': String(alarm.id),
      'data-class': String(alarm['class']),
      'data-state': String(alarm.state),
      'data-drill': alarm.drill ? 'true' : 'false',
      'data-isolated': alarm.isolated ? 'true' : 'false'
    });

    var head = el('div', { 'class': 'card__head' },
      alarm.drill ? el('span', { 'class': 'badge badge--drill', 'data-testid': 'drill', title: t('drillTitle') },
        t('drill')) : null,
      el('span', { 'class': 'badge badge--' + cls, 'data-testid': 'alarm-class' }, label('classes', alarm['class'])),
      alarm.type ? el('span', { 'class': 'card__type', 'data-testid': 'alarm-type' }, label('types', alarm.type)) : null,
      alarm.confirmed ? el('span', { 'class': 'badge badge--confirmed', 'data-testid': 'confirmed' }, t('confirmed')) : null,
      el('span', { 'class': 'card__spacer' }),
      el('span', { 'class': 'state state--' + alarm.state, 'data-testid': 'state', 'data-state': String(alarm.state) },
        label('states', alarm.state)));

    var facts = el('dl', { 'class': 'card__facts' },
      fact('device', alarm.device, alarm.tenant ? alarm.device + '@' + alarm.tenant : null),
      fact('sensor', alarm.sensor),
      fact('zone', alarm.zone),
      fact('site', alarm.site));

    var raised = el('time', { 'data-testid': 'raised-at', datetime: String(alarm.raisedAt || '') }, clock(alarm.raisedAt));
    var times = el('div', { 'class': 'card__times' },
      el('span', null, t('raisedAt') + ' ', raised),
      el('span', { 'class': 'timer', 'data-testid': 'ack-took', 'data-overdue': 'false', hidden: '' }),
      el('span', { 'class': 'timer', 'data-testid': 'timer', 'data-overdue': 'false' }));
    var last = lastStep(alarm);
    if (last && alarm.state !== 'raised') {
      times.appendChild(el('span', { 'class': 'card__last', 'data-testid': 'last-step' },
        t('lastStep') + ' ' + label('states', last.state) + ' · ' + (last.by || '—') + ' · ' + clock(last.at)));
    }

    card.appendChild(head);
    if (window.FireGridLocations) card.appendChild(window.FireGridLocations.card(alarm, state.lang)); // where first
    card.appendChild(facts);
    card.appendChild(times);
    card.appendChild(el('div', { 'class': 'card__told', 'data-testid': 'told', hidden: '' }));
    var known = state.told.get(alarm.id);
    if (known) showTold(card, known);
    refreshTold(alarm.id);
    var actions = buildActions(alarm);
    if (actions) card.appendChild(actions);
    return card;
  }

  function fact(key, value, title) {
    return el('div', null,
      el('dt', null, t(key)),
      el('dd', { 'data-testid': key, title: title || null }, value === null || value === undefined || value === '' ? '—' : String(value)));
  }

  function buildActions(alarm) {
    if (!may('workAlarms')) return null; // e.g. a facility manager watches the queue but does not work it
    var steps = NEXT_STEPS[alarm.state] || [];
    var resolvable = RESOLVABLE[alarm.state] === true;
    if (!steps.length && !resolvable) return null;
    var busy = state.busy.has(alarm.id);
    var box = el('div', { 'class': 'card__actions' });

    if (steps.length) {
      var row = el('div', { 'class': 'card__row' });
      steps.forEach(function (action, i) {
        var button = actionButton(alarm.id, action, i === 0);
        button.disabled = busy;
        row.appendChild(button);
      });
      box.appendChild(row);
    }

    if (resolvable) {
      var resolveRow = el('div', { 'class': 'card__row' });
      var select = el('select', { 'data-testid': 'cause-select', 'aria-label': t('causePlaceholder') },
        el('option', { value: '' }, t('causePlaceholder')));
      CAUSES.forEach(function (cause) { select.appendChild(el('option', { value: cause }, label('causes', cause))); });
      select.value = state.causeChoice.get(alarm.id) || '';
      var resolve = actionButton(alarm.id, 'resolve', !steps.length);
      select.disabled = busy;
      resolve.disabled = busy || !select.value;
      select.addEventListener('change', function () {
        state.causeChoice.set(alarm.id, select.value);
        resolve.disabled = !select.value;
      });
      resolveRow.appendChild(select);
      resolveRow.appendChild(resolve);
      box.appendChild(resolveRow);
    }
    return box;
  }

  function actionButton(id, action, primary) {
    var button = el('button', {
      type: 'button',
      'class': 'btn btn--' + action + (primary ? ' btn--primary' : ' btn--secondary'),
      'data-testid': TEST_IDS[action],
      'data-action': action
    }, t('actions.' + action));
    button.addEventListener('click', function () { act(id, action); });
    return button;
  }

  function lastStep(alarm) {
    return Array.isArray(alarm.steps) && alarm.steps.length ? alarm.steps[alarm.steps.length - 1] : null;
  }

  function stepAt(alarm, name) {
    var found = (alarm.steps || []).filter(function (s) { return s.state === name; })[0];
    return found ? time(found.at) : null;
  }

  // ---------------------------------------------------------------- lifecycle actions

  function act(id, action) {
    if (state.busy.has(id)) return;
    var body = {};
    if (action === 'resolve') {
      var cause = state.causeChoice.get(id);
      if (!cause) return;
      body.cause = cause;
    }
    state.busy.add(id);
    render();
    api('POST', 'alarms/' + encodeURIComponent(id) + '/' + action, body).then(function (res) {
      if (res.status === 401) { signOut('tokenRejected'); return; }
      if (res.ok && res.body && res.body.id !== undefined) {
        accept(res.body);
        return;
      }
      showNotice(t('actionFailed', {
        action: t('actions.' + action),
        status: res.status,
        detail: errorText(res)
      }));
      if (res.status === 409 || res.status === 404) refresh(id);
    }, function (err) {
      showNotice(t('networkError', { detail: err && err.message ? err.message : String(err) }));
    }).then(function () {
      state.busy.delete(id);
      render();
    });
  }

  /** After a conflict, fetch what the alarm really is now (someone else may have moved it on). */
  function refresh(id) {
    api('GET', 'alarms/' + encodeURIComponent(id)).then(function (res) {
      if (res.status === 401) { signOut('tokenRejected'); return; }
      if (res.ok && res.body && res.body.id !== undefined) { accept(res.body); render(); }
    }, function () { /* the stream will bring the change; the notice already told the user */ });
  }

  function errorText(res) {
    var b = res.body;
    if (b && typeof b === 'object') return b.detail || b.error || JSON.stringify(b);
    return res.text || res.statusText || String(res.status);
  }

  /** Resolves with {status, ok, body, text, statusText}; rejects only when the gateway cannot be reached. */
  function api(method, path, body) {
    var init = {
      method: method,
      cache: 'no-store',
      headers: { Authorization: 'Bearer ' + state.token, Accept: 'application/json' }
    };
    if (method !== 'GET') {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body || {});
    }
    return fetch(API + path, init).then(function (res) {
      return res.text().then(function (text) {
        var parsed = null;
        try { parsed = text ? JSON.parse(text) : null; } catch (e) { parsed = null; }
        return { status: res.status, ok: res.ok, body: parsed, text: text, statusText: res.statusText };
      });
    });
  }

  // ---------------------------------------------------------------- who was told

  /** Fetches who the gateway notified of an alarm (and any escalation) and shows it on its card. */
  function refreshTold(id) {
    state.toldFetched.set(id, Date.now());
    api('GET', '/alarms/' + id + '/notifications').then(function (res) {
      if (!res.ok || !Array.isArray(res.body)) return;
      state.told.set(id, res.body);
      var card = state.cards.get(id);
      if (card) showTold(card, res.body);
      if (card && window.FireGridPhone) window.FireGridPhone.refresh(card, id, api);
    }, function () { /* offline: the stream indicator says so */ });
  }

  function showTold(card, notifications) {
    var names = function (reason) {
      var seen = [];
      notifications.forEach(function (n) {
        var name = n.recipient && (n.recipient.name || n.recipient.id);
        if (n.reason === reason && name && seen.indexOf(name) < 0) seen.push(name);
      });
      return seen;
    };
    var parts = [];
    var told = names('raised');
    var escalated = names('escalated');
    var reminders = notifications.filter(function (n) { return n.reason === 'reminder'; }).length;
    if (told.length) parts.push(t('told') + ' ' + told.join(', '));
    if (escalated.length) parts.push(t('escalated') + ' ' + escalated.join(', '));
    if (reminders) parts.push(t('reminders', { n: reminders }));
    var line = card.querySelector('[data-testid="told"]');
    line.textContent = parts.join(' · ');
    line.hidden = parts.length === 0;
    line.dataset.escalated = String(escalated.length > 0);
  }

  // ---------------------------------------------------------------- timers, sound, title

  /** Refreshes timers, title and reminders; `flash` is true only on the one-second beat. */
  function tick(flash) {
    var now = Date.now();
    var unackedFire = 0;
    state.alarms.forEach(function (alarm) {
      if (alarm['class'] === 'fire' && alarm.state === 'raised') unackedFire++;
      var card = state.cards.get(alarm.id);
      if (!card) return;
      // while nobody has acknowledged, the gateway escalates and reminds: look again now and then
      if (alarm.state === 'raised' && now - (state.toldFetched.get(alarm.id) || 0) >= TOLD_REFRESH_MS) {
        refreshTold(alarm.id);
      }
      var info = timing(alarm, now);
      var ackTook = card.querySelector('[data-testid="ack-took"]');
      ackTook.hidden = info.ackSeconds === null;
      ackTook.textContent = info.ackSeconds === null ? '' : t('ackTook') + ' ' + duration(info.ackSeconds);
      ackTook.dataset.overdue = String(info.ackSeconds !== null && info.ackSeconds > ACK_TARGET_S);
      var timer = card.querySelector('[data-testid="timer"]');
      timer.textContent = info.text;
      timer.dataset.overdue = String(info.overdue);
      card.dataset.overdue = String(info.overdue || ackTook.dataset.overdue === 'true');
    });

    if (unackedFire > 0) {
      if (flash) state.flashOn = !state.flashOn;
      document.title = state.flashOn ? t('titleAlert', { n: unackedFire }) : t('title');
      if (now - state.lastBeep >= REMINDER_MS) beep();
    } else {
      state.flashOn = false;
      document.title = t('title');
    }
    var sound = byTestId('sound-button');
    sound.classList.toggle('btn--urgent', unackedFire > 0);
  }

  /**
   * What the timers on a card say: before acknowledgement, time since raisedAt against the 60 s
   * target; then the acknowledge time taken and time since raisedAt against the 180 s on-scene
   * target; once on scene, the figures reached. The gateway's ackSeconds / onSceneSeconds win over
   * times worked out here from the steps.
   */
  function timing(alarm, now) {
    var raised = time(alarm.raisedAt);
    var elapsed = Math.max(0, Math.floor((now - raised) / 1000));
    var ackAt = stepAt(alarm, 'acknowledged');
    var ackSeconds = numberOr(alarm.ackSeconds, ackAt ? Math.round((ackAt - raised) / 1000) : null);
    var onSceneAt = stepAt(alarm, 'on-scene');
    var onSceneSeconds = numberOr(alarm.onSceneSeconds, onSceneAt ? Math.round((onSceneAt - raised) / 1000) : null);

    if (alarm.state === 'raised') {
      return {
        ackSeconds: null,
        text: t('ackTimer') + ' ' + duration(elapsed) + ' / ' + duration(ACK_TARGET_S),
        overdue: elapsed > ACK_TARGET_S
      };
    }
    if (onSceneSeconds === null) {
      return {
        ackSeconds: ackSeconds,
        text: t('onSceneTimer') + ' ' + duration(elapsed) + ' / ' + duration(ON_SCENE_TARGET_S),
        overdue: elapsed > ON_SCENE_TARGET_S
      };
    }
    return {
      ackSeconds: ackSeconds,
      text: t('onSceneTook') + ' ' + duration(onSceneSeconds),
      overdue: onSceneSeconds > ON_SCENE_TARGET_S
    };
  }

  function numberOr(value, fallback) {
    return typeof value === 'number' && isFinite(value) ? value : fallback;
  }

  function duration(seconds) {
    var s = Math.max(0, Math.round(seconds));
    var h = Math.floor(s / 3600);
    var m = Math.floor((s % 3600) / 60);
    var rest = pad(s % 60);
    return h > 0 ? h + ':' + pad(m) + ':' + rest : m + ':' + rest;
  }

  function clock(iso) {
    var ms = Date.parse(iso);
    if (isNaN(ms)) return '—';
    var d = new Date(ms);
    var hms = pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
    var today = new Date();
    return d.toDateString() === today.toDateString() ? hms : pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' + hms;
  }

  function pad(n) { return n < 10 ? '0' + n : String(n); }

  function enableSound() {
    var Ctx = window.AudioContext || window.webkitAudioContext;
    if (!Ctx) { updateSoundButton(); return; }
    if (!state.audio) {
      state.audio = new Ctx();
      state.audio.addEventListener('statechange', updateSoundButton);
    }
    state.audio.resume().then(function () {
      updateSoundButton();
      tone(0, 660, 0.12); // a short confirmation that sound works
    });
  }

  function updateSoundButton() {
    var supported = !!(window.AudioContext || window.webkitAudioContext);
    var running = !!(state.audio && state.audio.state === 'running');
    byTestId('sound-button').hidden = !state.token || !supported || running;
  }

  window.FireGridSound = { beep: function () { beep(); } }; // for console-duty.js

  function beep() {
    state.lastBeep = Date.now();
    if (!state.audio || state.audio.state !== 'running') return;
    tone(0, 880, 0.22);
    tone(0.28, 660, 0.22);
    tone(0.56, 880, 0.22);
  }

  function tone(offset, frequency, length) {
    var ctx = state.audio;
    var start = ctx.currentTime + offset;
    var osc = ctx.createOscillator();
    var gain = ctx.createGain();
    osc.type = 'square';
    osc.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(0.25, start + 0.01);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + length);
    osc.connect(gain);
    gain.connect(ctx.destination);
    osc.start(start);
    osc.stop(start + length + 0.02);
  }

  // ---------------------------------------------------------------- notices, language, DOM

  function showNotice(text) {
    byTestId('notice-text').textContent = text;
    byTestId('notice').hidden = false;
  }

  function hideNotice() {
    byTestId('notice').hidden = true;
    byTestId('notice-text').textContent = '';
  }

  function applyLanguage() {
    document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
    Array.prototype.forEach.call(document.querySelectorAll('[data-i18n]'), function (node) {
      node.textContent = t(node.getAttribute('data-i18n'));
    });
    var toggle = byTestId('lang-toggle');
    toggle.textContent = t('langToggle');
    toggle.title = t('langToggleTitle');
    toggle.dataset.lang = state.lang;
    byTestId('sign-out').textContent = t('signOut');
    byTestId('sound-button').textContent = t('soundEnable');
    byTestId('notice-close').title = t('dismiss');
    var error = byTestId('sign-in-error');
    if (error.dataset.key) error.textContent = t(error.dataset.key);
    setConnection(state.connection);
    showWho();
    render();
    if (state.token && state.me) showView(); // redraw the page in the new language
  }

  function el(tag, attrs) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (name) {
        if (attrs[name] !== null && attrs[name] !== undefined) node.setAttribute(name, attrs[name]);
      });
    }
    for (var i = 2; i < arguments.length; i++) {
      [].concat(arguments[i]).forEach(function (child) {
        if (child === null || child === undefined) return;
        node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
      });
    }
    return node;
  }

  // ---------------------------------------------------------------- who, navigation

  var VIEWS = ['queue', 'sites', 'device', 'reports', 'logins', 'roster', 'people', 'plans']; // roster: console-roster.js; people: console-people.js; plans: console-floorplan.js
  /** The site page re-reads sites and devices this often while it is shown (states follow the stream). */
  var PLACES_REFRESH_MS = 30000;
  var PERIOD_MS = { '1h': 3600000, '6h': 6 * 3600000, '24h': 24 * 3600000, '7d': 7 * 24 * 3600000 };
  var REPORTS = ['response-times', 'doors-held-open', 'pressure-excursions', 'offline-devices'];
  /** The login blocks page re-reads the blocks this often while it is shown. */
  var BLOCKS_REFRESH_MS = 15000;

  /** What the signed-in role may do, as the gateway says (GET api/v1/me); nothing until it has answered. */
  function may(what) {
    return !!(state.me && state.me.may && state.me.may[what] === true);
  }

  function loadMe() {
    api('GET', 'me').then(function (res) {
      if (res.status === 401) { signOut('tokenRejected'); return; }
      if (!res.ok || !res.body || !res.body.role) {
        showNotice(t('actionFailed', { action: t('signIn'), status: res.status, detail: errorText(res) }));
        return;
      }
      state.me = res.body;
      document.body.dataset.role = state.me.role;
      byTestId('nav-reports').hidden = !may('reports');
      byTestId('nav-logins').hidden = !may('logins');
      byTestId('nav').hidden = false;
      showWho();
      state.signatures.clear(); // buttons depend on the role
      render();
      route();
    }, function (err) {
      showNotice(t('networkError', { detail: err && err.message ? err.message : String(err) }));
    });
  }

  function showWho() {
    var who = byTestId('who');
    if (!state.me) { who.hidden = true; return; }
    who.hidden = false;
    who.dataset.role = state.me.role;
    who.textContent = state.me.name + ' · ' + label('roles', state.me.role) + (state.me.tenant ? ' · ' + state.me.tenant : '');
  }

  /** Reads the page from the address: #/queue, #/sites, #/device/{tenant}/{device}, #/reports, #/logins. */
  function route() {
    if (!state.token || !state.me) return;
    var parts = window.location.hash.replace(/^#\/?/, '').split('/').map(function (p) {
      try { return decodeURIComponent(p); } catch (e) { return p; }
    });
    var view = VIEWS.indexOf(parts[0]) >= 0 ? parts[0] : defaultView();
    if (view === 'reports' && !may('reports')) view = defaultView();
    if (view === 'logins' && !may('logins')) view = defaultView();
    if (view === 'device' && parts.length >= 3 && parts[1] && parts[2]) state.device = { tenant: parts[1], id: parts[2] };
    state.view = view;
    showView();
  }

  /** Those who work alarms start at the queue; facility managers and installers at their sites. */
  function defaultView() {
    return may('workAlarms') ? 'queue' : 'sites';
  }

  function showView() {
    VIEWS.forEach(function (v) {
      byTestId(v === 'queue' ? 'console' : v + '-view').hidden = v !== state.view;
      var tab = byTestId('nav-' + v);
      if (v === state.view) tab.setAttribute('aria-current', 'page'); else tab.removeAttribute('aria-current');
    });
    byTestId('nav').dataset.view = state.view;
    if (state.view === 'sites') loadPlaces();
    if (state.view === 'device') loadDevice();
    if (state.view === 'reports') {
      if (!byTestId('report-from').value) setDefaultReportDates();
      loadReports();
    }
    if (state.view === 'logins') loadBlocks();
  }

  // ---------------------------------------------------------------- sites

  function loadPlaces() {
    state.placesFetched = Date.now();
    Promise.all([api('GET', 'sites'), api('GET', 'devices')]).then(function (res) {
      if (res[0].status === 401 || res[1].status === 401) { signOut('tokenRejected'); return; }
      if (!res[0].ok || !res[1].ok) {
        var bad = res[0].ok ? res[1] : res[0];
        showNotice(t('actionFailed', { action: t('nav.sites'), status: bad.status, detail: errorText(bad) }));
        return;
      }
      state.sites = Array.isArray(res[0].body) ? res[0].body : [];
      state.devices = Array.isArray(res[1].body) ? res[1].body : [];
      renderSites();
    }, function (err) {
      showNotice(t('networkError', { detail: err && err.message ? err.message : String(err) }));
    });
  }

  /**
   * A device's state from the open alarms on the live stream and its connection: alarm (a fire or
   * supervisory alarm open), offline (an offline alarm open, or not connected), fault (any other
   * trouble alarm open), else ok.
   */
  function deviceState(device) {
    var open = Array.from(state.alarms.values()).filter(function (a) {
      return a.device === device.id && a.tenant === device.tenant;
    });
    var has = function (test) { return open.some(test); };
    if (has(function (a) { return a['class'] === 'fire' || a['class'] === 'supervisory'; })) return 'alarm';
    if (has(function (a) { return a.type === 'offline'; }) || device.connected !== true) return 'offline';
    if (has(function (a) { return a['class'] === 'trouble'; })) return 'fault';
    return 'ok';
  }

  function renderSites() {
    var box = byTestId('site-list');
    box.textContent = '';
    if (!state.devices.length && !state.sites.length) {
      box.appendChild(el('p', { 'class': 'empty' }, t('noDevices')));
      return;
    }
    var key = function (tenant, id) { return tenant + '/' + id; };
    var groups = new Map();
    state.sites.slice().sort(function (a, b) {
      return String(a.building).localeCompare(String(b.building)) || String(a.id).localeCompare(String(b.id));
    }).forEach(function (site) { groups.set(key(site.tenant, site.id), { site: site, devices: [] }); });
    state.devices.forEach(function (d) {
      var k = d.site ? key(d.tenant, d.site) : key(d.tenant, '');
      if (!groups.has(k)) groups.set(k, { site: d.site ? { tenant: d.tenant, id: d.site, name: d.site } : null, devices: [] });
      groups.get(k).devices.push(d);
    });
    groups.forEach(function (group) {
      box.appendChild(sitePanel(group.site, group.devices));
    });
  }

  function sitePanel(site, devices) {
    var panel = el('section', { 'class': 'panel', 'data-testid': 'site', 'data-site': site ? site.id : '' },
      el('h3', null, site ? (site.name || site.id) + (site.name && site.name !== site.id ? ' (' + site.id + ')' : '') : t('noSite')));
    if (site && (site.building || site.floors)) {
      panel.appendChild(el('p', { 'class': 'legend' },
        site.building ? t('building') + ' ' + site.building : null,
        site.floors ? ' · ' + t('floors') + ' ' + site.floors : null));
    }
    var address = window.FireGridLocations ? window.FireGridLocations.siteAddress(site, state.lang) : null;
    if (address) panel.appendChild(address);
    if (!devices.length) {
      panel.appendChild(el('p', { 'class': 'legend' }, t('noDevices')));
      return panel;
    }
    // without registered locations, sensors' zones name the floors (F3, 3F, B1...), so group by zone
    var byZone = new Map();
    devices.forEach(function (d) {
      var zones = (d.sensors || []).map(function (s) { return s.zone; }).filter(Boolean);
      var zone = zones.length ? zones.filter(function (z, i) { return zones.indexOf(z) === i; }).sort().join(', ') : '—';
      if (!byZone.has(zone)) byZone.set(zone, []);
      byZone.get(zone).push(d);
    });
    var placed = window.FireGridLocations ? window.FireGridLocations.groups(devices, site, state.lang) : null;
    if (placed) byZone = placed; // sensors' buildings and floors, in their order, when registered
    var table = el('table', { 'class': 'rows' }, el('thead', null, el('tr', null,
      el('th', null, t('zoneFloor')), el('th', null, t('device')), el('th', null, t('devState')), el('th', null, t('lastSeen')))));
    var body = el('tbody');
    (placed ? Array.from(byZone.keys()) : Array.from(byZone.keys()).sort()).forEach(function (zone) {
      byZone.get(zone).sort(function (a, b) { return a.id < b.id ? -1 : 1; }).forEach(function (d) {
        var st = deviceState(d);
        body.appendChild(el('tr', { 'data-testid': 'site-device', 'data-device': d.id, 'data-state': st },
          el('td', null, zone),
          el('td', null, el('a', { href: '#/device/' + encodeURIComponent(d.tenant) + '/' + encodeURIComponent(d.id),
            'data-testid': 'device-link' }, d.id)),
          el('td', null, el('span', { 'class': 'dev-state', 'data-state': st, 'data-testid': 'device-state' },
            label('deviceStates', st))),
          el('td', { 'data-testid': 'last-seen' }, d.lastSeen ? clock(d.lastSeen) : t('never'))));
      });
    });
    table.appendChild(body);
    panel.appendChild(el('div', { 'class': 'scroll' }, table));
    return panel;
  }

  // ---------------------------------------------------------------- device

  function loadDevice() {
    var charts = byTestId('device-charts');
    var facts = byTestId('device-facts');
    byTestId('period-select').value = state.period;
    if (!state.device) {
      byTestId('device-empty').hidden = false;
      byTestId('device-title').textContent = t('nav.device');
      charts.textContent = '';
      facts.textContent = '';
      return;
    }
    byTestId('device-empty').hidden = true;
    var path = 'devices/' + encodeURIComponent(state.device.tenant) + '/' + encodeURIComponent(state.device.id);
    var shown = state.device;
    api('GET', path).then(function (res) {
      if (res.status === 401) { signOut('tokenRejected'); return; }
      if (!res.ok || !res.body) {
        showNotice(t('actionFailed', { action: t('nav.device'), status: res.status, detail: errorText(res) }));
        return;
      }
      if (shown !== state.device) return;
      var d = res.body;
      byTestId('device-title').textContent = d.id + '@' + d.tenant;
      facts.textContent = '';
      facts.appendChild(fact('site', d.site));
      facts.appendChild(el('div', null, el('dt', null, t('devState')),
        el('dd', { 'data-testid': 'device-connected' }, d.connected ? t('connected') : t('notConnected'))));
      facts.appendChild(el('div', null, el('dt', null, t('lastSeen')), el('dd', null, d.lastSeen ? clock(d.lastSeen) : t('never'))));
      facts.appendChild(el('div', null, el('dt', null, t('sensors')), el('dd', null,
        (d.sensors || []).map(function (s) { return s.id; }).join(', ') || '—')));
      charts.textContent = '';
      var to = new Date();
      var from = new Date(to.getTime() - PERIOD_MS[state.period]);
      (d.sensors || []).forEach(function (sensor) {
        if (sensor.kind !== 'pressure' && sensor.kind !== 'door') return;
        var panel = el('section', { 'class': 'panel' });
        charts.appendChild(panel);
        api('GET', path + '/readings?sensor=' + encodeURIComponent(sensor.id) + '&from=' + from.toISOString() +
          '&to=' + to.toISOString()).then(function (r) {
          if (!r.ok || !r.body) {
            panel.appendChild(el('p', { 'class': 'legend', 'data-testid': 'chart-error' },
              t('actionFailed', { action: sensor.id, status: r.status, detail: errorText(r) })));
            return;
          }
          if (sensor.kind === 'pressure') pressureChart(panel, sensor, r.body, from, to);
          else doorTimeline(panel, sensor, r.body, from, to);
        }, function (err) {
          panel.appendChild(el('p', { 'class': 'legend' }, t('networkError', { detail: String(err) })));
        });
      });
    }, function (err) {
      showNotice(t('networkError', { detail: err && err.message ? err.message : String(err) }));
    });
  }

  var SVG_NS = 'http://www.w3.org/2000/svg';

  function svg(tag, attrs) {
    var node = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    for (var i = 2; i < arguments.length; i++) {
      if (arguments[i] !== null && arguments[i] !== undefined) {
        node.appendChild(typeof arguments[i] === 'string' ? document.createTextNode(arguments[i]) : arguments[i]);
      }
    }
    return node;
  }

  function timeLabel(ms, spanMs) {
    var d = new Date(ms);
    var hm = pad(d.getHours()) + ':' + pad(d.getMinutes());
    return spanMs > 24 * 3600000 ? pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' + hm : hm;
  }

  /**
   * Mean per bucket as a line, min..max as a band, and the low and high thresholds the gateway
   * alarms on (sensor, site or gateway default) as dashed lines.
   */
  function pressureChart(panel, sensor, history, from, to) {
    var th = sensor.thresholds || null;
    var source = th && th.source ? label('thresholdSource', th.source) : '';
    panel.appendChild(el('h3', null, t('pressureChart', { sensor: sensor.id })));
    var readings = (history.readings || []).filter(function (b) { return typeof b.mean === 'number'; });
    var W = 640, H = 240, L = 44, R = 10, T = 10, B = 24;
    var x0 = from.getTime(), x1 = to.getTime();
    var values = [];
    readings.forEach(function (b) { values.push(b.min, b.max); });
    if (th) values.push(th.pressureLowMpa, th.pressureHighMpa);
    var lo = Math.min.apply(null, values.length ? values : [0]);
    var hi = Math.max.apply(null, values.length ? values : [1]);
    var pad_ = Math.max((hi - lo) * 0.1, 0.02);
    lo = Math.max(0, lo - pad_); hi = hi + pad_;
    var x = function (ms) { return L + (ms - x0) / (x1 - x0) * (W - L - R); };
    var y = function (v) { return T + (hi - v) / (hi - lo) * (H - T - B); };
    var chart = svg('svg', { 'class': 'chart', viewBox: '0 0 ' + W + ' ' + H, role: 'img',
      'data-testid': 'pressure-chart', 'data-sensor': sensor.id, 'data-points': String(readings.length),
      'aria-label': t('pressureChart', { sensor: sensor.id }) });
    chart.appendChild(svg('line', { 'class': 'chart__axis', x1: L, y1: H - B, x2: W - R, y2: H - B }));
    chart.appendChild(svg('line', { 'class': 'chart__axis', x1: L, y1: T, x2: L, y2: H - B }));
    for (var i = 0; i <= 4; i++) {
      var v = lo + (hi - lo) * i / 4;
      chart.appendChild(svg('text', { 'class': 'chart__label', x: L - 4, y: y(v) + 3, 'text-anchor': 'end' }, v.toFixed(2)));
      var ms = x0 + (x1 - x0) * i / 4;
      chart.appendChild(svg('text', { 'class': 'chart__label', x: x(ms), y: H - 8, 'text-anchor': i === 0 ? 'start' : i === 4 ? 'end' : 'middle' },
        timeLabel(ms, x1 - x0)));
    }
    if (readings.length) {
      var bucketMs = (history.bucketSeconds || 60) * 1000;
      var mid = function (b) { return Math.min(x1, Date.parse(b.t) + bucketMs / 2); };
      var top = readings.map(function (b) { return x(mid(b)).toFixed(1) + ',' + y(b.max).toFixed(1); });
      var bottom = readings.slice().reverse().map(function (b) { return x(mid(b)).toFixed(1) + ',' + y(b.min).toFixed(1); });
      chart.appendChild(svg('polygon', { 'class': 'chart__band', points: top.concat(bottom).join(' ') }));
      chart.appendChild(svg('polyline', { 'class': 'chart__line', 'data-testid': 'chart-line',
        points: readings.map(function (b) { return x(mid(b)).toFixed(1) + ',' + y(b.mean).toFixed(1); }).join(' ') }));
      if (readings.length === 1) {
        chart.appendChild(svg('circle', { 'class': 'chart__line', cx: x(mid(readings[0])), cy: y(readings[0].mean), r: 3 }));
      }
    }
    if (th) {
      [['low', th.pressureLowMpa, 'thresholdLow'], ['high', th.pressureHighMpa, 'thresholdHigh']].forEach(function (line) {
        chart.appendChild(svg('line', { 'class': 'chart__threshold', 'data-testid': 'threshold-' + line[0],
          'data-value': String(line[1]), x1: L, x2: W - R, y1: y(line[1]), y2: y(line[1]) }));
        chart.appendChild(svg('text', { 'class': 'chart__label chart__label--threshold', x: W - R - 2,
          y: y(line[1]) + (line[0] === 'low' ? 12 : -4), 'text-anchor': 'end' }, t(line[2], { v: line[1] })));
      });
    }
    panel.appendChild(chart);
    panel.appendChild(el('p', { 'class': 'legend', 'data-testid': 'chart-legend' },
      th ? t('thresholdLow', { v: th.pressureLowMpa }) + ' · ' + t('thresholdHigh', { v: th.pressureHighMpa }) + ' MPa (' + source + ')' : null,
      readings.length ? null : t('noReadings')));
  }

  /** Open, closed and fault periods of a door as coloured bars; before the first change: unknown. */
  function doorTimeline(panel, sensor, history, from, to) {
    panel.appendChild(el('h3', null, t('doorTimeline', { sensor: sensor.id })));
    var events = (history.events || []).filter(function (e) { return !isNaN(Date.parse(e.t)); });
    var W = 640, H = 56, L = 10, R = 10;
    var x0 = from.getTime(), x1 = to.getTime();
    var x = function (ms) { return L + (Math.max(x0, Math.min(x1, ms)) - x0) / (x1 - x0) * (W - L - R); };
    var bar = svg('svg', { 'class': 'chart', viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'data-testid': 'door-timeline',
      'data-sensor': sensor.id, 'data-changes': String(events.length), 'aria-label': t('doorTimeline', { sensor: sensor.id }) });
    var segments = [];
    var at = x0, st = 'unknown';
    events.forEach(function (e) {
      var ms = Date.parse(e.t);
      segments.push({ from: at, to: ms, state: st });
      at = ms; st = e.state;
    });
    segments.push({ from: at, to: x1, state: st });
    segments.forEach(function (seg) {
      if (seg.to <= seg.from) return;
      var known = { open: 1, closed: 1, fault: 1 }[seg.state] ? seg.state : 'unknown';
      bar.appendChild(svg('rect', { 'class': 'timeline__' + known, 'data-testid': 'door-' + known,
        x: x(seg.from), y: 6, width: Math.max(1, x(seg.to) - x(seg.from)), height: 24 },
        svg('title', null, label('doorStates', known) + ' ' + clock(new Date(seg.from).toISOString()))));
    });
    [0, 2, 4].forEach(function (i) {
      var ms = x0 + (x1 - x0) * i / 4;
      bar.appendChild(svg('text', { 'class': 'chart__label', x: x(ms), y: 46, 'text-anchor': i === 0 ? 'start' : i === 4 ? 'end' : 'middle' },
        timeLabel(ms, x1 - x0)));
    });
    panel.appendChild(bar);
    panel.appendChild(el('p', { 'class': 'legend' },
      ['open', 'closed', 'fault'].map(function (s) { return label('doorStates', s); }).join(' · '),
      events.length ? null : ' — ' + t('noReadings')));
  }

  // ---------------------------------------------------------------- reports

  function isoDate(d) {
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate());
  }

  function setDefaultReportDates() {
    var today = new Date();
    byTestId('report-to').value = isoDate(today);
    byTestId('report-from').value = isoDate(new Date(today.getTime() - 30 * 24 * 3600000));
  }

  /** The query of every report: the chosen days in the browser's time zone, the last day included. */
  function reportQuery() {
    var to = new Date(byTestId('report-to').value + 'T00:00:00');
    var toExclusive = isNaN(to.getTime()) ? byTestId('report-to').value : isoDate(new Date(to.getTime() + 36 * 3600000));
    var tz = '';
    try { tz = Intl.DateTimeFormat().resolvedOptions().timeZone || ''; } catch (e) { tz = ''; }
    return 'from=' + encodeURIComponent(byTestId('report-from').value) + '&to=' + encodeURIComponent(toExclusive) +
      (tz ? '&tz=' + encodeURIComponent(tz) : '');
  }

  function reportPath(name) {
    return 'reports/' + name + '?' + reportQuery() + (name === 'response-times' ? '&group=station' : '');
  }

  function loadReports() {
    var list = byTestId('report-list');
    list.textContent = '';
    REPORTS.forEach(function (name) {
      var panel = el('section', { 'class': 'panel', 'data-testid': 'report', 'data-report': name });
      var exportButton = el('button', { type: 'button', 'class': 'btn btn--small btn--secondary',
        'data-testid': 'export-csv', 'data-report': name }, t('exportCsv'));
      exportButton.addEventListener('click', function () { exportCsv(name, exportButton); });
      panel.appendChild(el('div', { 'class': 'panel__head' }, el('h3', null, label('reportNames', name)), exportButton));
      list.appendChild(panel);
      api('GET', reportPath(name)).then(function (res) {
        if (res.status === 401) { signOut('tokenRejected'); return; }
        if (!res.ok || !res.body) {
          panel.appendChild(el('p', { 'class': 'legend', 'data-testid': 'report-error' },
            t('actionFailed', { action: label('reportNames', name), status: res.status, detail: errorText(res) })));
          return;
        }
        panel.appendChild(name === 'response-times' ? responseTable(res.body) : conditionTable(res.body));
      }, function (err) {
        panel.appendChild(el('p', { 'class': 'legend' }, t('networkError', { detail: String(err) })));
      });
    });
  }

  function percent(v) { return typeof v === 'number' ? Math.round(v * 100) + '%' : '—'; }
  function seconds(v) { return typeof v === 'number' ? duration(v) : '—'; }

  function table(headers, rows) {
    if (!rows.length) return el('p', { 'class': 'legend', 'data-testid': 'report-empty' }, t('noRows'));
    var body = el('tbody');
    rows.forEach(function (cells) {
      var tr = el('tr', { 'data-testid': 'report-row' });
      cells.forEach(function (c) { tr.appendChild(el('td', null, c === null || c === undefined ? '—' : String(c))); });
      body.appendChild(tr);
    });
    return el('div', { 'class': 'scroll' }, el('table', { 'class': 'rows' },
      el('thead', null, el('tr', null, headers.map(function (h) { return el('th', null, t('columns.' + h)); }))), body));
  }

  function responseTable(report) {
    return table(['group', 'alarms', 'fire', 'ackMedianSeconds', 'ackWithinTargetShare', 'onSceneMedianSeconds',
      'onSceneWithinTargetShare'], (report.rows || []).map(function (r) {
      return [r.group, r.alarms, r.fire, seconds(r.ackMedianSeconds), percent(r.ackWithinTargetShare),
        seconds(r.onSceneMedianSeconds), percent(r.onSceneWithinTargetShare)];
    }));
  }

  function conditionTable(report) {
    var box = el('div');
    box.appendChild(el('p', { 'class': 'legend', 'data-testid': 'report-summary' }, t('reportSummary', {
      count: report.count, open: report.open, total: seconds(report.totalSeconds) })));
    box.appendChild(table(['device', 'sensor', 'site', 'type', 'raisedAt', 'durationSeconds'], (report.rows || []).map(function (r) {
      return [r.device, r.sensor, r.site, label('types', r.type), clock(r.raisedAt),
        seconds(r.durationSeconds) + (r.open ? t('stillOpen') : '')];
    })));
    return box;
  }

  /** Downloads the report as the gateway renders it (format=csv), with the bearer token in the header. */
  function exportCsv(name, button) {
    button.disabled = true;
    fetch(API + reportPath(name) + '&format=csv', {
      cache: 'no-store', headers: { Authorization: 'Bearer ' + state.token, Accept: 'text/csv' }
    }).then(function (res) {
      if (res.status === 401) { signOut('tokenRejected'); return null; }
      return res.text().then(function (text) {
        if (!res.ok) {
          var detail = text;
          try { detail = JSON.parse(text).detail || text; } catch (e) { /* not JSON: show as sent */ }
          showNotice(t('actionFailed', { action: t('exportCsv'), status: res.status, detail: detail }));
          return;
        }
        var url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
        var link = el('a', { href: url, download: name + '-' + byTestId('report-from').value + '-' +
          byTestId('report-to').value + '.csv', hidden: '' });
        document.body.appendChild(link);
        link.click();
        link.remove();
        setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
      });
    }, function (err) {
      showNotice(t('networkError', { detail: err && err.message ? err.message : String(err) }));
    }).then(function () { button.disabled = false; });
  }

  // ---------------------------------------------------------------- login blocks

  /** Device names and source addresses refused after too many failed logins (admins only). */
  function loadBlocks() {
    state.blocksFetched = Date.now();
    byTestId('logins-hint').textContent = t('loginsHint') +
      (state.me && state.me.tenant ? ' ' + t('loginsTenant', { tenant: state.me.tenant }) : '');
    api('GET', 'security/blocked-logins').then(function (res) {
      if (res.status === 401) { signOut('tokenRejected'); return; }
      var error = byTestId('logins-error');
      if (!res.ok || !Array.isArray(res.body)) {
        error.hidden = false;
        error.textContent = t('actionFailed', { action: t('loginsTitle'), status: res.status, detail: errorText(res) });
        return;
      }
      error.hidden = true;
      showBlocks(res.body);
    }, function (err) {
      showNotice(t('networkError', { detail: err && err.message ? err.message : String(err) }));
    });
  }

  /** Milliseconds of an ISO-8601 instant as the gateway writes it; NaN for anything else (browsers parse loosely). */
  function instant(value) {
    return typeof value === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(value)
      ? Date.parse(value) : NaN;
  }

  function showBlocks(blocks) {
    var list = byTestId('login-block-list');
    list.textContent = '';
    byTestId('logins-empty').hidden = blocks.length > 0;
    byTestId('login-blocks').hidden = blocks.length === 0;
    blocks.forEach(function (b) {
      var kind = String(b.kind), key = String(b.key);
      var until = instant(b.until);
      var id = kind + '/' + key;
      var lift = el('button', { type: 'button', 'class': 'btn btn--small btn--secondary', 'data-testid': 'lift-button',
        title: t('liftTitle', { key: key }) }, t('lift'));
      lift.disabled = state.lifting.has(id);
      lift.addEventListener('click', function () { liftBlock(kind, key, lift); });
      list.appendChild(el('tr', { 'data-testid': 'login-block', 'data-kind': kind, 'data-key': key },
        el('td', { 'data-testid': 'block-kind' }, label('blockKinds', kind)),
        el('td', { 'data-testid': 'block-key' }, key),
        el('td', { 'data-testid': 'block-failures' }, b.failures === null || b.failures === undefined ? '—' : String(b.failures)),
        el('td', null,
          el('time', { 'data-testid': 'block-until', datetime: String(b.until || '') },
            isNaN(until) ? '—' : clock(b.until)),
          el('div', { 'class': 'legend', 'data-testid': 'block-left', 'data-until': isNaN(until) ? '' : String(until) })),
        el('td', null, lift)));
    });
    tickBlocks();
  }

  /** How long each block has left, on the one-second beat; a block past its end is read again. */
  function tickBlocks() {
    if (state.view !== 'logins') return;
    var now = Date.now();
    var ended = false;
    Array.prototype.forEach.call(document.querySelectorAll('[data-testid="block-left"]'), function (node) {
      var until = node.dataset.until ? Number(node.dataset.until) : NaN;
      if (isNaN(until)) { node.textContent = ''; return; }
      ended = ended || until <= now;
      node.textContent = t('timeLeft', { d: duration((until - now) / 1000) });
    });
    if (ended && now - state.blocksFetched >= 5000) loadBlocks();
  }

  function liftBlock(kind, key, button) {
    var id = kind + '/' + key;
    state.lifting.add(id);
    button.disabled = true;
    api('DELETE', 'security/blocked-logins/' + encodeURIComponent(kind) + '/' + encodeURIComponent(key)).then(function (res) {
      if (res.status === 401) { signOut('tokenRejected'); return; }
      if (!res.ok) showNotice(t('actionFailed', { action: t('lift') + ' ' + key, status: res.status, detail: errorText(res) }));
    }, function (err) {
      showNotice(t('networkError', { detail: err && err.message ? err.message : String(err) }));
    }).then(function () {
      state.lifting.delete(id);
      if (state.token && state.view === 'logins') loadBlocks();
    });
  }

  // ---------------------------------------------------------------- start

  function start() {
    state.lang = load(LANG_KEY) === 'en' ? 'en' : 'zh';
    applyLanguage();

    byTestId('lang-toggle').addEventListener('click', function () {
      state.lang = state.lang === 'zh' ? 'en' : 'zh';
      save(LANG_KEY, state.lang);
      applyLanguage();
    });
    byTestId('sound-button').addEventListener('click', enableSound);
    byTestId('sign-out').addEventListener('click', function (e) { e.preventDefault(); signOut(null); });
    byTestId('notice-close').addEventListener('click', hideNotice);
    byTestId('sign-in-form').addEventListener('submit', function (e) {
      e.preventDefault();
      var token = byTestId('token-input').value.trim();
      if (!token) return;
      enableSound(); // this click is the user gesture browsers require before any sound
      signIn(token);
    });
    window.addEventListener('hashchange', function () {
      var token = tokenFromFragment();
      if (token) signIn(token); else route();
    });
    byTestId('period-select').addEventListener('change', function () {
      state.period = byTestId('period-select').value;
      loadDevice();
    });
    byTestId('report-form').addEventListener('submit', function (e) { e.preventDefault(); loadReports(); });
    setInterval(function () {
      if (state.token && state.view === 'sites' && Date.now() - state.placesFetched >= PLACES_REFRESH_MS) loadPlaces();
    }, 5000);
    setInterval(function () {
      if (state.token && state.view === 'logins' && Date.now() - state.blocksFetched >= BLOCKS_REFRESH_MS) loadBlocks();
    }, 1000);
    setInterval(function () { tick(true); tickBlocks(); }, 1000);

    var token = tokenFromFragment() || load(TOKEN_KEY);
    if (token) signIn(token); else signOut(null);
  }

  start();
})();
