// Durations, in milliseconds throughout:
// - Go's time.ParseDuration and Duration.String(), as every component's duration flags and
//   configuration files take them ("300ms", "1.5h", "2h45m", "-1.5h", "0").
// - Human-readable durations as kubectl and the API server's table printers show them
//   (k8s.io/apimachinery/pkg/util/duration): "5s", "2m3s", "3h4m", "5d2h", "2y45d"; like Go's int()
//   conversions, every unit truncates toward zero.
import { parseGoDuration, formatGoDuration } from './goduration.js';

export { parseGoDuration as parseDuration, formatGoDuration as formatDuration };

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Go's int(d / unit): truncation toward zero. */
function whole(ms: number, unit: number): number {
  return Math.trunc(ms / unit);
}

/**
 * HumanDuration: more precise than ShortHumanDuration for young objects ("2m3s", "3h4m", "5d2h").
 * Up to 2s in the future counts as "now" (clock skew); further in the future is "<invalid>".
 */
export function humanDuration(ms: number): string {
  const seconds = whole(ms, SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;

  const minutes = whole(ms, MINUTE);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;

  const hours = whole(ms, HOUR);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    const days = Math.trunc(hours / 24);
    return h === 0 ? `${days}d` : `${days}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const days = Math.trunc(hours / 24);
    const dy = days % 365;
    const years = Math.trunc(days / 365);
    return dy === 0 ? `${years}y` : `${years}y${dy}d`;
  }
  return `${Math.trunc(hours / 24 / 365)}y`;
}

/** ShortHumanDuration: a single unit ("45s", "12m", "5h", "30d", "2y"). */
export function shortHumanDuration(ms: number): string {
  const seconds = whole(ms, SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60) return `${seconds}s`;
  const minutes = whole(ms, MINUTE);
  if (minutes < 60) return `${minutes}m`;
  const hours = whole(ms, HOUR);
  if (hours < 24) return `${hours}h`;
  if (hours < 24 * 365) return `${Math.trunc(hours / 24)}d`;
  return `${Math.trunc(hours / 24 / 365)}y`;
}

/**
 * Age of a timestamp as the table printers show it (translateTimestampSince): "<unknown>" when the
 * timestamp is missing or unparsable, otherwise humanDuration(now - timestamp).
 */
export function timestampSince(timestamp: string | Date | undefined | null, now: Date): string {
  if (timestamp === undefined || timestamp === null || timestamp === '') return '<unknown>';
  const t = timestamp instanceof Date ? timestamp.getTime() : Date.parse(timestamp);
  if (Number.isNaN(t)) return '<unknown>';
  return humanDuration(now.getTime() - t);
}
