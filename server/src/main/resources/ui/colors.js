/**
 * A stable colour per trial component: the same name gives the same colour on every page and after every reload.
 * The hue comes from a hash of the name; lightness and saturation vary a little too, so that close hues are still
 * told apart. Hues that are pale on white (yellow to cyan) are drawn darker.
 */

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

/** The colour's hue (0-359), saturation and lightness (percent). */
export function colorParts(name) {
  const h = hashName(name);
  const hue = h % 360;
  const pale = hue >= 45 && hue <= 200;
  const lightness = LIGHTNESS[(h >>> 9) % 3] - (pale ? 8 : 0);
  const saturation = SATURATION[(h >>> 13) % 3];
  return {hue, saturation, lightness};
}

/** The CSS colour of a trial component, optionally with an alpha (0-1). */
export function tcColor(name, alpha = 1) {
  const {hue, saturation, lightness} = colorParts(name);
  return alpha === 1
    ? `hsl(${hue}, ${saturation}%, ${lightness}%)`
    : `hsla(${hue}, ${saturation}%, ${lightness}%, ${alpha})`;
}
