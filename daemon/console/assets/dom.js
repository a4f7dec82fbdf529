// The two DOM helpers every view uses. Text always goes in as text (textContent), never as markup.

export const $ = (id) => document.getElementById(id);

/// A new element with its text and class, each optional.
export function el(tag, text, className) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (className) e.className = className;
  return e;
}
