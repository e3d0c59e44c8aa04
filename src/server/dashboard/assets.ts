/**
 * The dashboard's stylesheet and script, served from the app itself so the dashboard works
 * without internet access (no CDN). Kept as strings so `tsc` ships them in dist/ unchanged.
 */

export const STYLESHEET = `
:root {
  --bg: #f5f6f8; --panel: #fff; --text: #1d2330; --muted: #5d6677; --line: #dde1e8; --accent: #1f5fbf;
  --scheduled: #2563eb; --request: #7c3aed; --emergency: #dc2626; --expert: #0f766e;
  --overdue: #b91c1c; --d7: #c2410c; --d30: #a16207; --later: #4b5563; --none: #6b7280;
  --ok: #15803d; --warn: #b45309; --bad: #b91c1c;
  font-family: system-ui, -apple-system, "Segoe UI", "Hiragino Sans", "Noto Sans JP", "Yu Gothic UI", Meiryo, sans-serif;
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--text); font-size: 14px; line-height: 1.5; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
header.top { background: #17202f; color: #fff; display: flex; align-items: center; gap: 24px; padding: 0 24px; height: 52px; }
header.top .brand { font-weight: 700; font-size: 17px; letter-spacing: .02em; color: #fff; }
header.top .brand span { color: #7fb0ff; }
header.top nav { display: flex; gap: 4px; flex: 1; }
header.top nav a { color: #c9d3e3; padding: 6px 12px; border-radius: 6px; }
header.top nav a.active, header.top nav a:hover { background: #2b3850; color: #fff; text-decoration: none; }
header.top .tools { display: flex; gap: 12px; align-items: center; color: #c9d3e3; font-size: 12px; }
header.top .tools a { color: #c9d3e3; padding: 2px 6px; border: 1px solid #3a4864; border-radius: 4px; }
header.top .tools a.current { background: #c9d3e3; color: #17202f; }
header.top .tools form.tz { margin: 0; } header.top .tools select { font-size: 12px; padding: 1px 4px; }
main { max-width: 1320px; margin: 0 auto; padding: 24px; }
h1 { font-size: 22px; margin: 0 0 16px; }
h2 { font-size: 16px; margin: 24px 0 10px; }
.muted { color: var(--muted); }
.panel { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 16px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 12px; }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; border-top: 4px solid var(--line); display: block; color: inherit; }
.card:hover { text-decoration: none; box-shadow: 0 1px 4px rgba(0,0,0,.08); }
.card .label { color: var(--muted); font-size: 12px; }
.card .value { font-size: 28px; font-weight: 700; }
.card.scheduled { border-top-color: var(--scheduled); } .card.request { border-top-color: var(--request); }
.card.emergency { border-top-color: var(--emergency); } .card.expert { border-top-color: var(--expert); }
.card.overdue { border-top-color: var(--overdue); } .card.within_7_days { border-top-color: var(--d7); }
.card.within_30_days { border-top-color: var(--d30); } .card.later { border-top-color: var(--later); }
table.grid { width: 100%; border-collapse: collapse; background: var(--panel); border: 1px solid var(--line); border-radius: 8px; overflow: hidden; }
table.grid th, table.grid td { text-align: left; padding: 8px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
table.grid th { background: #eef1f5; font-weight: 600; font-size: 12px; color: var(--muted); white-space: nowrap; }
table.grid tr:hover td { background: #f8fafc; }
table.grid td.nowrap { white-space: nowrap; }
table.grid td.mono, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; word-break: break-all; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 12px; font-weight: 600; white-space: nowrap; color: #fff; background: var(--none); }
.badge.cat-scheduled { background: var(--scheduled); } .badge.cat-request { background: var(--request); }
.badge.cat-emergency { background: var(--emergency); } .badge.cat-expert { background: var(--expert); }
.badge.urg-overdue { background: var(--overdue); } .badge.urg-within_7_days { background: var(--d7); }
.badge.urg-within_30_days { background: var(--d30); } .badge.urg-later { background: var(--later); }
.badge.st { background: #e5e7eb; color: #1f2937; }
.badge.st-open { background: #fee2e2; color: #991b1b; } .badge.st-acknowledged { background: #fef3c7; color: #92400e; }
.badge.st-in_progress { background: #dbeafe; color: #1e40af; } .badge.st-done, .badge.st-resolved { background: #dcfce7; color: #166534; }
.badge.st-wont_do { background: #e5e7eb; color: #374151; }
.badge.cov-ok { background: var(--ok); } .badge.cov-denied, .badge.cov-failed { background: var(--bad); }
.badge.cov-skipped, .badge.cov-unsupported { background: var(--warn); }
form.filters { display: flex; flex-wrap: wrap; gap: 8px; align-items: flex-end; margin-bottom: 16px; }
form.filters label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); gap: 2px; }
input, select, textarea, button { font: inherit; }
input[type=text], input[type=date], input[type=search], select, textarea { border: 1px solid #c5ccd8; border-radius: 6px; padding: 5px 8px; background: #fff; min-width: 120px; }
textarea { width: 100%; min-height: 60px; }
button, .button { background: var(--accent); color: #fff; border: 0; border-radius: 6px; padding: 6px 14px; cursor: pointer; display: inline-block; }
button.secondary, .button.secondary { background: #fff; color: var(--text); border: 1px solid #c5ccd8; }
button.danger { background: #fff; color: var(--bad); border: 1px solid #f3b4b4; }
button:hover, .button:hover { filter: brightness(1.08); text-decoration: none; }
.pager { display: flex; gap: 12px; align-items: center; margin: 12px 0; }
.toolbar { display: flex; gap: 8px; align-items: center; justify-content: space-between; margin-bottom: 8px; }
.item-head { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin-bottom: 6px; }
.layout-2 { display: grid; grid-template-columns: minmax(0, 2fr) minmax(280px, 1fr); gap: 20px; }
@media (max-width: 900px) { .layout-2 { grid-template-columns: 1fr; } }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 6px 16px; margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; word-break: break-all; }
ol.runbook li { margin-bottom: 4px; }
.actions form { display: flex; gap: 8px; margin-bottom: 8px; flex-wrap: wrap; }
.actions form input[type=text] { flex: 1; }
.actions form.stack { flex-direction: column; align-items: stretch; }
.actions .buttons { display: flex; gap: 6px; flex-wrap: wrap; }
ul.history { list-style: none; padding: 0; margin: 0; }
ul.history li { border-left: 3px solid var(--line); padding: 4px 0 8px 12px; overflow-wrap: anywhere; }
.layout-2 > * { min-width: 0; }
pre.evidence { background: #f3f5f8; border-radius: 6px; padding: 8px; font-size: 12px; overflow: auto; max-height: 260px; margin: 6px 0 0; }
.flash { background: #ecfdf5; border: 1px solid #a7f3d0; color: #065f46; padding: 8px 12px; border-radius: 6px; margin-bottom: 12px; }
.error-box { background: #fef2f2; border: 1px solid #fecaca; color: #991b1b; padding: 8px 12px; border-radius: 6px; margin-bottom: 12px; }
.timeline { display: grid; grid-template-columns: repeat(7, minmax(0, 1fr)); gap: 4px; }
.timeline .dow { font-size: 12px; color: var(--muted); text-align: center; }
.timeline .day { min-width: 0; overflow: hidden; background: var(--panel); border: 1px solid var(--line); border-radius: 6px; min-height: 84px; padding: 4px 6px; font-size: 12px; }
.timeline .day.empty { background: transparent; border: 0; }
.timeline .day.today { border-color: var(--accent); box-shadow: inset 0 0 0 1px var(--accent); }
.timeline .day .num { color: var(--muted); font-weight: 600; }
.timeline .day .num.month { color: var(--text); }
.timeline .ev { display: block; border-left: 3px solid var(--none); padding-left: 4px; margin-top: 2px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; color: var(--text); }
.timeline .ev.scheduled { border-left-color: var(--scheduled); } .timeline .ev.request { border-left-color: var(--request); }
.timeline .ev.emergency { border-left-color: var(--emergency); } .timeline .ev.expert { border-left-color: var(--expert); }
.timeline .ev.window { background: #ffedd5; border-radius: 0 3px 3px 0; }
.swatch { display: inline-block; width: 12px; height: 12px; vertical-align: middle; border-radius: 2px; }
.swatch.window { background: #ffedd5; border-left: 3px solid var(--emergency); }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; background: #eef1f5; padding: 1px 4px; border-radius: 4px; word-break: break-all; }
.legend { display: flex; gap: 12px; font-size: 12px; margin: 8px 0 12px; flex-wrap: wrap; }
footer { color: var(--muted); font-size: 12px; text-align: center; padding: 24px; }
`;

/**
 * Progressive enhancement only: every page works without it. It applies the time zone picked in
 * the header at once (JST by default; "this browser" keeps following the browser's zone, remembered
 * in localStorage), and asks before "won't do".
 */
export const SCRIPT = `
(function () {
  'use strict';
  var browserTz = null;
  try { browserTz = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { browserTz = null; }
  var select = document.getElementById('tz-select');
  function useZone(zone, choice) {
    try { localStorage.setItem('opsradar_tz_choice', choice); } catch (e) { /* private mode */ }
    location.href = '/tz?zone=' + encodeURIComponent(zone) + '&next=' + encodeURIComponent(location.pathname + location.search);
  }
  if (select) {
    var localOption = select.querySelector('option[data-local]');
    if (localOption && localOption.value === 'local' && browserTz) {
      localOption.textContent = select.getAttribute('data-local-label').replace('{zone}', browserTz);
    }
    select.addEventListener('change', function () {
      var picked = select.options[select.selectedIndex];
      if (picked === localOption) { if (browserTz) useZone(browserTz, 'local'); }
      else useZone(picked.value, picked.value);
    });
    var choice = null;
    try { choice = localStorage.getItem('opsradar_tz_choice'); } catch (e) { choice = null; }
    if (choice === 'local' && browserTz && document.documentElement.dataset.tz !== browserTz) useZone(browserTz, 'local');
  }
  document.querySelectorAll('form[data-confirm]').forEach(function (form) {
    form.addEventListener('submit', function (event) {
      if (!window.confirm(form.getAttribute('data-confirm'))) event.preventDefault();
    });
  });
  // Empty filters are left out of the URL, so links stay short and shareable.
  document.querySelectorAll('form.filters').forEach(function (form) {
    form.addEventListener('submit', function () {
      form.querySelectorAll('input, select').forEach(function (el) { if (!el.value) el.disabled = true; });
    });
    form.querySelectorAll('select, input[type=date]').forEach(function (el) {
      el.addEventListener('change', function () { form.requestSubmit(); });
    });
  });
})();
`;
