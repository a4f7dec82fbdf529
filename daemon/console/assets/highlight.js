// Comment text with the n-grams that raised its hate-speech score marked in place. The explanation
// gives byte offsets into the UTF-8 text; JavaScript strings count UTF-16 units, so offsets are
// mapped first. Everything is built from text nodes: a comment's text never becomes markup.

/// For each UTF-8 byte offset that starts a character (and the end), its UTF-16 index. Widths come
/// from the code point (no encoder call per character: 50 comments a page, thousands of characters).
function byteIndex(text) {
  const map = new Map();
  let bytes = 0;
  let i = 0;
  while (i < text.length) {
    map.set(bytes, i);
    const cp = text.codePointAt(i);
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    i += cp > 0xffff ? 2 : 1;
  }
  map.set(bytes, i);
  return { map, bytes };
}

function toIndex(index, offset, forward) {
  // An offset inside a character moves to its edge.
  let b = Math.max(0, Math.min(offset, index.bytes));
  while (!index.map.has(b)) b += forward ? 1 : -1;
  return index.map.get(b);
}

/// Merged [begin, end, weight, ngrams] ranges (UTF-16 indices) of the positive contributions.
export function spans(text, explanation) {
  if (!Array.isArray(explanation) || !text) return [];
  const positive = explanation
    .filter((c) => c && c.weight > 0 && Number.isInteger(c.begin) && Number.isInteger(c.end) && c.end > c.begin);
  if (!positive.length) return [];
  const index = byteIndex(text);
  const ranges = positive
    .map((c) => [toIndex(index, c.begin, false), toIndex(index, c.end, true), c.weight, [c.ngram]])
    .filter((r) => r[1] > r[0])
    .sort((a, b) => a[0] - b[0]);
  const merged = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) { // overlapping or touching: one mark
      last[1] = Math.max(last[1], r[1]);
      last[2] = Math.max(last[2], r[2]);
      last[3].push(...r[3]);
    } else {
      merged.push(r);
    }
  }
  return merged;
}

/// Fills `into` with the text, each span in a <mark> whose title names its n-grams and weights.
export function renderHighlighted(into, text, explanation) {
  into.replaceChildren();
  const ranges = spans(text, explanation);
  const strongest = ranges.reduce((m, r) => Math.max(m, r[2]), 0) || 1;
  let at = 0;
  for (const [begin, end, weight, ngrams] of ranges) {
    if (begin > at) into.append(document.createTextNode(text.slice(at, begin)));
    const mark = document.createElement('mark');
    mark.textContent = text.slice(begin, end);
    mark.title = `${ngrams.join(', ')} (+${weight.toFixed(2)})`;
    mark.className = weight / strongest > 0.5 ? 'strong' : 'weak';
    into.append(mark);
    at = end;
  }
  if (at < text.length) into.append(document.createTextNode(text.slice(at)));
}
