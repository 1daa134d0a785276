/** Formatting of dates, durations and values for the pages. Pure: no DOM, tested with node --test. */

const pad = (n, width = 2) => String(n).padStart(width, '0');

/** "2026-01-02 00:00:19" in the browser's time zone (with ".123" when the milliseconds are not 0 and asked). */
export function formatLocalTime(ms, withMillis = false) {
  if (ms == null || !Number.isFinite(ms)) {
    return '';
  }
  const d = new Date(ms);
  const text = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} `
    + `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return withMillis && d.getMilliseconds() !== 0 ? `${text}.${pad(d.getMilliseconds(), 3)}` : text;
}

/** A number without float noise in its last digits, for axis ticks and durations (not for exact values). */
function tidy(n) {
  return String(Number(n.toPrecision(12)));
}

/** A duration in seconds as "45s", "1.5s", "5m 30s", "2h 05m", "3d 04h". */
export function formatDuration(seconds) {
  if (seconds == null || !Number.isFinite(seconds)) {
    return '';
  }
  const sign = seconds < 0 ? '-' : '';
  let s = Math.abs(seconds);
  if (s < 60) {
    return `${sign}${tidy(s)}s`;
  }
  s = Math.round(s);
  const days = Math.floor(s / 86400);
  const hours = Math.floor((s % 86400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const secs = s % 60;
  if (days > 0) {
    return `${sign}${days}d` + (hours || minutes ? ` ${pad(hours)}h` : '') + (minutes ? ` ${pad(minutes)}m` : '');
  }
  if (hours > 0) {
    return `${sign}${hours}h` + (minutes || secs ? ` ${pad(minutes)}m` : '') + (secs ? ` ${pad(secs)}s` : '');
  }
  return `${sign}${minutes}m` + (secs ? ` ${pad(secs)}s` : '');
}

/** A duration in milliseconds: "250 ms", "2s", "1m 30s"… */
export function formatMillis(ms) {
  return ms < 1000 ? `${ms} ms` : formatDuration(ms / 1000);
}

/** A count of steps: "1 step", "1,000 steps". */
export function formatSteps(n) {
  return `${n.toLocaleString('en-US')} ${n === 1 ? 'step' : 'steps'}`;
}

/** A value exactly as stored (the shortest text that reads back as the same double), or "" when there is none. */
export function exact(value) {
  return value == null ? '' : String(value);
}

/**
 * A value for reading at a glance: four significant digits ("0.1235", "12.35"), whole numbers from 1,000 on
 * ("12346"), exponents for the very small and very large ("6.169e-10", "3.2e+7"). The exact value goes in a
 * tooltip (exact()) and in every CSV.
 */
export function formatValue(value) {
  if (value == null || Number.isNaN(value)) {
    return '';
  }
  if (!Number.isFinite(value)) {
    return value > 0 ? '∞' : '-∞';
  }
  const abs = Math.abs(value);
  if (abs === 0) {
    return '0';
  }
  if (abs >= 1e6 || abs < 1e-3) {
    const [mantissa, exponent] = value.toExponential(3).split('e');
    return `${String(Number(mantissa))}e${exponent}`;
  }
  if (abs >= 1000) {
    return String(Math.round(value));
  }
  return String(Number(value.toPrecision(4)));
}

/** The browser's offset from UTC at that moment, as "UTC", "UTC+01:00" or "UTC-05:30". */
export function zoneLabel(ms = Date.now()) {
  const offset = -new Date(ms).getTimezoneOffset();
  if (offset === 0) {
    return 'UTC';
  }
  const sign = offset > 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return `UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** A local time with its zone: "2026-01-02 00:00:19 UTC+01:00". */
export function formatZonedTime(ms, withMillis = false) {
  const text = formatLocalTime(ms, withMillis);
  return text ? `${text} ${zoneLabel(ms)}` : '';
}

/**
 * Tick labels of a wall-time axis (epoch ms), 24-hour and ISO-like: the date where it changes (and on the first
 * tick), the time as precise as the tick spacing needs.
 */
export function timeTicks(splits, incrMs) {
  let lastDay = null;
  return splits.map((ms) => {
    if (ms == null) {
      return '';
    }
    const d = new Date(ms);
    const day = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
    const newDay = day !== lastDay;
    lastDay = day;
    if (incrMs >= 86400000) {
      return day;
    }
    let time = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
    if (incrMs < 60000) {
      time += `:${pad(d.getSeconds())}`;
    }
    if (incrMs < 1000) {
      time += `.${pad(d.getMilliseconds(), 3)}`;
    }
    return newDay ? `${day.slice(5)} ${time}` : time;
  });
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const NAMED_ESCAPES = {'\t': '\\t', '\n': '\\n', '\r': '\\r'};

/**
 * A metric name as the page shows it: control characters (which the API lets through: only line breaks are refused)
 * escaped as \t or \u001b, so that the name on screen says what is stored.
 */
export function printable(name) {
  return String(name).replace(CONTROL,
    (c) => NAMED_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
