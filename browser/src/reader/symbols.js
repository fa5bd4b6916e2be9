// The map's drawn images: the marker of each kind of place, and the stripes laid over
// areas (the hatch of weakly known holders, the stripes of contested land). Drawn once
// with a canvas, at twice the CSS size, so they stay sharp on dense screens.

export const BASE_RADIUS = 8; // CSS px of a marker at icon-size 1
const RATIO = 2;

function canvas(size) {
  const node = document.createElement('canvas');
  node.width = size;
  node.height = size;
  return node.getContext('2d');
}

function polygon(context, points) {
  context.beginPath();
  points.forEach(([x, y], i) => (i ? context.lineTo(x, y) : context.moveTo(x, y)));
  context.closePath();
}

function regular(cx, cy, r, sides, rotation, inner = null) {
  const points = [];
  const count = inner ? sides * 2 : sides;
  for (let i = 0; i < count; i++) {
    const radius = inner && i % 2 ? inner : r;
    const angle = rotation + (i * 2 * Math.PI) / count;
    points.push([cx + radius * Math.cos(angle), cy + radius * Math.sin(angle)]);
  }
  return points;
}

// The same shapes as the exports' Plotly marker symbols (dashboard/style).
export function drawSymbol(symbol, fill, stroke) {
  const r = BASE_RADIUS * RATIO;
  const line = 1.4 * RATIO;
  const size = Math.ceil(2 * (r + line + 1));
  const c = size / 2;
  const context = canvas(size);
  context.lineWidth = line;
  context.lineJoin = 'round';
  context.fillStyle = fill;
  context.strokeStyle = stroke;
  const up = -Math.PI / 2;
  switch (symbol) {
    case 'star': polygon(context, regular(c, c, r * 1.15, 5, up, r * 0.5)); context.fillStyle = stroke; break;
    case 'triangle-up': polygon(context, regular(c, c + r * 0.15, r * 1.05, 3, up)); context.fillStyle = stroke; break;
    case 'square': polygon(context, regular(c, c, r * 1.1, 4, Math.PI / 4)); context.fillStyle = stroke; break;
    case 'diamond': polygon(context, regular(c, c, r * 1.1, 4, 0)); context.fillStyle = stroke; break;
    case 'hexagon': polygon(context, regular(c, c, r, 6, 0)); context.fillStyle = stroke; break;
    case 'cross': {
      const a = r * 0.35;
      polygon(context, [[c - a, c - r], [c + a, c - r], [c + a, c - a], [c + r, c - a], [c + r, c + a],
        [c + a, c + a], [c + a, c + r], [c - a, c + r], [c - a, c + a], [c - r, c + a], [c - r, c - a], [c - a, c - a]]);
      context.fillStyle = stroke;
      break;
    }
    default: context.beginPath(); context.arc(c, c, r * 0.8, 0, 2 * Math.PI);
  }
  context.fill();
  context.strokeStyle = context.fillStyle === fill ? stroke : fill;
  context.stroke();
  return { image: context.getImageData(0, 0, size, size), pixelRatio: RATIO };
}

// Stripes (`direction` 1: diagonal like "/", -1: like "\", 0: level), transparent
// between them.
export function stripesImage(pattern, direction) {
  const size = Math.round(pattern.spacing * RATIO);
  const data = new Uint8ClampedArray(size * size * 4);
  const rgb = [1, 3, 5].map((i) => parseInt(pattern.colour.slice(i, i + 2), 16));
  const half = (pattern.width * RATIO) / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const along = direction === 0 ? y : (direction > 0 ? x + y : x - y + size) % size;
      const distance = Math.min(along, size - along) / (direction === 0 ? 1 : Math.SQRT2);
      const alpha = Math.max(0, Math.min(1, half + 0.5 - distance));
      data.set([...rgb, Math.round(255 * alpha * pattern.opacity)], (y * size + x) * 4);
    }
  }
  return { image: new ImageData(data, size, size), pixelRatio: RATIO };
}
