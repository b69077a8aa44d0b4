// The UI's stylesheet as a string so tsc-built consumers (desktop renderer, web viewer) get
// it without a CSS pipeline; App renders it once in a hoisted <style>.
export const THEME_CSS = `
:root {
  color-scheme: dark;
  --bg: #121316; --panel: #1a1c21; --line: #2a2d34; --text: #e8e9ec; --muted: #9096a2;
  --accent: #ff5d73; --ok: #4fd18b; --warn: #f5b94a; --bad: #ff6b6b;
  --hover: #23262d; --current: #2b2e36; --field: #23262d; --button: #2f333c;
  --banner: #22262e; --error-line: #6b2f36; --error-bg: #2a1b1e; --well: #1d2025;
  --rule: #1f2227; --placeholder: #666c78;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
}
/* Light follows the system's setting; photos keep their own colours either way. */
@media (prefers-color-scheme: light) {
  :root {
    color-scheme: light;
    --bg: #f6f6f4; --panel: #ffffff; --line: #d9d9de; --text: #1c1d21; --muted: #5d6270;
    --accent: #d6284a; --ok: #187a48; --warn: #9a6200; --bad: #c62828;
    --hover: #ececef; --current: #e2e3e8; --field: #ffffff; --button: #ececef;
    --banner: #ffffff; --error-line: #e8a3ad; --error-bg: #fdecee; --well: #e6e7ea;
    --rule: #e6e6ea; --placeholder: #8a8f9c;
  }
}
* { box-sizing: border-box; }
html, body, #root { height: 100%; margin: 0; }
body { background: var(--bg); color: var(--text); }
.enc-app { display: flex; height: 100%; }
.enc-nav { width: 184px; flex: none; padding: 16px 10px; background: var(--panel);
  border-right: 1px solid var(--line); display: flex; flex-direction: column; gap: 2px;
  overflow-y: auto; }
.enc-brand { font-weight: 700; font-size: 18px; letter-spacing: .5px; padding: 4px 10px 18px;
  color: var(--accent); }
.enc-nav a { color: var(--text); text-decoration: none; padding: 7px 10px; border-radius: 6px;
  display: flex; align-items: center; justify-content: space-between; }
.enc-nav a:hover { background: var(--hover); }
.enc-nav a[aria-current="page"] { background: var(--current); font-weight: 600; }
.enc-badge { background: var(--accent); color: #fff; border-radius: 999px; font-size: 11px;
  padding: 0 7px; font-weight: 600; }
.enc-main { flex: 1; min-width: 0; display: flex; }
.enc-page { flex: 1; min-width: 0; display: flex; flex-direction: column; padding: 0 20px 20px;
  overflow: auto; }
.enc-library { overflow: hidden; }
.enc-toolbar { display: flex; align-items: baseline; gap: 14px; flex-wrap: wrap; padding: 16px 0 12px; }
.enc-toolbar h1 { font-size: 20px; margin: 0; }
h2 { font-size: 15px; margin: 22px 0 8px; }
.enc-muted { color: var(--muted); font-size: 13px; }
.enc-empty { color: var(--muted); padding: 40px 0; text-align: center; }
.enc-filters { margin-left: auto; display: flex; gap: 12px; align-items: center; }
.enc-filters label { display: flex; gap: 6px; align-items: center; color: var(--muted); font-size: 13px; }
input, select, button { font: inherit; color: var(--text); background: var(--field);
  border: 1px solid var(--line); border-radius: 6px; padding: 5px 9px; }
button { cursor: pointer; background: var(--button); }
button:disabled { opacity: .5; cursor: default; }
button.enc-link { background: none; border: none; color: var(--accent); padding: 0 2px; }
button.enc-danger { color: var(--bad); }
.enc-banner { background: var(--banner); border: 1px solid var(--line); border-radius: 6px;
  padding: 8px 12px; margin-bottom: 10px; }
.enc-error { border-color: var(--error-line); background: var(--error-bg); }
.enc-grid-scroller { flex: 1; overflow-y: auto; position: relative; border-radius: 6px; }
.enc-grid-canvas { position: relative; }
.enc-tile { position: absolute; margin: 0; padding: 2px; background-size: cover;
  background-clip: content-box; background-color: transparent; }
.enc-tile img { width: 100%; height: 100%; object-fit: cover; display: block; opacity: 0;
  transition: opacity .25s; border-radius: 3px; }
.enc-tile img.is-loaded { opacity: 1; }
.enc-tile-missing { display: grid; place-items: center; height: 100%; background: var(--well);
  color: var(--muted); font-size: 12px; }
.enc-star { background: none; border: none; padding: 0 4px; font-size: 18px; line-height: 1;
  color: #fff; text-shadow: 0 1px 3px #000; border-radius: 4px; }
.enc-star.is-starred { color: #ffd34d; }
.enc-star:focus-visible { outline: 2px solid var(--accent); outline-offset: 1px; }
.enc-tile-star { position: absolute; right: 6px; bottom: 5px; }
.enc-tile-star:not(.is-starred) { opacity: 0; transition: opacity .15s; }
.enc-tile:hover .enc-tile-star, .enc-remote-item:hover .enc-tile-star,
.enc-tile-star:focus-visible { opacity: 1; }
.enc-remote { flex: none; margin-bottom: 10px; }
.enc-remote h2 { margin-top: 0; }
.enc-remote-list { list-style: none; padding: 0; margin: 0; display: flex; gap: 4px;
  overflow-x: auto; }
.enc-remote-item { position: relative; flex: none; width: 120px; height: 120px; }
.enc-remote-item img { width: 100%; height: 100%; object-fit: cover; display: block;
  border-radius: 3px; }
.enc-remote-rating { position: absolute; left: 6px; bottom: 5px; color: #ffd34d; font-size: 11px;
  text-shadow: 0 1px 3px #000; }
.enc-sync { margin-top: auto; padding: 10px; border-top: 1px solid var(--line);
  display: flex; flex-direction: column; gap: 4px; font-size: 13px; }
.enc-sync-head { display: flex; align-items: center; gap: 8px; font-weight: 600; }
.enc-sync-dot { width: 8px; height: 8px; border-radius: 50%; background: var(--muted); }
.enc-sync-ok { background: var(--ok); }
.enc-sync-busy { background: var(--accent); }
.enc-sync-warn { background: var(--warn); }
.enc-sync-bad { background: var(--bad); }
.enc-sync-detail { margin: 0; font-size: 12px; overflow-wrap: anywhere; }
.enc-sync-failed { color: var(--bad); }
.enc-sync button { margin-top: 4px; align-self: flex-start; }
.enc-sync-form fieldset { border: none; margin: 4px 0 0; padding: 0; min-width: 0;
  display: flex; flex-direction: column; gap: 2px; }
.enc-sync-form label { color: var(--muted); font-size: 12px; margin-top: 4px; }
.enc-sync-form input { width: 100%; min-width: 0; padding: 4px 7px; font-size: 13px; }
.enc-sync-form input::placeholder { color: var(--placeholder); }
.enc-sync-form input[aria-invalid="true"] { border-color: var(--bad); }
.enc-sync input:focus-visible, .enc-sync button:focus-visible { outline: 2px solid var(--accent);
  outline-offset: 1px; }
.enc-sync-actions { display: flex; flex-wrap: wrap; gap: 6px; }
.enc-sync-actions button { font-size: 13px; padding: 4px 8px; }
.enc-sync-confirm { display: flex; flex-direction: column; gap: 2px; margin-top: 4px; }
.enc-sync button.enc-sync-signout { font-size: 12px; color: var(--muted); }
.enc-sync button.enc-sync-signout:hover { color: var(--text); }
.enc-add-source { display: flex; gap: 8px; margin-bottom: 14px; max-width: 720px; }
.enc-add-source input { flex: 1; }
.enc-source-list { list-style: none; padding: 0; margin: 0; max-width: 900px; }
.enc-source { display: flex; align-items: center; gap: 14px; padding: 10px 12px;
  background: var(--panel); border: 1px solid var(--line); border-radius: 8px; margin-bottom: 8px; }
.enc-source-main { flex: 1; min-width: 0; display: flex; flex-direction: column; }
.enc-source-path { font-family: ui-monospace, monospace; overflow: hidden; text-overflow: ellipsis; }
.enc-status { font-size: 12px; padding: 1px 8px; border-radius: 999px; border: 1px solid var(--line); }
.enc-status-watching { color: var(--ok); }
.enc-status-scanning { color: var(--warn); }
.enc-status-missing { color: var(--bad); }
.enc-card { background: var(--panel); border: 1px solid var(--line); border-radius: 8px;
  padding: 14px 16px; max-width: 720px; }
.enc-card-title { font-weight: 600; margin-bottom: 10px; }
.enc-card progress { width: 100%; height: 8px; accent-color: var(--accent); }
.enc-card p { margin: 10px 0 0; }
.enc-stats { display: grid; grid-template-columns: repeat(5, auto); grid-auto-flow: column;
  grid-template-rows: auto auto; gap: 2px 24px; margin: 12px 0 0; justify-content: start; }
.enc-stats dt { color: var(--muted); font-size: 12px; }
.enc-stats dd { margin: 0; font-size: 18px; font-variant-numeric: tabular-nums; }
.enc-path { font-family: ui-monospace, monospace; word-break: break-all; }
code { color: var(--warn); }
/* ---- Concerts page ---- */
.enc-sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; margin: -1px; padding: 0; border: 0; }
.enc-tabs { display: flex; gap: 4px; border-bottom: 1px solid var(--line); margin-bottom: 12px;
  overflow-x: auto; scrollbar-width: thin; flex: none; }
.enc-tabs [role="tab"] { background: none; border: none; border-bottom: 2px solid transparent;
  border-radius: 0; padding: 7px 12px; color: var(--muted); white-space: nowrap; flex: none; }
@media (max-width: 960px) { .enc-tabs [role="tab"] { padding: 7px 8px; } }
.enc-tabs [role="tab"][aria-selected="true"] { color: var(--text); border-bottom-color: var(--accent);
  font-weight: 600; }
.enc-tab-count { font-size: 12px; color: var(--muted); margin-left: 4px; font-weight: 400;
  font-variant-numeric: tabular-nums; }
.enc-tabpanel:focus { outline: none; }
.enc-concerts button:focus-visible, .enc-concerts [role="tab"]:focus-visible,
.enc-picker button:focus-visible, .enc-picker input:focus-visible {
  outline: 2px solid var(--accent); outline-offset: 1px; }
.enc-event-list { list-style: none; padding: 0; margin: 0 0 12px; max-width: 1100px; }
.enc-event { display: flex; gap: 14px; padding: 12px; background: var(--panel);
  border: 1px solid var(--line); border-radius: 8px; margin-bottom: 8px; }
.enc-event[aria-busy="true"] { opacity: .6; }
.enc-event-thumbs { flex: none; display: grid; grid-template-columns: repeat(2, 56px);
  grid-auto-rows: 56px; gap: 3px; align-content: start; }
.enc-event-thumb { display: block; background: var(--well); border-radius: 3px; overflow: hidden; }
.enc-event-thumb img { width: 100%; height: 100%; object-fit: cover; display: block; }
.enc-event-main { flex: 1; min-width: 0; display: flex; flex-direction: column; gap: 6px; }
.enc-event-title { font-size: 15px; margin: 0; }
.enc-event-meta { display: flex; gap: 10px; align-items: center; flex-wrap: wrap; }
.enc-status-matched { color: var(--ok); }
.enc-status-ambiguous, .enc-status-unmatched { color: var(--warn); }
.enc-status-not-concert { color: var(--muted); }
.enc-decided { font-size: 12px; color: var(--muted); }
.enc-decided-user { color: var(--text); }
.enc-event-show { margin: 0; }
.enc-candidates { list-style: none; padding: 0; margin: 0; display: flex; flex-direction: column;
  gap: 4px; }
.enc-candidate { display: flex; gap: 10px; align-items: baseline; flex-wrap: wrap; }
.enc-event-actions { display: flex; gap: 8px; flex-wrap: wrap; align-items: center; }
.enc-picker { width: min(640px, 92vw); max-height: 80vh; background: var(--panel); color: var(--text);
  border: 1px solid var(--line); border-radius: 10px; padding: 16px 18px; }
.enc-picker[open] { display: flex; flex-direction: column; gap: 8px; }
.enc-picker::backdrop { background: rgba(0, 0, 0, .55); }
.enc-picker h2 { margin: 0; }
.enc-picker p { margin: 0; }
.enc-picker-list { list-style: none; padding: 0; margin: 0; overflow-y: auto; flex: 1;
  min-height: 0; border: 1px solid var(--line); border-radius: 6px; }
.enc-picker-list button { width: 100%; text-align: left; background: none; border: none;
  border-bottom: 1px solid var(--rule); border-radius: 0; padding: 7px 10px; display: flex; gap: 10px;
  flex-wrap: wrap; }
.enc-picker-list button:hover { background: var(--hover); }
.enc-picker-date { font-variant-numeric: tabular-nums; color: var(--muted); }
.enc-picker-foot { display: flex; justify-content: space-between; align-items: center; }
.enc-problems { display: flex; flex-direction: column; gap: 8px; }
.enc-problem-group { background: var(--panel); border: 1px solid var(--line); border-radius: 8px;
  padding: 8px 12px; }
.enc-problem-group summary { cursor: pointer; display: flex; gap: 8px; align-items: baseline;
  flex-wrap: wrap; }
.enc-problem-group summary:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
.enc-problem-group ul { margin: 8px 0 2px; padding-left: 18px; }
.enc-problem-group li { margin: 3px 0; overflow-wrap: anywhere; }
.enc-tag { font-size: 12px; border-radius: 999px; padding: 1px 8px; border: 1px solid; }
.enc-tag-bad { color: var(--bad); border-color: var(--error-line); }
.enc-tag-warn { color: var(--warn); border-color: var(--line); }
.enc-event:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
`;
