/*
 * FireGrid crew console: where the fire is. The alarm card's location line (the largest text on
 * the card), the site's street address with a map link, a "copy address" button, and the site
 * page's grouping of devices by building and floor. console.js calls window.FireGridLocations.
 */
(function () {
  'use strict';

  var STRINGS = {
    zh: {
      copy: '复制地址', copied: '已复制', copyFailed: '无法复制，请手动选择', map: '地图',
      address: '地址', noLocation: '位置未登记', building: '栋', floor: '层', unit: '单元', unplaced: '位置未登记'
    },
    en: {
      copy: 'Copy address', copied: 'Copied', copyFailed: 'Cannot copy: select the text instead', map: 'Map',
      address: 'Address', noLocation: 'Location not registered', building: 'Bldg', floor: 'Floor', unit: 'Unit',
      unplaced: 'Location not registered'
    }
  };

  function s(lang, key) {
    return (STRINGS[lang] || STRINGS.zh)[key];
  }

  function el(tag, attrs) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (attrs[name] !== null && attrs[name] !== undefined) node.setAttribute(name, attrs[name]);
    });
    for (var i = 2; i < arguments.length; i++) {
      if (arguments[i] === null || arguments[i] === undefined) continue;
      node.appendChild(typeof arguments[i] === 'string' ? document.createTextNode(arguments[i]) : arguments[i]);
    }
    return node;
  }

  function floorText(floor) {
    return floor < 0 ? 'B' + (-floor) : String(floor);
  }

  /** A map of the site: AMap for Chinese (told the coordinates are WGS 84), OpenStreetMap for English. */
  function mapUrl(location, lang) {
    var name = encodeURIComponent(location.siteName || location.site || '');
    if (lang === 'zh') {
      return 'https://uri.amap.com/marker?position=' + location.lon + ',' + location.lat + '&name=' + name +
        '&coordinate=wgs84&callnative=0';
    }
    return 'https://www.openstreetmap.org/?mlat=' + location.lat + '&mlon=' + location.lon + '#map=18/' +
      location.lat + '/' + location.lon;
  }

  /** What "copy address" puts on the clipboard: the location line, then the street address. */
  function addressText(alarm, lang) {
    var line = alarm.locationText && alarm.locationText[lang] ? alarm.locationText[lang] : '';
    var address = alarm.location && alarm.location.address ? alarm.location.address : '';
    return [line, address].filter(Boolean).join(' · ');
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var area = el('textarea', { readonly: '', 'class': 'where__clip' });
      area.value = text;
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
      area.remove();
      if (ok) resolve(); else reject(new Error('copy refused'));
    });
  }

  /**
   * The location block of an alarm card: the location line in the console's language, the street
   * address with a map link when the site has coordinates, and the copy button. Null when the
   * alarm has no location (a device registered without site or location).
   */
  function card(alarm, lang) {
    if (!alarm.location || !alarm.locationText) {
      return el('div', { 'class': 'where where--none', 'data-testid': 'location' },
        el('p', { 'class': 'where__line', 'data-testid': 'location-line' }, s(lang, 'noLocation')));
    }
    var loc = alarm.location;
    var box = el('div', { 'class': 'where', 'data-testid': 'location' },
      el('p', { 'class': 'where__line', 'data-testid': 'location-line', lang: lang === 'zh' ? 'zh-CN' : 'en' },
        alarm.locationText[lang] || alarm.locationText.zh));
    var row = el('p', { 'class': 'where__address' });
    if (loc.address) row.appendChild(el('span', { 'data-testid': 'site-address' }, loc.address));
    if (typeof loc.lat === 'number' && typeof loc.lon === 'number') {
      row.appendChild(el('a', { href: mapUrl(loc, lang), target: '_blank', rel: 'noopener noreferrer',
        'class': 'where__map', 'data-testid': 'map-link' }, s(lang, 'map')));
    }
    var button = el('button', { type: 'button', 'class': 'btn btn--small where__copy', 'data-testid': 'copy-address' },
      s(lang, 'copy'));
    button.addEventListener('click', function () {
      copy(addressText(alarm, lang)).then(function () {
        button.textContent = s(lang, 'copied');
        button.dataset.copied = 'true';
      }, function () {
        button.textContent = s(lang, 'copyFailed');
        button.dataset.copied = 'false';
      });
    });
    row.appendChild(button);
    box.appendChild(row);
    return box;
  }

  /** "7栋 3层" / "Bldg 7 · Floor 3" for a sensor's registered location (its device's parts filled in). */
  function groupText(at, lang) {
    var parts = [];
    if (lang === 'zh') {
      if (at.building) parts.push(/^\d+$/.test(at.building) ? at.building + '栋' : at.building);
      if (typeof at.floor === 'number') parts.push(floorText(at.floor) + '层');
      return parts.join(' ');
    }
    if (at.building) parts.push('Bldg ' + at.building);
    if (typeof at.floor === 'number') parts.push('Floor ' + floorText(at.floor));
    return parts.join(' · ');
  }

  /**
   * The devices of a site grouped by the building and floor of their sensors, highest floor first
   * within a building: a Map from the group's text to its devices (a device with sensors on two
   * floors is in both). Null when no sensor has a building or floor (the console then groups by zone).
   */
  function groups(devices, site, lang) {
    var found = new Map();
    var any = false;
    devices.forEach(function (d) {
      (d.sensors && d.sensors.length ? d.sensors : [{}]).forEach(function (sensor) {
        var at = sensor.locatedAt || d.location || {};
        var building = at.building || (site && site.building) || '';
        var hasPlace = at.building || typeof at.floor === 'number';
        any = any || !!hasPlace;
        var key = hasPlace ? building + '\u0000' + String(1000 - (typeof at.floor === 'number' ? at.floor : 0)).padStart(5, '0')
          : '\uffff';
        if (!found.has(key)) {
          found.set(key, { text: hasPlace ? groupText({ building: building, floor: at.floor }, lang) : s(lang, 'unplaced'),
            devices: [] });
        }
        var g = found.get(key);
        if (g.devices.indexOf(d) < 0) g.devices.push(d);
      });
    });
    if (!any) return null;
    var out = new Map();
    Array.from(found.keys()).sort().forEach(function (k) { out.set(found.get(k).text, found.get(k).devices); });
    return out;
  }

  /** The site's street address, with its map link, for the site page; null when it has none. */
  function siteAddress(site, lang) {
    if (!site || (!site.address && !site.location)) return null;
    var p = el('p', { 'class': 'legend where__address', 'data-testid': 'site-page-address' },
      site.address ? s(lang, 'address') + ': ' + site.address + ' ' : null);
    if (site.location && typeof site.location.lat === 'number') {
      p.appendChild(el('a', { href: mapUrl({ lat: site.location.lat, lon: site.location.lon, siteName: site.name, site: site.id }, lang),
        target: '_blank', rel: 'noopener noreferrer', 'class': 'where__map' }, s(lang, 'map')));
    }
    return p;
  }

  window.FireGridLocations = { card: card, groups: groups, siteAddress: siteAddress, addressText: addressText };
}());
