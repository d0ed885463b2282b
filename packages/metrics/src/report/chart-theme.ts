/**
 * The look of every figure: sizes a two-column paper can take at 100 %, a
 * Helvetica-like font (Liberation Sans is metric-compatible with Arial when
 * Helvetica is absent), light grids, titles left-aligned.
 */
import type { Config } from 'vega-lite';

export const PAPER_FONT = 'Helvetica, Arial, "Liberation Sans", "DejaVu Sans", sans-serif';

export const PAPER_CONFIG: Config = {
  font: PAPER_FONT,
  background: 'white',
  padding: 8,
  title: {
    fontSize: 14,
    fontWeight: 'bold',
    anchor: 'start',
    frame: 'group',
    subtitleFontSize: 11,
    subtitleColor: '#555555',
    offset: 8,
  },
  axis: {
    labelFontSize: 11,
    titleFontSize: 12,
    titleFontWeight: 'normal',
    gridColor: '#e8e8e8',
    domainColor: '#333333',
    tickColor: '#333333',
    labelColor: '#222222',
    titleColor: '#111111',
  },
  legend: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: 'bold', symbolStrokeWidth: 2.5, symbolSize: 120 },
  header: { labelFontSize: 12, labelFontWeight: 'bold', titleFontSize: 12 },
  view: { stroke: '#bbbbbb' },
  line: { strokeWidth: 1.6 },
  concat: { spacing: 24 },
};
