// Contour lines of a gridded function by marching squares.
//
// The grid is row-major, `nx` columns × `ny` rows, values sampled at cell centres. Each 2 × 2
// block of samples whose corners straddle the level contributes one or two straight segments,
// with end points placed on the block's edges by linear interpolation. Coordinates are returned
// in grid units: (col, row) of the samples, fractional in between.

/**
 * Segments of the level set {f = level}: a flat Float64Array [x1, y1, x2, y2, ...] in grid units
 * (x = column, y = row). Non-finite samples are skipped (their blocks draw nothing).
 */
export function contourSegments(data, nx, ny, level) {
  const out = [];
  const lerp = (a, b) => (level - a) / (b - a);
  for (let r = 0; r + 1 < ny; r++) {
    for (let c = 0; c + 1 < nx; c++) {
      const tl = data[r * nx + c], tr = data[r * nx + c + 1];
      const bl = data[(r + 1) * nx + c], br = data[(r + 1) * nx + c + 1];
      if (!(Number.isFinite(tl) && Number.isFinite(tr) && Number.isFinite(bl) && Number.isFinite(br))) continue;
      const code = (tl > level ? 8 : 0) | (tr > level ? 4 : 0) | (br > level ? 2 : 0) | (bl > level ? 1 : 0);
      if (code === 0 || code === 15) continue;
      // Crossing points on the four edges (only the ones used are meaningful).
      const top = () => [c + lerp(tl, tr), r];
      const right = () => [c + 1, r + lerp(tr, br)];
      const bottom = () => [c + lerp(bl, br), r + 1];
      const left = () => [c, r + lerp(tl, bl)];
      const seg = (p, q) => out.push(p[0], p[1], q[0], q[1]);
      switch (code) {
        case 1: case 14: seg(left(), bottom()); break;
        case 2: case 13: seg(bottom(), right()); break;
        case 3: case 12: seg(left(), right()); break;
        case 4: case 11: seg(top(), right()); break;
        case 6: case 9: seg(top(), bottom()); break;
        case 7: case 8: seg(left(), top()); break;
        case 5: case 10: {
          // Saddle: the block's mean decides which diagonal pair is connected.
          const above = (tl + tr + br + bl) / 4 > level;
          if ((code === 5) === above) { seg(left(), top()); seg(bottom(), right()); }
          else { seg(left(), bottom()); seg(top(), right()); }
          break;
        }
        default: break;
      }
    }
  }
  return Float64Array.from(out);
}
