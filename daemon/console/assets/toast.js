// A short message at the bottom of the page.
let timer = null;

export function toast(message, error = false) {
  const t = document.getElementById('toast');
  t.textContent = message;
  t.classList.toggle('error', error);
  t.hidden = false;
  clearTimeout(timer);
  timer = setTimeout(() => { t.hidden = true; }, error ? 6000 : 2500);
}
