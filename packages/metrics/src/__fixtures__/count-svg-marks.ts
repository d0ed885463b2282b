/** Counting vega's SVG mark items (test helper): `<g class="mark-rect role-mark ...">` holds one element per item. */
export function countMarks(svg: string, type: 'rect' | 'line' | 'text' | 'rule' | 'symbol'): number {
  const open = new RegExp(`<g class="mark-${type} role-mark[^"]*"[^>]*>`, 'g');
  let n = 0;
  for (let m = open.exec(svg); m !== null; m = open.exec(svg)) {
    if (m[0].endsWith('/>')) continue; // an empty mark (e.g. no replica in this facet)
    const end = svg.indexOf('</g>', m.index);
    const body = svg.slice(m.index + m[0].length, end);
    n += (body.match(/<(path|line|text)\b/g) ?? []).length;
  }
  return n;
}
