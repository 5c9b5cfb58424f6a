import { dirname, resolve } from 'node:path';
import { readChecked } from './files.ts';

/** The largest image a figure may show: a map or a photograph for print is a few megabytes. */
export const MAX_IMAGE_BYTES = 10 * 2 ** 20;

/** The kinds of image a figure may show, by their media type. */
export type ImageType = 'image/png' | 'image/jpeg' | 'image/svg+xml';

/**
 * What an image is, by its content, not its name: PNG and JPEG by their first
 * bytes, SVG by an `<svg` root element (after an XML declaration, comments, a
 * doctype and white space). Anything else is undefined.
 */
export function imageType(bytes: Uint8Array): ImageType | undefined {
  const head = Buffer.from(bytes.subarray(0, 8));
  if (head.equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  const text = Buffer.from(bytes.subarray(0, 4096))
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  const prolog = /^(?:\s+|<\?xml[^>]*\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>[]*(?:\[[^\]]*\])?\s*>)*/i.exec(text)![0];
  return /^<svg[\s>/]/.test(text.slice(prolog.length)) ? 'image/svg+xml' : undefined;
}

/** A figure's image, as the page embeds it: a data: URL, so that printing loads nothing. Undefined when it cannot be read or is no image. */
export function imageDataUrl(file: string, sourcesDir: string): string | undefined {
  const read = readChecked(file, sourcesDir, MAX_IMAGE_BYTES);
  if (!('bytes' in read)) return undefined;
  const type = imageType(read.bytes);
  return type && `data:${type};base64,${read.bytes.toString('base64')}`;
}

/**
 * The figures with an image (`figur: { bild: … }`) anywhere in a source's
 * data, each with its image's absolute path (`bild` is relative to the
 * source's folder). The data need not be valid: what is not a figure with a
 * path is passed over.
 */
export function figureImages(data: unknown, sourceFile: string): Array<{ figur: object; file: string }> {
  const found: Array<{ figur: object; file: string }> = [];
  const walk = (value: unknown): void => {
    // Objects and arrays alike: an array's items are its values.
    if (typeof value !== 'object' || value === null) return;
    const figur = (value as { figur?: unknown }).figur;
    if (typeof figur === 'object' && figur !== null && typeof (figur as { bild?: unknown }).bild === 'string') {
      found.push({ figur, file: resolve(dirname(sourceFile), (figur as { bild: string }).bild) });
    }
    Object.values(value).forEach(walk);
  };
  walk(data);
  return found;
}
