/**
 * A small ICC v2 display profile for sRGB (IEC 61966-2.1), built from the
 * published constants: the sRGB primaries adapted to the D50 connection space
 * (Bradford) and the real sRGB tone curve. PDF/A needs an output intent with
 * such a profile; building it here avoids shipping a binary of unclear licence.
 */
export function srgbProfile(): Uint8Array {
  profile ??= buildProfile();
  return profile;
}

let profile: Uint8Array | undefined;

function buildProfile(): Uint8Array {
  const tags: Array<[string, Uint8Array]> = [
    ['desc', textDescription('sRGB IEC61966-2.1')],
    ['cprt', text('No copyright, use freely')],
    ['wtpt', xyz(0.9505, 1.0, 1.089)],
    ['rXYZ', xyz(0.4360747, 0.2225045, 0.0139322)],
    ['gXYZ', xyz(0.3850649, 0.7168786, 0.0971045)],
    ['bXYZ', xyz(0.1430804, 0.0606169, 0.7141733)],
    ['rTRC', curve()],
    ['gTRC', curve()],
    ['bTRC', curve()],
  ];
  const tableSize = 4 + tags.length * 12;
  let offset = align(128 + tableSize);
  const entries = tags.map(([signature, data]) => {
    const entry = { signature, data, offset };
    offset = align(offset + data.length);
    return entry;
  });
  const bytes = new Uint8Array(offset);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, offset);
  view.setUint32(8, 0x02100000); // version 2.1
  ascii(bytes, 12, 'mntr');
  ascii(bytes, 16, 'RGB ');
  ascii(bytes, 20, 'XYZ ');
  for (const [i, n] of [2026, 1, 1, 0, 0, 0].entries()) view.setUint16(24 + i * 2, n);
  ascii(bytes, 36, 'acsp');
  fixed(view, 68, 0.9642);
  fixed(view, 72, 1.0);
  fixed(view, 76, 0.8249);
  view.setUint32(128, tags.length);
  entries.forEach((e, i) => {
    ascii(bytes, 132 + i * 12, e.signature);
    view.setUint32(136 + i * 12, e.offset);
    view.setUint32(140 + i * 12, e.data.length);
    bytes.set(e.data, e.offset);
  });
  return bytes;
}

function align(n: number): number {
  return Math.ceil(n / 4) * 4;
}

function ascii(bytes: Uint8Array, at: number, text: string): void {
  for (let i = 0; i < text.length; i++) bytes[at + i] = text.charCodeAt(i);
}

function fixed(view: DataView, at: number, value: number): void {
  view.setInt32(at, Math.round(value * 65536));
}

function xyz(x: number, y: number, z: number): Uint8Array {
  const bytes = new Uint8Array(20);
  const view = new DataView(bytes.buffer);
  ascii(bytes, 0, 'XYZ ');
  for (const [i, v] of [x, y, z].entries()) fixed(view, 8 + i * 4, v);
  return bytes;
}

/** The sRGB transfer function sampled at 1024 points, linear segment included. */
function curve(): Uint8Array {
  const points = 1024;
  const bytes = new Uint8Array(12 + points * 2);
  const view = new DataView(bytes.buffer);
  ascii(bytes, 0, 'curv');
  view.setUint32(8, points);
  for (let i = 0; i < points; i++) {
    const v = i / (points - 1);
    const linear = v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    view.setUint16(12 + i * 2, Math.round(linear * 65535));
  }
  return bytes;
}

function text(value: string): Uint8Array {
  const bytes = new Uint8Array(8 + value.length + 1);
  ascii(bytes, 0, 'text');
  ascii(bytes, 8, value);
  return bytes;
}

function textDescription(value: string): Uint8Array {
  const bytes = new Uint8Array(12 + value.length + 1 + 4 + 4 + 2 + 1 + 67);
  const view = new DataView(bytes.buffer);
  ascii(bytes, 0, 'desc');
  view.setUint32(8, value.length + 1);
  ascii(bytes, 12, value);
  return bytes;
}
