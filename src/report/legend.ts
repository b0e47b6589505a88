import { TIER_NAMES } from '../artifact/schema.js';

/** What the colours, rings and line mean, drawn with the same marks as the chart. */
export function renderLegend(chain: string, withFrontier: boolean): string {
  const dot = (cls: string) =>
    `<svg width="14" height="14" aria-hidden="true"><g class="${cls}"><circle class="dot" cx="7" cy="7" r="4.5"/></g></svg>`;
  const ring = (role: string) =>
    `<svg width="22" height="22" aria-hidden="true"><circle class="ring ${role}" cx="11" cy="11" r="${role === 'primary' ? 9 : 8}"/><circle cx="11" cy="11" r="3" fill="#8a92a3"/></svg>`;
  const items = [
    ...TIER_NAMES.map((t) => `<span>${dot(`tier-${t}`)} ${t}</span>`),
    `<span>${ring('primary')} ${chain} primary</span>`,
    `<span>${ring('fallback-1')} fallback 1</span>`,
    `<span>${ring('fallback-2')} fallback 2</span>`,
    `<span>${dot('tier-low unavailable')} unavailable</span>`,
    ...(withFrontier
      ? [
          `<span>${dot('tier-low on-frontier')}<svg width="26" height="14" aria-hidden="true"><path class="frontier" d="M1,11H13V3H25"/></svg> frontier</span>`,
        ]
      : []),
  ];
  return `<div class="toolbar legend">${items.join('')}</div>`;
}
