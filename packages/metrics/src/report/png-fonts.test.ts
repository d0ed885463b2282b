import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findPngFonts, pngFonts } from './png-fonts.js';
import { pngOptions, svgToPng } from './render.js';

describe('PNG fonts', () => {
  it('finds Liberation Sans first, DejaVu Sans as well, each in its own directory', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'tasmoe-fonts-'));
    try {
      const lib = path.join(root, 'liberation');
      const dv = path.join(root, 'dejavu');
      mkdirSync(lib);
      mkdirSync(dv);
      for (const f of ['LiberationSans-Regular.ttf', 'LiberationSans-Bold.ttf']) writeFileSync(path.join(lib, f), '');
      writeFileSync(path.join(dv, 'DejaVuSans.ttf'), '');
      const found = findPngFonts([path.join(root, 'none'), dv, lib]);
      expect(found.family).toBe('Liberation Sans');
      expect(found.files).toEqual([
        path.join(lib, 'LiberationSans-Regular.ttf'),
        path.join(lib, 'LiberationSans-Bold.ttf'),
        path.join(dv, 'DejaVuSans.ttf'),
      ]);
      expect(findPngFonts([dv]).family).toBe('DejaVu Sans');
      expect(findPngFonts([path.join(root, 'none')])).toEqual({ files: [], family: undefined, found: false });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('the rasteriser loads only those files and maps serif and sans-serif to them', () => {
    const fonts = pngFonts();
    const font = pngOptions(1).font;
    if (!fonts.found) {
      expect(font).toEqual({ loadSystemFonts: true });
      return;
    }
    expect(font).toMatchObject({
      loadSystemFonts: false,
      defaultFontFamily: fonts.family,
      sansSerifFamily: fonts.family,
      serifFamily: fonts.family,
    });
  });

  it.skipIf(!pngFonts().found)(
    'text asking for a serif, an absent font or the paper font renders the same pixels (no serif fallback)',
    () => {
      const svg = (family: string) =>
        `<svg xmlns="http://www.w3.org/2000/svg" width="220" height="40"><text x="4" y="28" font-size="20" font-family="${family}">194.87 °C ×</text></svg>`;
      const paper = Buffer.from(
        svgToPng(svg('Helvetica, Arial, &quot;Liberation Sans&quot;, &quot;DejaVu Sans&quot;, sans-serif'), 1),
      );
      expect(Buffer.from(svgToPng(svg('serif'), 1)).equals(paper)).toBe(true);
      expect(Buffer.from(svgToPng(svg('Times New Roman'), 1)).equals(paper)).toBe(true);
      // an installed serif face is not even loaded (with the system's fonts it would be: fonts-dejavu-core ships one)
      expect(Buffer.from(svgToPng(svg('DejaVu Serif'), 1)).equals(paper)).toBe(true);
      expect(Buffer.from(svgToPng(svg(pngFonts().family ?? ''), 1)).equals(paper)).toBe(true);
    },
  );
});
