// A dependency-free SVG chart: the concurrency sweep's requests/s per path, grouped by level.
const COLORS = { bare: '#9aa0a6', alltokens: '#1a73e8', portkey: '#e8710a' };
const NAMES = { bare: 'bare mock', alltokens: 'AllTokens', portkey: 'Portkey' };

export function sweepChart(sweep) {
  const width = 720;
  const height = 360;
  const pad = { left: 60, right: 20, top: 40, bottom: 50 };
  const ids = Object.keys(COLORS);
  const max = Math.max(1, ...sweep.flatMap((row) => ids.map((id) => row[id]?.rps ?? 0)));
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const groupW = plotW / sweep.length;
  const barW = (groupW * 0.8) / ids.length;
  const y = (v) => pad.top + plotH - (v / max) * plotH;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${width / 2}" y="20" text-anchor="middle" font-size="14">Requests/s by concurrency, 20 ms upstream</text>`,
  ];
  for (let i = 0; i <= 4; i += 1) {
    const v = (max * i) / 4;
    parts.push(`<line x1="${pad.left}" x2="${width - pad.right}" y1="${y(v)}" y2="${y(v)}" stroke="#eee"/>`);
    parts.push(`<text x="${pad.left - 6}" y="${y(v) + 4}" text-anchor="end">${Math.round(v)}</text>`);
  }
  sweep.forEach((row, g) => {
    const x0 = pad.left + g * groupW + groupW * 0.1;
    ids.forEach((id, k) => {
      const v = row[id]?.rps ?? 0;
      parts.push(`<rect x="${x0 + k * barW}" y="${y(v)}" width="${barW - 2}" height="${pad.top + plotH - y(v)}" fill="${COLORS[id]}"/>`);
    });
    parts.push(`<text x="${x0 + (barW * ids.length) / 2}" y="${height - pad.bottom + 16}" text-anchor="middle">c=${row.connections}</text>`);
  });
  ids.forEach((id, k) => {
    const x = pad.left + k * 130;
    parts.push(`<rect x="${x}" y="${height - 20}" width="12" height="12" fill="${COLORS[id]}"/>`);
    parts.push(`<text x="${x + 16}" y="${height - 10}">${NAMES[id]}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}
