// The cloud map page: draws the stores and the coverage served by fangxin-map and keeps them
// live by polling /api/changes. It needs nothing but fangxin-map (Leaflet comes from it too).
//
// For tests and dashboards the page publishes what it shows:
//   body[data-revision]                 the registry revision drawn
//   #store-count[data-store-count]      store points drawn (open stores with a location)
//   #main-urban-coverage[data-ratio|data-open|data-pledged]
//   #changes > li[data-revision]        the latest changes, newest first
'use strict';

(function () {
  const POLL_MS = 1000;

  // One colour per pledge status (clients/map/pledge_status.h), in legend order.
  const STATUS = {
    active: { color: '#2e9d5b', label: '承诺生效' },
    suspended: { color: '#f0a202', label: '承诺暂停' },
    draft: { color: '#3b82c4', label: '承诺待生效' },
    revoked: { color: '#d64045', label: '承诺撤销' },
    ended: { color: '#8d7b68', label: '承诺终止' },
    none: { color: '#9aa5b1', label: '未承诺' },
  };
  const WHAT = {
    store_created: '新开门店',
    store_closed: '门店关闭',
    store_updated: '门店信息更新',
    store_deleted: '门店注销',
    pledge_active: '七日无理由退货承诺生效',
    pledge_draft: '提交退货承诺',
    pledge_suspended: '退货承诺暂停',
    pledge_revoked: '退货承诺撤销',
    pledge_ended: '退货承诺终止',
    pledge_none: '退货承诺变更',
    pledge_deleted: '退货承诺删除',
  };

  const state = {
    revision: 0,
    generation: -1,
    markers: new Map(),      // store name -> L.circleMarker
    divisionNames: new Map(), // division name -> display name
    divisionMarkers: new Map(),
    newestChange: 0,
    fitted: false,
    cityCenter: null,
    busy: false,
  };

  const map = L.map('map', { preferCanvas: true, minZoom: 7, maxZoom: 18, zoomSnap: 0.25 });
  map.setView([33.35, 120.16], 9);
  map.attributionControl.setPrefix('fangxin');
  map.createPane('divisions').style.zIndex = 350;  // under the stores
  const divisionRenderer = L.svg({ pane: 'divisions' });
  const storeRenderer = L.canvas({ padding: 0.5 });

  const legend = L.control({ position: 'bottomleft' });
  legend.onAdd = function () {
    const div = L.DomUtil.create('div', 'legend');
    const title = document.createElement('h3');
    title.textContent = '门店承诺状态';
    div.appendChild(title);
    for (const [key, s] of Object.entries(STATUS)) {
      const row = document.createElement('div');
      row.dataset.status = key;
      const dot = document.createElement('i');
      dot.style.background = s.color;
      row.appendChild(dot);
      row.appendChild(document.createTextNode(s.label));
      div.appendChild(row);
    }
    const note = document.createElement('div');
    note.style.marginTop = '4px';
    note.textContent = '圆圈：县（市、区）覆盖率；蓝框：主城区';
    div.appendChild(note);
    return div;
  };
  legend.addTo(map);

  function percent(ratio) {
    return (ratio * 100).toFixed(1) + '%';
  }

  // Red at 0 %, amber at 50 %, green at 100 %.
  function ratioColor(ratio) {
    const hue = Math.round(Math.max(0, Math.min(1, ratio)) * 130);
    return 'hsl(' + hue + ', 65%, 42%)';
  }

  async function getJson(url) {
    const response = await fetch(url, { cache: 'no-store' });
    if (!response.ok) throw new Error(url + ': HTTP ' + response.status);
    return response.json();
  }

  function storePopup(layer) {
    const p = layer.feature.properties;
    const div = document.createElement('div');
    const name = document.createElement('b');
    name.textContent = p.display_name;
    div.appendChild(name);
    const lines = [
      (state.divisionNames.get(p.township) || state.divisionNames.get(p.division) || p.division),
      STATUS[p.pledge_status] ? STATUS[p.pledge_status].label : p.pledge_status,
    ];
    for (const line of lines) {
      div.appendChild(document.createElement('br'));
      div.appendChild(document.createTextNode(line));
    }
    return div;
  }

  // Adds, moves, recolours or removes the marker of one store feature.
  function upsertStore(feature) {
    const p = feature.properties;
    const old = state.markers.get(p.name);
    if (p.state !== 'open' || !feature.geometry) {
      if (old) {
        old.remove();
        state.markers.delete(p.name);
      }
      return;
    }
    const [lng, lat] = feature.geometry.coordinates;
    const color = (STATUS[p.pledge_status] || STATUS.none).color;
    if (old) {
      old.feature = feature;
      old.setLatLng([lat, lng]);
      old.setStyle({ fillColor: color });
      return;
    }
    const marker = L.circleMarker([lat, lng], {
      renderer: storeRenderer,
      radius: 5,
      weight: 1,
      color: '#ffffff',
      fillColor: color,
      fillOpacity: 0.9,
    });
    marker.feature = feature;
    marker.bindPopup(storePopup);
    marker.addTo(map);
    state.markers.set(p.name, marker);
  }

  function showStoreCount() {
    const el = document.getElementById('store-count');
    el.textContent = state.markers.size.toLocaleString('zh-CN');
    el.dataset.storeCount = String(state.markers.size);
  }

  function showCoverage(coverage) {
    const main = coverage.main_urban;
    const el = document.getElementById('main-urban-coverage');
    el.textContent = percent(main.coverage_ratio);
    el.dataset.ratio = String(main.coverage_ratio);
    el.dataset.open = String(main.open_stores);
    el.dataset.pledged = String(main.pledged_stores);
    document.getElementById('main-urban-bar').style.width = percent(main.coverage_ratio);
    document.getElementById('main-urban-detail').textContent =
      '主城区在营门店 ' + main.open_stores + ' 家，已承诺 ' + main.pledged_stores + ' 家';

    const totals = coverage.city;
    document.getElementById('city-pledged').textContent = totals.pledged_stores.toLocaleString('zh-CN');
    const cityEl = document.getElementById('city-coverage');
    cityEl.textContent = percent(totals.coverage_ratio);
    cityEl.dataset.ratio = String(totals.coverage_ratio);

    const counties = coverage.divisions.filter((d) => d.level === 'county');
    const city = coverage.divisions.find((d) => d.level === 'city' && d.location);
    if (city) state.cityCenter = city.location;
    const list = document.getElementById('counties');
    list.replaceChildren();
    for (const d of coverage.divisions) state.divisionNames.set(d.name, d.display_name);
    for (const d of counties) {
      const li = document.createElement('li');
      li.dataset.division = d.name;
      li.title = d.display_name + '：在营 ' + d.open_stores + ' 家，已承诺 ' + d.pledged_stores + ' 家';
      const name = document.createElement('span');
      name.textContent = d.display_name + (d.main_urban ? ' ★' : '');
      const mini = document.createElement('div');
      mini.className = 'mini';
      const fill = document.createElement('div');
      fill.style.width = percent(d.coverage_ratio);
      fill.style.background = ratioColor(d.coverage_ratio);
      mini.appendChild(fill);
      const pct = document.createElement('span');
      pct.className = 'pct';
      pct.textContent = d.open_stores ? percent(d.coverage_ratio) : '–';
      li.append(name, mini, pct);
      list.appendChild(li);
      drawDivision(d);
    }
  }

  // Labels point away from the city's seat, so the close-set main-urban districts do not cover
  // one another.
  function labelDirection(d) {
    const c = state.cityCenter;
    if (!c) return 'top';
    const dx = d.location.lng - c.lng;
    const dy = d.location.lat - c.lat;
    if (Math.abs(dx) > Math.abs(dy)) return dx > 0 ? 'right' : 'left';
    return dy > 0 ? 'top' : 'bottom';
  }

  function labelOffset(direction, radius) {
    switch (direction) {
      case 'right': return [radius, 0];
      case 'left': return [-radius, 0];
      case 'bottom': return [0, radius];
      default: return [0, -radius];
    }
  }

  // A county as a circle at its seat, coloured by coverage, with a permanent label.
  function drawDivision(d) {
    if (!d.location) return;
    const radius = 12 + Math.min(18, Math.sqrt(d.open_stores) / 2.5);
    const label = '<b>' + escapeHtml(d.display_name) + '</b>' +
      (d.open_stores ? percent(d.coverage_ratio) + '（' + d.pledged_stores + '/' + d.open_stores + '）'
        : '暂无门店');
    let marker = state.divisionMarkers.get(d.name);
    if (!marker) {
      marker = L.circleMarker([d.location.lat, d.location.lng], {
        renderer: divisionRenderer, pane: 'divisions', interactive: false,
      }).addTo(map);
      marker.bindTooltip(label, {
        permanent: true, direction: labelDirection(d),
        className: 'division-label' + (d.main_urban ? ' main-urban' : ''),
      });
      state.divisionMarkers.set(d.name, marker);
    }
    // No stores yet is not 0 % coverage: grey, not red.
    const color = d.open_stores ? ratioColor(d.coverage_ratio) : '#9aa5b1';
    marker.setRadius(radius);
    marker.setStyle({ color: color, weight: 2, fillColor: color, fillOpacity: 0.18 });
    marker.getTooltip().options.offset = labelOffset(marker.getTooltip().options.direction, radius);
    marker.setTooltipContent(label);
  }

  function escapeHtml(text) {
    const div = document.createElement('div');
    div.textContent = text;
    return div.innerHTML;
  }

  function showChanges(changes) {
    const list = document.getElementById('changes');
    list.replaceChildren();
    if (changes.changes.length === 0) {
      const li = document.createElement('li');
      li.className = 'empty';
      li.textContent = '暂无变更（页面打开后的变更会实时出现在这里）';
      list.appendChild(li);
    }
    for (const c of changes.changes) {
      const li = document.createElement('li');
      li.dataset.revision = String(c.revision);
      if (state.newestChange && c.revision > state.newestChange) li.className = 'fresh';
      const time = document.createElement('span');
      time.className = 'time';
      time.textContent = new Date(c.commit_time_ms).toLocaleTimeString('zh-CN', { hour12: false });
      const what = document.createElement('span');
      what.className = 'what';
      what.textContent = WHAT[c.what] || c.what;
      const where = state.divisionNames.get(c.division);
      li.append(time, what,
        document.createTextNode((c.store_display_name || c.store) + (where ? '（' + where + '）' : '')));
      list.appendChild(li);
    }
    if (changes.changes.length) state.newestChange = Math.max(state.newestChange, changes.changes[0].revision);
  }

  function fitOnce() {
    if (state.fitted) return;
    const points = [];
    for (const m of state.divisionMarkers.values()) points.push(m.getLatLng());
    for (const m of state.markers.values()) points.push(m.getLatLng());
    if (points.length) {
      // Room above for the labels, which sit outside their circles.
      map.fitBounds(L.latLngBounds(points), { paddingTopLeft: [60, 80], paddingBottomRight: [60, 50] });
      state.fitted = true;
    }
  }

  async function reloadAll(generation) {
    const [stores, coverage] = await Promise.all([
      getJson('/api/stores.geojson'), getJson('/api/coverage')]);
    for (const m of state.markers.values()) m.remove();
    state.markers.clear();
    showCoverage(coverage);
    for (const f of stores.features) upsertStore(f);
    showStoreCount();
    fitOnce();
    state.generation = generation;
    return stores.revision;
  }

  async function applyChangesSince(since) {
    const [stores, coverage] = await Promise.all([
      getJson('/api/stores.geojson?since=' + since), getJson('/api/coverage')]);
    showCoverage(coverage);
    for (const f of stores.features) upsertStore(f);
    showStoreCount();
    return stores.revision;
  }

  function setLive(ok, text) {
    const el = document.getElementById('live');
    el.className = 'live ' + (ok ? 'ok' : 'stale');
    el.textContent = text;
  }

  async function poll() {
    if (state.busy) return;
    state.busy = true;
    try {
      const changes = await getJson('/api/changes');
      let revision = state.revision;
      if (changes.generation !== state.generation) {
        revision = await reloadAll(changes.generation);
      } else if (changes.revision > state.revision) {
        revision = await applyChangesSince(state.revision);
      }
      showChanges(changes);
      state.revision = revision;
      document.body.dataset.revision = String(revision);
      document.body.dataset.generation = String(state.generation);
      setLive(true, '实时同步 · 修订号 ' + revision + ' · ' +
        new Date().toLocaleTimeString('zh-CN', { hour12: false }));
    } catch (e) {
      setLive(false, '连接中断，正在重试…');
    } finally {
      state.busy = false;
    }
  }

  getJson('/api/config').then((config) => {
    if (config.tile_url) {
      L.tileLayer(config.tile_url, { attribution: config.tile_attribution, maxZoom: 18 }).addTo(map);
    }
  }).catch(() => {});
  poll();
  setInterval(poll, POLL_MS);
})();
