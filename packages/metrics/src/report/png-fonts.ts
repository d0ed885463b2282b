/**
 * The font files the PNG rasteriser loads. resvg does not use fontconfig: with
 * system fonts it resolves "Helvetica, Arial, ..." on its own and, when the
 * first families are absent, can land on a serif face. So the PNGs load
 * Liberation Sans (metric-compatible with Arial/Helvetica, the widths vega
 * lays text out with) and DejaVu Sans (wide glyph coverage: °, ×, −, arrows)
 * from their installed files and map every generic family to them; only when
 * neither is installed does resvg fall back to the system's fonts (`found`
 * false, and the report says so).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

/** Where Debian/Ubuntu (fonts-liberation, fonts-liberation2, fonts-dejavu-core), Fedora and Arch put them. */
const FONT_DIRS = [
  '/usr/share/fonts/truetype/liberation',
  '/usr/share/fonts/truetype/liberation2',
  '/usr/share/fonts/liberation-sans',
  '/usr/share/fonts/liberation',
  '/usr/share/fonts/TTF',
  '/usr/share/fonts/truetype/dejavu',
  '/usr/share/fonts/dejavu-sans-fonts',
  '/usr/share/fonts/dejavu',
];

const FAMILIES = [
  {
    family: 'Liberation Sans',
    files: [
      'LiberationSans-Regular.ttf',
      'LiberationSans-Bold.ttf',
      'LiberationSans-Italic.ttf',
      'LiberationSans-BoldItalic.ttf',
    ],
  },
  {
    family: 'DejaVu Sans',
    files: ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSans-Oblique.ttf', 'DejaVuSans-BoldOblique.ttf'],
  },
] as const;

export interface PngFonts {
  /** Font files found, Liberation Sans first. */
  readonly files: readonly string[];
  /** The family every generic name (sans-serif, serif, default) maps to; undefined when none was found. */
  readonly family: string | undefined;
  readonly found: boolean;
}

/** Font files of the first directory holding each family's regular face (`dirs` for tests). */
export function findPngFonts(dirs: readonly string[] = FONT_DIRS): PngFonts {
  const files: string[] = [];
  let family: string | undefined;
  for (const f of FAMILIES) {
    const dir = dirs.find((d) => existsSync(path.join(d, f.files[0])));
    if (dir === undefined) continue;
    family ??= f.family;
    for (const name of f.files) {
      const file = path.join(dir, name);
      if (existsSync(file)) files.push(file);
    }
  }
  return { files, family, found: family !== undefined };
}

let cached: PngFonts | undefined;
export function pngFonts(): PngFonts {
  cached ??= findPngFonts();
  return cached;
}
