/**
 * Colours of runs. Runs drawn together (a comparison, a chart's groups) get colours by their place in the set:
 * a qualitative palette whose colours stay far apart on white, then hues a golden angle apart with lightness and
 * saturation varied, so that neighbours in the set never share a colour. A run on its own, or in a long list, gets a
 * colour from a hash of its name, the same on every page.
 * Pure: no DOM, tested with node --test.
 */

/** Tableau 10, with its yellow darkened to read on white. */
export const PALETTE = [
  '#4e79a7', '#f28e2b', '#e15759', '#59a14f', '#b07aa1', '#76b7b2', '#c49b1b', '#ff9da7', '#9c755f', '#5f6b73',
];

/** 32-bit FNV-1a of the name's UTF-16 code units, then MurmurHash3's finaliser to spread close names apart. */
export function hashName(name) {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const LIGHTNESS = [42, 50, 35];
const SATURATION = [72, 62, 82];

/** The hashed colour's hue (0-359), saturation and lightness (percent). */
export function colorParts(name) {
  const h = hashName(name);
  const hue = h % 360;
  const pale = hue >= 45 && hue <= 200;
  const lightness = LIGHTNESS[(h >>> 9) % 3] - (pale ? 8 : 0);
  const saturation = SATURATION[(h >>> 13) % 3];
  return {hue, saturation, lightness};
}

function hsl({hue, saturation, lightness}, alpha = 1) {
  return alpha === 1
    ? `hsl(${hue}, ${saturation}%, ${lightness}%)`
    : `hsla(${hue}, ${saturation}%, ${lightness}%, ${alpha})`;
}

/** The hashed CSS colour of a run, optionally with an alpha (0-1). */
export function tcColor(name, alpha = 1) {
  return hsl(colorParts(name), alpha);
}

/** The colour of the i-th member (0-based) of a set drawn together. */
export function setColorParts(i) {
  if (i < PALETTE.length) {
    return hexToHsl(PALETTE[i]);
  }
  const k = i - PALETTE.length;
  const hue = Math.round((k * 137.508 + 17) % 360);
  const pale = hue >= 45 && hue <= 200;
  return {hue, saturation: SATURATION[k % 3], lightness: LIGHTNESS[Math.floor(k / 3) % 3] - (pale ? 8 : 0)};
}

/** Colours for the members of a set, by their order: name -> function(alpha) giving the CSS colour. */
export function colorsFor(names) {
  const colors = new Map();
  names.forEach((name, i) => {
    const parts = setColorParts(i);
    colors.set(name, (alpha = 1) => hsl(parts, alpha));
  });
  return colors;
}

export function hexToHsl(hex) {
  const r = parseInt(hex.slice(1, 3), 16) / 255;
  const g = parseInt(hex.slice(3, 5), 16) / 255;
  const b = parseInt(hex.slice(5, 7), 16) / 255;
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const l = (max + min) / 2;
  let h = 0;
  let s = 0;
  if (max !== min) {
    const d = max - min;
    s = l > 0.5 ? d / (2 - max - min) : d / (max + min);
    if (max === r) {
      h = (g - b) / d + (g < b ? 6 : 0);
    } else if (max === g) {
      h = (b - r) / d + 2;
    } else {
      h = (r - g) / d + 4;
    }
    h *= 60;
  }
  return {hue: Math.round(h), saturation: Math.round(s * 100), lightness: Math.round(l * 100)};
}
