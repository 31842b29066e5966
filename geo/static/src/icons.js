/**
 * icons.js — the control icons: constant SVG markup (no payload text), shown through dom.svgHolder.
 */

export const ICONS = {
  play: '<svg viewBox="0 0 20 20" width="20" height="20" focusable="false"><path d="M6 3.5 L16.5 10 L6 16.5 Z" fill="currentColor"/></svg>',
  pause: '<svg viewBox="0 0 20 20" width="20" height="20" focusable="false"><rect x="4.5" y="3.5" width="4" height="13" fill="currentColor"/><rect x="11.5" y="3.5" width="4" height="13" fill="currentColor"/></svg>',
  layers: '<svg viewBox="0 0 20 20" width="20" height="20" focusable="false"><path d="M10 2.5 L18 6.5 L10 10.5 L2 6.5 Z" fill="currentColor"/><path d="M3.6 9.6 L10 12.8 L16.4 9.6 L18 10.4 L10 14.4 L2 10.4 Z" fill="currentColor"/><path d="M3.6 13.1 L10 16.3 L16.4 13.1 L18 13.9 L10 17.9 L2 13.9 Z" fill="currentColor"/></svg>',
  list: '<svg viewBox="0 0 20 20" width="20" height="20" focusable="false"><path d="M3 4.5 H5 M7.5 4.5 H17 M3 10 H5 M7.5 10 H17 M3 15.5 H5 M7.5 15.5 H17" stroke="currentColor" stroke-width="2.2" fill="none"/></svg>',
  chevron: '<svg viewBox="0 0 12 12" width="12" height="12" focusable="false"><path d="M2.5 4.5 L6 8 L9.5 4.5" stroke="currentColor" stroke-width="1.8" fill="none"/></svg>',
  prev: '<svg viewBox="0 0 20 20" width="20" height="20" focusable="false"><path d="M12.5 4 L6.5 10 L12.5 16" stroke="currentColor" stroke-width="2.4" fill="none" stroke-linecap="round" stroke-linejoin="round"/></svg>',
  next: '<svg viewBox="0 0 20 20" width="20" height="20" focusable="false"><path d="M7.5 4 L13.5 10 L7.5 16" stroke="currentColor" stroke-width="2.4" fill="none" stroke-linecap="round" stroke-linejoin="round"/></svg>',
  book: '<svg viewBox="0 0 20 20" width="20" height="20" focusable="false"><path d="M2 4.2 C4.6 3.2 7.3 3.3 9.3 4.8 V17 C7.3 15.6 4.6 15.5 2 16.4 Z M18 4.2 C15.4 3.2 12.7 3.3 10.7 4.8 V17 C12.7 15.6 15.4 15.5 18 16.4 Z" fill="currentColor"/></svg>',
  ruler: '<svg viewBox="0 0 20 20" width="20" height="20" focusable="false"><path d="M2.2 13.6 L13.6 2.2 L17.8 6.4 L6.4 17.8 Z" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round"/><path d="M5.6 10.2 L7.4 12 M8 7.8 L9.8 9.6 M10.4 5.4 L12.2 7.2" stroke="currentColor" stroke-width="1.6"/></svg>',
  present: '<svg viewBox="0 0 20 20" width="20" height="20" focusable="false"><path d="M2.5 7 V2.5 H7 M13 2.5 H17.5 V7 M17.5 13 V17.5 H13 M7 17.5 H2.5 V13" stroke="currentColor" stroke-width="2.2" fill="none"/></svg>',
  unpresent: '<svg viewBox="0 0 20 20" width="20" height="20" focusable="false"><path d="M7 2.5 V7 H2.5 M17.5 7 H13 V2.5 M13 17.5 V13 H17.5 M2.5 13 H7 V17.5" stroke="currentColor" stroke-width="2.2" fill="none"/></svg>',
  gear: '<svg viewBox="0 0 20 20" width="18" height="18" focusable="false"><path d="M10 1.8 V4.4 M10 15.6 V18.2 M1.8 10 H4.4 M15.6 10 H18.2 M4.2 4.2 L6 6 M14 14 L15.8 15.8 M15.8 4.2 L14 6 M6 14 L4.2 15.8" stroke="currentColor" stroke-width="2.4" stroke-linecap="round"/><circle cx="10" cy="10" r="5" fill="none" stroke="currentColor" stroke-width="2"/><circle cx="10" cy="10" r="1.8" fill="currentColor"/></svg>',
  close: '<svg viewBox="0 0 20 20" width="18" height="18" focusable="false"><path d="M5 5 L15 15 M15 5 L5 15" stroke="currentColor" stroke-width="2.2" stroke-linecap="round"/></svg>',
};
