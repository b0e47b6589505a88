/**
 * The report's only style sheet and script, inlined so the page loads nothing. The content
 * security policy allows exactly these two blocks (by hash) and nothing from the network.
 */
export const TIER_COLOURS = { high: '#d95f02', medium: '#1b9e77', low: '#7570b3' } as const;

export const STYLE = `
:root { color-scheme: light; --ink: #1d2330; --muted: #5b6475; --rule: #d9dde5; --high: ${TIER_COLOURS.high}; --medium: ${TIER_COLOURS.medium}; --low: ${TIER_COLOURS.low}; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1240px; padding: 12px 20px 40px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", "DejaVu Sans", sans-serif; color: var(--ink); background: #fff; }
h1 { font-size: 20px; margin: 0; } h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid var(--rule); padding-bottom: 4px; } h3 { font-size: 15px; margin: 18px 0 6px; }
header .meta, .muted, figcaption { color: var(--muted); }
header .meta { margin: 2px 0 0; }
.attribution { font-weight: 600; color: var(--ink); }
code { font: 12.5px ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; }
nav { margin: 6px 0 0; } nav a { margin-right: 12px; color: #2451a6; }
figure { margin: 0; } figcaption { font-size: 13px; }
.chart { width: 100%; height: auto; display: block; }
.toolbar { display: flex; gap: 18px; align-items: center; flex-wrap: wrap; margin: 4px 0 2px; font-size: 13px; }
.toolbar label { cursor: pointer; }
.legend { display: flex; gap: 14px; flex-wrap: wrap; align-items: center; }
.legend svg { vertical-align: middle; }
#view-index:checked ~ .views #chart-percentile, #view-percentile:checked ~ .views #chart-index { display: none; }
.views { position: relative; }
.toggle { position: absolute; opacity: 0; pointer-events: none; }
.toggle + label { padding: 2px 8px; border: 1px solid var(--rule); border-radius: 4px; }
.toggle:checked + label { background: var(--ink); color: #fff; border-color: var(--ink); }
.toggle:focus-visible + label { outline: 2px solid #2451a6; }
.grid line { stroke: #eceef2; }
.axis line { stroke: #8a92a3; } .axis text { fill: var(--muted); } .axis-title { fill: var(--ink) !important; font-weight: 600; }
.band rect { opacity: 0.09; } .band-label { font-weight: 600; opacity: 0.9; }
.tier-high .dot, .band.tier-high rect { fill: var(--high); } .band.tier-high text { fill: var(--high); }
.tier-medium .dot, .band.tier-medium rect { fill: var(--medium); } .band.tier-medium text { fill: var(--medium); }
.tier-low .dot, .band.tier-low rect { fill: var(--low); } .band.tier-low text { fill: var(--low); }
.dot { stroke: #fff; stroke-width: 1; }
.on-frontier .dot { stroke: var(--ink); stroke-width: 1.5; }
#chart-nitro .on-frontier .dot { stroke: #fff; stroke-width: 1; }
.strip { stroke: #eceef2; }
.unavailable .dot { fill: #fff !important; stroke-width: 2; }
.tier-high.unavailable .dot { stroke: var(--high); } .tier-medium.unavailable .dot { stroke: var(--medium); } .tier-low.unavailable .dot { stroke: var(--low); }
.ring { fill: none; stroke: var(--ink); }
.ring.primary { stroke-width: 2.5; } .ring.fallback-1 { stroke-width: 1.5; stroke-dasharray: 4 2; } .ring.fallback-2 { stroke-width: 1.5; stroke-dasharray: 1.5 2; }
.frontier { fill: none; stroke: var(--ink); stroke-width: 1.5; opacity: 0.75; }
.label { fill: var(--ink); paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
.leader { stroke: #8a92a3; stroke-width: 1; }
.point { cursor: pointer; outline: none; } .point:hover .dot, .point:focus .dot { stroke: var(--ink); stroke-width: 2; }
.swatch { display: inline-block; width: 11px; height: 11px; border-radius: 50%; margin-right: 6px; vertical-align: baseline; }
.swatch.tier-high { background: var(--high); } .swatch.tier-medium { background: var(--medium); } .swatch.tier-low { background: var(--low); }
table { border-collapse: collapse; margin: 4px 0 10px; font-size: 13px; }
th, td { text-align: left; padding: 3px 10px 3px 0; border-bottom: 1px solid #eef0f4; vertical-align: top; }
th { color: var(--muted); font-weight: 600; border-bottom-color: var(--rule); }
table.entries td:first-child, table.diff code { white-space: nowrap; }
details > summary { cursor: pointer; } details > summary h3 { display: inline; }
.chains { margin: 4px 0 6px; padding-left: 18px; }
.headline { font-weight: 600; } .warning { color: #9a3412; font-weight: 600; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 6px 0; } dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; }
#tip { position: fixed; z-index: 10; max-width: 420px; padding: 8px 10px; background: #1d2330; color: #fff; border-radius: 6px; font-size: 12.5px; line-height: 1.4; white-space: pre-line; pointer-events: none; box-shadow: 0 2px 10px rgba(0,0,0,.25); }
#tip[hidden] { display: none; }
`;

/** Hover and keyboard focus show a point's facts (moved from its <title>, so the browser's own tooltip does not double it). */
export const SCRIPT = `
(function () {
  var tip = document.getElementById('tip');
  document.querySelectorAll('.point').forEach(function (g) {
    var t = g.querySelector('title');
    if (t) { g.setAttribute('data-tip', t.textContent); g.setAttribute('aria-label', t.textContent); t.remove(); }
  });
  function show(g, x, y) {
    tip.textContent = g.getAttribute('data-tip');
    tip.hidden = false;
    var w = tip.offsetWidth, h = tip.offsetHeight;
    tip.style.left = Math.max(4, Math.min(window.innerWidth - w - 4, x + 14)) + 'px';
    tip.style.top = (y + h + 18 > window.innerHeight ? y - h - 10 : y + 14) + 'px';
  }
  function hide() { tip.hidden = true; }
  document.addEventListener('pointerover', function (e) {
    var g = e.target.closest && e.target.closest('.point');
    if (g) show(g, e.clientX, e.clientY);
  });
  document.addEventListener('pointerout', function (e) {
    if (e.target.closest && e.target.closest('.point')) hide();
  });
  document.addEventListener('focusin', function (e) {
    var g = e.target.closest && e.target.closest('.point');
    if (!g) return;
    var r = g.getBoundingClientRect();
    show(g, r.right, r.bottom);
  });
  document.addEventListener('focusout', hide);
})();
`;
