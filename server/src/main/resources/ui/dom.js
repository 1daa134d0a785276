/**
 * A small element builder: every text goes in through textContent or attributes, never as HTML.
 *
 * el('a', {class: 'open', href: url}, 'text', child) — attribute values of null/undefined/false are left out;
 * `dataset` takes an object of data-* values.
 */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value == null || value === false) {
      continue;
    }
    if (key === 'dataset') {
      Object.assign(node.dataset, value);
    } else if (key === 'class') {
      node.className = value;
    } else {
      node.setAttribute(key, value === true ? '' : String(value));
    }
  }
  for (const child of children) {
    if (child == null || child === false) {
      continue;
    }
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Sets an element's text only when it changed (keeps the DOM quiet during refreshes). */
export function setText(node, text) {
  const value = String(text);
  if (node.textContent !== value) {
    node.textContent = value;
  }
}

/** Sets a data-* attribute only when it changed. */
export function setData(node, key, value) {
  const text = String(value);
  if (node.dataset[key] !== text) {
    node.dataset[key] = text;
  }
}
