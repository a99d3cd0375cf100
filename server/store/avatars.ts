import { createHash } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../errors';

/** Avatars larger than this are refused (413 `too_large`). */
export const AVATAR_MAX_BYTES = 256 * 1024;

export type ImageType = { ext: 'png' | 'jpg' | 'webp' | 'gif'; mime: string };

const TYPES: Record<ImageType['ext'], string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
};

/** A stored avatar's file name: its content hash and extension (what `GET /avatars/:file` accepts). */
export const AVATAR_FILE = /^[0-9a-f]{64}\.(png|jpg|webp|gif)$/;

export const mimeOfAvatar = (ext: string): string | undefined => (ext in TYPES ? TYPES[ext as ImageType['ext']] : undefined);

/**
 * The image type from the file's first bytes (magic numbers), never from the Content-Type the
 * client sent: PNG, JPEG, WebP and GIF only. SVG (which can carry script) and anything else: null.
 */
export function imageType(bytes: Uint8Array): ImageType | null {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  const ascii = (at: number, text: string) => [...text].every((c, i) => bytes[at + i] === c.charCodeAt(0));
  let ext: ImageType['ext'] | null = null;
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) ext = 'png';
  else if (starts(0xff, 0xd8, 0xff)) ext = 'jpg';
  else if (ascii(0, 'GIF87a') || ascii(0, 'GIF89a')) ext = 'gif';
  else if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) ext = 'webp';
  return ext === null ? null : { ext, mime: TYPES[ext] };
}

/**
 * Checks and stores an uploaded avatar in `dataDir/avatars/<sha256>.<ext>` and returns its URL
 * path (`/avatars/<file>`). Content-addressed: the same image is one file, and a URL never
 * changes meaning, so it may be cached for good.
 */
export async function saveAvatar(dataDir: string, body: unknown): Promise<string> {
  if (!Buffer.isBuffer(body) || body.length === 0) {
    throw new AppError('unsupported_image', 415, 'Send the image itself as the request body (PNG, JPEG, WebP or GIF).');
  }
  if (body.length > AVATAR_MAX_BYTES) throw new AppError('too_large', 413, 'The image is larger than 256 KB.');
  const type = imageType(body);
  if (type === null) {
    throw new AppError('unsupported_image', 415, 'Use a PNG, JPEG, WebP or GIF image (SVG and other files are not accepted).');
  }
  const file = `${createHash('sha256').update(body).digest('hex')}.${type.ext}`;
  const dir = join(dataDir, 'avatars');
  await mkdir(dir, { recursive: true });
  // Written aside then renamed: a reader never sees half a file under its final name.
  const temp = join(dir, `.${file}.${process.pid}.${Date.now()}`);
  await writeFile(temp, body);
  await rename(temp, join(dir, file));
  return `/avatars/${file}`;
}
